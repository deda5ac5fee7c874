// Type guards for values parsed from JSON or query strings, which are `unknown` until checked.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exact membership: the number 2 is a priority, the string "2" is not. */
export function isOneOf<T>(values: readonly T[], value: unknown): value is T {
  return values.includes(value as T);
}

/** Optional body fields count as not sent when missing or null, as JSON clients send both. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

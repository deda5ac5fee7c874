export interface RateLimit {
  /** Requests allowed in any window. */
  readonly requests: number;
  readonly windowMs: number;
}

const FORMAT = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*s\s*$/;

/** Parses `<requests>/<seconds>s`, e.g. `90/30s`; undefined when malformed. */
export function parseRateLimit(text: string): RateLimit | undefined {
  const match = FORMAT.exec(text);
  if (!match) return undefined;
  const requests = Number(match[1]);
  const windowMs = Math.round(Number(match[2]) * 1000);
  if (!Number.isSafeInteger(requests) || requests < 1 || windowMs < 1) return undefined;
  return { requests, windowMs };
}

export function formatRateLimit({ requests, windowMs }: RateLimit): string {
  return `${requests}/${windowMs / 1000}s`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses an ISO 8601 date (`2026-01-31`) or date-time with a zone; undefined otherwise. */
export function parseIsoDate(text: string): Date | undefined {
  if (!DATE.test(text) && !DATE_TIME.test(text)) return undefined;
  const date = new Date(DATE.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject dates the Date parser silently rolls over, e.g. 2026-02-31.
  if (date.toISOString().slice(0, 10) !== text.slice(0, 10) && !/[+-]\d{2}:\d{2}$/.test(text)) return undefined;
  return date;
}

export interface DateRange {
  start: Date;
  end: Date;
}

/**
 * The range a query covers: end defaults to now, start to `defaultDays` before end.
 * Returns a message naming the field when the range is not allowed.
 */
export function resolveRange(
  startText: string | undefined,
  endText: string | undefined,
  now: Date,
  { defaultDays, maxDays }: { defaultDays: number; maxDays: number },
): DateRange | string {
  const end = endText === undefined ? now : parseIsoDate(endText);
  if (!end) return `endDate "${endText}" is not an ISO 8601 date: use e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`;
  const start = startText === undefined ? new Date(end.getTime() - defaultDays * DAY_MS) : parseIsoDate(startText);
  if (!start) return `startDate "${startText}" is not an ISO 8601 date: use e.g. 2026-01-01 or 2026-01-01T00:00:00Z.`;
  if (end <= start) return `endDate (${end.toISOString()}) must be after startDate (${start.toISOString()}); endDate is exclusive.`;
  if (end.getTime() - start.getTime() > maxDays * DAY_MS) return `the range from startDate to endDate is over ${maxDays} days: narrow it.`;
  return { start, end };
}

/**
 * Cuts a range into consecutive spans of at most `days` (an API that allows a year per request),
 * newest first when `newestFirst`.
 */
export function splitRange({ start, end }: DateRange, days: number, newestFirst: boolean): DateRange[] {
  const spans: DateRange[] = [];
  for (let from = start.getTime(); from < end.getTime(); from += days * DAY_MS) {
    spans.push({ start: new Date(from), end: new Date(Math.min(end.getTime(), from + days * DAY_MS)) });
  }
  return newestFirst ? spans.reverse() : spans;
}

// Strict ISO 8601 for the tickets query. Date.parse is no judge: it accepts "March 7" and
// rolls "2026-02-30" over into March, where the API must answer INVALID_DATE_RANGE.

// A date alone, or a date and time with a zone (a time without one would depend on the
// server's timezone). Fractions beyond milliseconds are accepted and truncated: other
// languages print them.
const ISO_8601 =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d{1,9}))?)?(?<zone>Z|[+-]\d{2}:\d{2}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`, as epoch ms;
 * undefined for anything else, impossible dates and times included.
 */
export function parseIsoInstant(text: string): number | undefined {
  const fields = ISO_8601.exec(text)?.groups;
  if (!fields) return undefined;
  const year = Number(fields.year);
  const month = Number(fields.month);
  const day = Number(fields.day);
  const hour = Number(fields.hour ?? 0);
  const minute = Number(fields.minute ?? 0);
  const second = Number(fields.second ?? 0);
  const offsetMinutes = zoneOffsetMinutes(fields.zone ?? 'Z');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetMinutes === undefined) return undefined;

  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Number((fields.fraction ?? '').padEnd(3, '0').slice(0, 3)));
  return date.getTime() - offsetMinutes * 60_000;
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

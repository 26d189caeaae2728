/** Calendar-day arithmetic on 'YYYY-MM-DD' strings, in UTC so time zones and DST never shift a day. */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a 'YYYY-MM-DD' date; throws on malformed or impossible dates. */
export function dayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`expected a 'YYYY-MM-DD' date, got '${date}'`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new RangeError(`'${date}' is not a real calendar date`);
  }
  return ms / DAY_MS;
}

export interface Period {
  /** first day, inclusive, 'YYYY-MM-DD' */
  start: string;
  /** last day, inclusive, 'YYYY-MM-DD' */
  end: string;
}

export interface DayRange {
  first: number;
  last: number;
}

export function periodDays(period: Period): DayRange {
  const range = { first: dayNumber(period.start), last: dayNumber(period.end) };
  if (range.last < range.first)
    throw new RangeError(`period ends (${period.end}) before it starts (${period.start})`);
  return range;
}

/** Number of days two inclusive day ranges share (0 when disjoint). */
export function overlapDays(a: DayRange, b: DayRange): number {
  return Math.max(0, Math.min(a.last, b.last) - Math.max(a.first, b.first) + 1);
}

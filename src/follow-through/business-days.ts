/**
 * Due dates in business days (Monday to Friday, UTC). Public holidays differ by country and
 * are not counted; the setting FOLLOW_UP_DUE_BUSINESS_DAYS absorbs that.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** `days` business days after `from`, at the same time of day; a weekend start counts from Monday. */
export function addBusinessDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`business days must be a whole number ≥ 0, got ${days}`);
  let time = from.getTime();
  let left = days;
  while (left > 0) {
    time += DAY_MS;
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(time);
}

/**
 * The same rule as SQL over a timestamptz expression and an integer parameter, for set-based
 * inserts: the `days`-th weekday after the start, keeping the time of day (`days` ≥ 1).
 */
export function addBusinessDaysSql(start: string, days: string): string {
  return `(SELECT ${start} + g.i * interval '1 day'
             FROM generate_series(1, ${days} * 2 + 4) AS g(i)
            WHERE extract(isodow FROM (${start} + g.i * interval '1 day') AT TIME ZONE 'UTC') < 6
            ORDER BY g.i OFFSET greatest(${days} - 1, 0) LIMIT 1)`;
}

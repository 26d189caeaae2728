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
 * The same rule as SQL over a timestamptz expression and an integer expression (`days` ≥ 0),
 * in closed form for set-based inserts. With w the UTC weekday (Monday 0 … Sunday 6), a
 * weekend start first steps back to Friday (w − 4 days), then n business days from a weekday w
 * are n + 2·⌊(w + n) / 5⌋ calendar days (one weekend per five days, counted from Monday).
 */
export function addBusinessDaysSql(start: string, days: string): string {
  const w = `(extract(isodow FROM (${start}) AT TIME ZONE 'UTC')::int - 1)`;
  return `((${start}) + (CASE WHEN (${days}) = 0 THEN 0 ELSE
            (${days}) + 2 * ((least(${w}, 4) + (${days})) / 5) - greatest(${w} - 4, 0)
          END) * interval '24 hours')`;
}

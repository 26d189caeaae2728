import type { SimulatedQuarter } from './demo-company.types';

/** Whole-day arithmetic in UTC on day numbers (days since 1970-01-01). */

export const DAY_MS = 86_400_000;

export const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const toIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const atTime = (day: number, hour: number, minute = 0): Date =>
  new Date(day * DAY_MS + (hour * 60 + minute) * 60_000);

/** First day of the calendar quarter `offset` quarters away from the one holding `iso`. */
export function quarterStart(iso: string, offset = 0): string {
  const [year, month] = iso.split('-').map(Number);
  const index = year * 4 + Math.floor((month - 1) / 3) + offset;
  const y = Math.floor(index / 4);
  const m = (index % 4) * 3 + 1;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

export function quarterLabel(start: string): string {
  const [year, month] = start.split('-').map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/**
 * `history` full quarters before the one holding `asOf`, then that quarter up to `asOf`.
 * With history = 8 that is two years of history plus the current quarter so far.
 */
export function simulatedQuarters(asOf: string, history: number): SimulatedQuarter[] {
  const quarters: SimulatedQuarter[] = [];
  for (let offset = -history; offset <= 0; offset++) {
    const start = quarterStart(asOf, offset);
    const end = offset === 0 ? asOf : toIso(toDay(quarterStart(asOf, offset + 1)) - 1);
    quarters.push({ start, end });
  }
  return quarters;
}

/** Tenure band at a date, as a launch computes it. */
export function tenureBand(hireDay: number, onDay: number): string {
  const years = (onDay - hireDay) / 365.25;
  if (years < 1) return '<1y';
  if (years < 3) return '1-3y';
  if (years < 5) return '3-5y';
  return '5y+';
}

import type { Interval } from '../analytics/stats/descriptives';

/**
 * How numbers read on report pages: correlations without the leading zero (.42, −.08), p and q
 * values APA-style, scores rounded, rates as percents. Anything missing or not finite prints
 * as an em dash, so a page never shows NaN or Infinity.
 */

export const MISSING = '—';
const MINUS = '−';

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Drops the zero before the decimal point of a value in (−1, 1): 0.42 → .42. */
function withoutLeadingZero(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  const trimmed = text.startsWith('0.') ? text.slice(1) : text;
  const isZero = Number(text) === 0;
  return value < 0 && !isZero ? `${MINUS}${trimmed}` : trimmed;
}

/** A correlation: .42, −.08, 1.00. */
export function formatR(r: number | null | undefined): string {
  return finite(r) ? withoutLeadingZero(r, 2) : MISSING;
}

/** A 95% interval of a correlation: [.18, .61]. */
export function formatInterval(ci: Interval | null | undefined): string {
  if (!ci || !finite(ci.lower) || !finite(ci.upper)) return MISSING;
  return `[${formatR(ci.lower)}, ${formatR(ci.upper)}]`;
}

/** p or q value: < .001, .003, .41, 1.00 (three decimals below .01, two above). */
export function formatP(p: number | null | undefined): string {
  if (!finite(p)) return MISSING;
  if (p < 0.001) return '< .001';
  return withoutLeadingZero(p, p < 0.01 ? 3 : 2);
}

/** A 0–100 index or an NPS: 72, −15. `digits` for more precision. */
export function formatScore(value: number | null | undefined, digits = 0): string {
  if (!finite(value)) return MISSING;
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
}

/** A value already in percent (CSAT, favorable share): 82%. */
export function formatPercentValue(value: number | null | undefined, digits = 0): string {
  return finite(value) ? `${formatScore(value, digits)}%` : MISSING;
}

/** A proportion (turnover rate, response rate): 0.153 → 15.3%. */
export function formatProportion(value: number | null | undefined, digits = 0): string {
  return finite(value) ? `${formatScore(value * 100, digits)}%` : MISSING;
}

export function formatCount(value: number | null | undefined): string {
  return finite(value) ? Math.round(value).toLocaleString('en-US') : MISSING;
}

/** Steiger's Z and similar test statistics: 2.31, −0.40. */
export function formatStatistic(value: number | null | undefined): string {
  return formatScore(value, 2);
}

/** "r = .42 [.18, .61]" */
export function formatCorrelation(r: number, ci?: Interval | null): string {
  return ci ? `r = ${formatR(r)} ${formatInterval(ci)}` : `r = ${formatR(r)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'YYYY-MM-DD' → '1 Jan 2025'. */
export function formatDate(value: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match) return MISSING;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** A cycle as a report's cycle picker names it: "2025-Q3 (pilot)" for a pilot. */
export function pickerLabel(cycle: { label: string; pilot?: boolean }): string {
  return cycle.pilot ? `${cycle.label} (pilot)` : cycle.label;
}

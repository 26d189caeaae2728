import { isFiniteNumber, quantileSorted } from './descriptives';
import { studentTQuantile, studentTTwoSidedP } from './distributions';

/**
 * Top- against bottom-quartile units: the gap in an outcome between the units in the top and
 * the bottom quarter of an employee measure, with Welch's interval (unequal variances).
 * docs/methods.md, "Top against bottom quartile".
 */

export interface WelchInterval {
  /** mean(a) − mean(b) */
  difference: number;
  meanA: number;
  meanB: number;
  nA: number;
  nB: number;
  /** √(s²_a/n_a + s²_b/n_b) */
  se: number;
  /** Welch–Satterthwaite degrees of freedom (fractional) */
  df: number;
  t: number;
  p: number;
  lower: number;
  upper: number;
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

/**
 * Welch's two-sample t interval for mean(a) − mean(b), as R's `t.test(a, b)` (var.equal =
 * FALSE). Null with fewer than two values in a group or no variance in either.
 */
export function welchInterval(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
): WelchInterval | null {
  if (a.length < 2 || b.length < 2) return null;
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const va = x.variance / a.length;
  const vb = y.variance / b.length;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  // No spread in either group, or variances so small or large that df under- or overflows.
  if (!(se > 0 && Number.isFinite(se) && df > 0 && Number.isFinite(df))) return null;
  const difference = x.mean - y.mean;
  const t = difference / se;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return {
    difference,
    meanA: x.mean,
    meanB: y.mean,
    nA: a.length,
    nB: b.length,
    se,
    df,
    t,
    p: studentTTwoSidedP(t, df),
    lower: difference - half,
    upper: difference + half,
  };
}

export interface QuartileSplit<T> {
  /** type-7 first and third quartiles of the measure over the units */
  q1: number;
  q3: number;
  /** units with measure ≥ q3 */
  top: T[];
  /** units with measure ≤ q1 */
  bottom: T[];
}

/**
 * Splits units by the type-7 quartiles (R's `quantile(x, c(.25, .75), type = 7)`) of a
 * measure: top = at or above Q3, bottom = at or below Q1. Units without a finite measure are
 * left out. Null with fewer than four units.
 */
export function quartileSplit<T>(
  units: readonly T[],
  measure: (unit: T) => number | null | undefined,
): QuartileSplit<T> | null {
  const kept = units.filter((u) => isFiniteNumber(measure(u)));
  if (kept.length < 4) return null;
  const sorted = kept.map((u) => measure(u) as number).sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return {
    q1,
    q3,
    top: kept.filter((u) => (measure(u) as number) >= q3),
    bottom: kept.filter((u) => (measure(u) as number) <= q1),
  };
}

export interface LeaverCost {
  /** (bottom − top) annual turnover rate × the bottom quartile's headcount: leavers a year */
  extraLeaversPerYear: number;
  extraLeaversInterval: [number, number];
  costPerLeaver: number;
  yearlyCost: number;
  yearlyCostInterval: [number, number];
  /** the bottom quartile's average headcount the rate difference is applied to */
  headcount: number;
}

/**
 * What the turnover gap costs a year: if the bottom-quartile units lost people at the top
 * quartile's (annualized) rate, they would lose (r_bottom − r_top) × headcount fewer a year;
 * each leaver priced at `costPerLeaver`. The Welch interval of the gap carries over linearly.
 * `gap` is top − bottom (as welchInterval(top, bottom) gives it).
 */
export function leaverCost(
  gap: Pick<WelchInterval, 'difference' | 'lower' | 'upper'>,
  bottomHeadcount: number,
  costPerLeaver: number,
): LeaverCost {
  const leavers = (rateGap: number) => -rateGap * bottomHeadcount;
  const extraLeaversPerYear = leavers(gap.difference);
  const interval: [number, number] = [leavers(gap.upper), leavers(gap.lower)];
  return {
    extraLeaversPerYear,
    extraLeaversInterval: interval,
    costPerLeaver,
    yearlyCost: extraLeaversPerYear * costPerLeaver,
    yearlyCostInterval: [interval[0] * costPerLeaver, interval[1] * costPerLeaver],
    headcount: bottomHeadcount,
  };
}

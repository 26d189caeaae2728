import { assertSameLength, isConstant, mean, type Interval } from './descriptives';
import { normalQuantile, studentTTwoSidedP } from './distributions';

/**
 * Pearson and Spearman correlation with Fisher-z intervals and t-test p-values.
 * Statistically undefined results (too few points, a constant variable) are null, never NaN.
 * docs/methods.md, "Correlations of one cycle", has the formulas and R calls.
 */

/**
 * r held to [-1, 1] against rounding, and a negative zero (a quotient that underflows from
 * below, or −0/x) made 0: JSON writes −0 as 0, so a result must not differ from its own copy.
 */
export function clampCorrelation(r: number): number {
  return Math.min(1, Math.max(-1, r)) + 0;
}

/** Pearson r; null for fewer than 2 pairs or when either variable is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  assertSameLength(x, y);
  if (x.length < 2 || isConstant(x) || isConstant(y)) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0 && syy > 0)) return null;
  return clampCorrelation(sxy / (Math.sqrt(sxx) * Math.sqrt(syy)));
}

/**
 * Ranks 1..n with ties given the average of the ranks they span
 * (e.g. [10, 20, 20, 30] → [1, 2.5, 2.5, 4]).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman ρ = Pearson r of the average ranks (the tie-correct definition). */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  assertSameLength(x, y);
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Fisher-z confidence interval: tanh(atanh r ± z_{1−α/2} / √(n − 3 − k)), where k is the
 * number of covariates partialled out (0 for a plain correlation). Null when n − 3 − k ≤ 0.
 */
export function fisherConfidenceInterval(
  r: number,
  n: number,
  covariates = 0,
  level = 0.95,
): Interval | null {
  if (!(r >= -1 && r <= 1)) throw new RangeError(`correlation must be in [-1, 1], got ${r}`);
  const dof = n - 3 - covariates;
  if (!(dof > 0)) return null;
  if (Math.abs(r) === 1) return { lower: r, upper: r };
  const halfWidth = normalQuantile(1 - (1 - level) / 2) / Math.sqrt(dof);
  const z = Math.atanh(r);
  return { lower: Math.tanh(z - halfWidth), upper: Math.tanh(z + halfWidth) };
}

/**
 * Two-sided p for H0: ρ = 0 from t = r·√(df / (1 − r²)) with df = n − 2 − k
 * (k covariates for a partial correlation). Null when df < 1.
 */
export function correlationPValue(r: number, n: number, covariates = 0): number | null {
  if (!(r >= -1 && r <= 1)) throw new RangeError(`correlation must be in [-1, 1], got ${r}`);
  const df = n - 2 - covariates;
  if (!(df >= 1)) return null;
  if (Math.abs(r) === 1) return 0;
  return studentTTwoSidedP(r * Math.sqrt(df / (1 - r * r)), df);
}

import { isFiniteNumber, sampleVarianceFromAggregate, type SumAggregate } from './descriptives';
import { fUpperTailP } from './distributions';

/**
 * Within-unit agreement and reliability of unit means, the checks that justify treating a
 * unit mean as a property of the unit (Bliese, 2000). docs/methods.md, "Agreement".
 */

/** Variance of a uniform ("no agreement") distribution over A response options: (A² − 1) / 12. */
export function uniformNullVariance(responseOptions: number): number {
  if (!Number.isInteger(responseOptions) || responseOptions < 2) {
    throw new RangeError(`need at least 2 response options, got ${responseOptions}`);
  }
  return (responseOptions ** 2 - 1) / 12;
}

export interface RwgJ {
  rwgJ: number;
  /** items J that had at least two answers */
  items: number;
  /** s̄²: mean of the item sample variances (n − 1) */
  meanItemVariance: number;
  nullVariance: number;
  /** true when s̄² > σ²_EU and r_wg(j) was set to 0 */
  truncated: boolean;
}

/**
 * r_wg(j) (James, Demaree & Wolf, 1984) from per-item COUNT/SUM/SUM-of-squares:
 * r_wg(j) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²) with σ² = (A² − 1)/12.
 * When s̄² > σ² (more disagreement than random responding) the formula leaves [0, 1] and
 * can even divide by zero, so r_wg(j) is truncated to 0, as LeBreton & Senter (2008) advise.
 * Items with fewer than two answers are left out; null when no item is left.
 */
export function rwgJFromAggregates(
  items: readonly SumAggregate[],
  responseOptions: number,
): RwgJ | null {
  const nullVariance = uniformNullVariance(responseOptions);
  const variances = items.map(sampleVarianceFromAggregate).filter((v): v is number => v !== null);
  if (variances.length === 0) return null;
  const j = variances.length;
  const meanItemVariance = variances.reduce((a, b) => a + b, 0) / j;
  const ratio = meanItemVariance / nullVariance;
  if (ratio > 1) return { rwgJ: 0, items: j, meanItemVariance, nullVariance, truncated: true };
  const agreement = j * (1 - ratio);
  return {
    rwgJ: agreement / (agreement + ratio),
    items: j,
    meanItemVariance,
    nullVariance,
    truncated: false,
  };
}

function toAggregate(values: readonly number[]): SumAggregate {
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  return { n: values.length, sum, sumSq };
}

/** r_wg(j) from raw answers: one row per respondent, one column per item (null = skipped). */
export function rwgJ(
  responses: readonly (readonly (number | null)[])[],
  responseOptions: number,
): RwgJ | null {
  const itemCount = Math.max(0, ...responses.map((row) => row.length));
  const items = Array.from({ length: itemCount }, (_, item) =>
    toAggregate(responses.map((row) => row[item]).filter(isFiniteNumber)),
  );
  return rwgJFromAggregates(items, responseOptions);
}

export interface IccResult {
  /** ICC(1): share of individual variance explained by unit membership; can be negative */
  icc1: number;
  /** ICC(2): reliability of the unit means */
  icc2: number;
  msBetween: number;
  msWithin: number;
  groups: number;
  respondents: number;
  /** k used in ICC(1), see iccFromAggregates */
  groupSizeK: number;
  /** one-way ANOVA F test of unit differences; null when MSW = 0 (F infinite) */
  fTest: { f: number; df1: number; df2: number; p: number } | null;
}

/**
 * ICC(1) and ICC(2) from a one-way random-effects ANOVA of individual scores on units
 * (Bliese, 2000), from per-unit COUNT/SUM/SUM-of-squares:
 *   ICC(1) = (MSB − MSW) / (MSB + (k − 1)·MSW),   ICC(2) = (MSB − MSW) / MSB.
 * For unequal unit sizes k is the ANOVA "effective" group size
 *   k = (N − Σ n_g² / N) / (G − 1)
 * (Snedecor & Cochran; it equals the common size when all units are the same size),
 * not the plain mean N / G. Null with fewer than 2 units, no within-unit degrees of
 * freedom, or MSB = 0 (ICC(2) undefined).
 */
export function iccFromAggregates(groups: readonly SumAggregate[]): IccResult | null {
  const used = groups.filter((g) => g.n > 0);
  const g = used.length;
  const total = used.reduce((a, x) => a + x.n, 0);
  if (g < 2 || total - g < 1) return null;

  // Centered forms: Σ n_g (ȳ_g − ȳ)² and Σ (Σy² − n_g ȳ_g²) per unit avoid subtracting two
  // large totals, which would swamp a small between-unit variance in rounding error.
  const grandMean = used.reduce((a, x) => a + x.sum, 0) / total;
  const ssBetween = used.reduce((a, x) => a + x.n * (x.sum / x.n - grandMean) ** 2, 0);
  const ssWithin = used.reduce((a, x) => a + Math.max(0, x.sumSq - (x.sum * x.sum) / x.n), 0);
  const df1 = g - 1;
  const df2 = total - g;
  const msBetween = ssBetween / df1;
  const msWithin = ssWithin / df2;
  // Unit means equal up to rounding count as "no between-unit variance".
  if (!(ssBetween > 1e-12 * (ssBetween + ssWithin))) return null;

  const groupSizeK = (total - used.reduce((a, x) => a + x.n * x.n, 0) / total) / df1;
  const f = msWithin > 0 ? msBetween / msWithin : null;
  return {
    icc1: (msBetween - msWithin) / (msBetween + (groupSizeK - 1) * msWithin),
    icc2: (msBetween - msWithin) / msBetween,
    msBetween,
    msWithin,
    groups: g,
    respondents: total,
    groupSizeK,
    fTest: f === null ? null : { f, df1, df2, p: fUpperTailP(f, df1, df2) },
  };
}

/** ICC(1)/ICC(2) from raw individual scores grouped by unit. */
export function icc(groups: readonly (readonly number[])[]): IccResult | null {
  return iccFromAggregates(groups.map(toAggregate));
}

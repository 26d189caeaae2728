import { iccFromAggregates, uniformNullVariance, type IccResult } from './agreement';
import { isFiniteNumber, type SumAggregate } from './descriptives';

/**
 * Agreement statistics computed exactly as the R package multilevel computes them
 * (Bliese 2000): r_wg(j) over the J items of ONE scale (multilevel::rwg.j) and ICC(1)/ICC(2)
 * from a one-way ANOVA of the aggregated score (multilevel::ICC1, ICC2). docs/methods.md.
 */

export interface ScaleRwgJ {
  /** null for a unit with fewer than two complete respondents (rwg.j gives NA) */
  rwgJ: number | null;
  /** J: items of the scale */
  items: number;
  /** respondents who answered every item of the scale */
  respondents: number;
  /** s̄²: mean of the item sample variances (n − 1), before truncation */
  meanItemVariance: number | null;
  /** σ²_EU = (A² − 1)/12 */
  nullVariance: number;
  /** s̄² ≥ σ²_EU, so r_wg(j) was set to 0 */
  truncated: boolean;
}

/**
 * r_wg(j) = J(1 − s̄²/σ²_EU) / (J(1 − s̄²/σ²_EU) + s̄²/σ²_EU) for one unit (James, Demaree &
 * Wolf 1984), `responses` holding one row per respondent and one column per item of the
 * scale. As multilevel::rwg.j: respondents missing any item are left out (listwise), s̄² is
 * capped at σ²_EU (so r_wg(j) = 0 when answers disagree more than random responding), and a
 * unit with one complete respondent has no value.
 */
export function rwgJScale(
  responses: readonly (readonly (number | null)[])[],
  responseOptions: number,
): ScaleRwgJ {
  const nullVariance = uniformNullVariance(responseOptions);
  const items = Math.max(0, ...responses.map((r) => r.length));
  const complete = responses.filter(
    (r) => r.length === items && r.every((v) => isFiniteNumber(v)),
  ) as (readonly number[])[];
  const base = { items, respondents: complete.length, nullVariance };
  if (complete.length < 2 || items === 0)
    return { ...base, rwgJ: null, meanItemVariance: null, truncated: false };
  let total = 0;
  for (let j = 0; j < items; j++) {
    const column = complete.map((r) => r[j]);
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    total += column.reduce((a, v) => a + (v - mean) ** 2, 0) / (column.length - 1);
  }
  const meanItemVariance = total / items;
  const ratio = Math.min(meanItemVariance, nullVariance) / nullVariance;
  const agreement = items * (1 - ratio);
  return {
    ...base,
    rwgJ: agreement / (agreement + ratio),
    meanItemVariance,
    truncated: meanItemVariance >= nullVariance,
  };
}

export interface StandardIcc {
  /** ICC(1) = (MSB − MSW) / (MSB + (N/G − 1) MSW), multilevel::ICC1 */
  icc1: number;
  /** ICC(2) = (MSB − MSW) / MSB, multilevel::ICC2 */
  icc2: number;
  /** ICC(1) with the ANOVA effective group size k0 = (N − Σn²/N)/(G − 1) instead of N/G; a
   * second figure only, labelled as such (it equals icc1 when all units are the same size) */
  icc1EffectiveSize: number;
  msBetween: number;
  msWithin: number;
  groups: number;
  respondents: number;
  /** N / G */
  meanGroupSize: number;
}

/**
 * ICC(1)/ICC(2) of individual scale scores grouped by unit (one array per unit; non-finite
 * scores are dropped, as aov drops NA rows), as multilevel::ICC1(aov(score ~ as.factor(unit)))
 * and ICC2 compute them. Null with fewer than 2 units, no within-unit degrees of freedom or no
 * between-unit variance (ICC(2) undefined).
 */
export function iccStandard(groups: readonly (readonly number[])[]): StandardIcc | null {
  return iccStandardFromAggregates(
    groups
      .map((g) => g.filter(isFiniteNumber))
      .filter((g) => g.length > 0)
      .map((g) => ({
        n: g.length,
        sum: g.reduce((a, b) => a + b, 0),
        sumSq: g.reduce((a, b) => a + b * b, 0),
      })),
  );
}

/**
 * iccStandard from per-unit COUNT/SUM/SUM(x²) of the individual scores (what SQL aggregates
 * give); the ANOVA, F test and k0 variant come from agreement.ts's iccFromAggregates.
 */
export function iccStandardFromAggregates(
  aggregates: readonly SumAggregate[],
): (StandardIcc & { effectiveGroupSize: number; fTest: IccResult['fTest'] }) | null {
  const anova = iccFromAggregates(aggregates);
  if (anova === null) return null;
  const { msBetween, msWithin, groups: g, respondents } = anova;
  const meanGroupSize = respondents / g;
  return {
    icc1: (msBetween - msWithin) / (msBetween + (meanGroupSize - 1) * msWithin),
    icc2: (msBetween - msWithin) / msBetween,
    icc1EffectiveSize: anova.icc1,
    effectiveGroupSize: anova.groupSizeK,
    fTest: anova.fTest,
    msBetween,
    msWithin,
    groups: g,
    respondents,
    meanGroupSize,
  };
}

import { isDetractor, isFavorable, isPromoter } from './metric-rules';

/**
 * Survey metrics exactly as docs/methods.md "Metrics" defines them, on their reporting scales:
 * - likert index 0–100 = (mean item score − 1) / 4 · 100, items scored 1–5;
 * - favorable % 0–100 = share of 4–5 answers on 1–5 items;
 * - NPS / eNPS −100…100 = % promoters (9–10) − % detractors (0–6) on 0–10;
 * - CSAT % 0–100 = share of 4–5 on the 1–5 overall-satisfaction item.
 * Every metric exists twice: from raw scores, and from the aggregates the SQL layer returns.
 * No responses ⇒ null (the metric is undefined, not zero).
 */

export interface LikertAggregate {
  /** number of answers */
  n: number;
  /** sum of the 1–5 scores */
  sum: number;
}

export interface FavorableAggregate {
  n: number;
  /** answers scoring 4 or 5 */
  favorableCount: number;
}

export interface NpsAggregate {
  n: number;
  /** answers scoring 9 or 10 */
  promoters: number;
  /** answers scoring 0 to 6 */
  detractors: number;
}

function assertScores(scores: readonly number[], min: number, max: number): void {
  for (const s of scores) {
    if (!Number.isInteger(s) || s < min || s > max) {
      throw new RangeError(`score ${s} is not an integer in ${min}..${max}`);
    }
  }
}

function assertCount(name: string, value: number, n: number): void {
  if (!Number.isInteger(value) || value < 0 || value > n) {
    throw new RangeError(`${name} must be an integer in 0..n (${n}), got ${value}`);
  }
}

function assertN(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`n must be a non-negative integer, got ${n}`);
}

export function likertIndexFromAggregate({ n, sum }: LikertAggregate): number | null {
  assertN(n);
  if (n === 0) return null;
  const m = sum / n;
  if (m < 1 || m > 5) throw new RangeError(`mean item score ${m} is outside 1..5`);
  return ((m - 1) / 4) * 100;
}

/** Index 0–100 from individual 1–5 item scores (all items of a dimension pooled). */
export function likertIndex(scores: readonly number[]): number | null {
  assertScores(scores, 1, 5);
  return likertIndexFromAggregate({ n: scores.length, sum: scores.reduce((a, b) => a + b, 0) });
}

export function favorablePercentFromCounts({
  n,
  favorableCount,
}: FavorableAggregate): number | null {
  assertN(n);
  assertCount('favorableCount', favorableCount, n);
  return n === 0 ? null : (favorableCount / n) * 100;
}

/** Percent of 1–5 answers that are 4 or 5. */
export function favorablePercent(scores: readonly number[]): number | null {
  assertScores(scores, 1, 5);
  return favorablePercentFromCounts({
    n: scores.length,
    favorableCount: scores.filter(isFavorable).length,
  });
}

export function npsFromCounts({ n, promoters, detractors }: NpsAggregate): number | null {
  assertN(n);
  assertCount('promoters', promoters, n);
  assertCount('detractors', detractors, n);
  if (promoters + detractors > n) throw new RangeError('promoters + detractors exceed n');
  return n === 0 ? null : ((promoters - detractors) / n) * 100;
}

/** NPS (customers) or eNPS (employees) from 0–10 answers. */
export function nps(scores: readonly number[]): number | null {
  assertScores(scores, 0, 10);
  return npsFromCounts({
    n: scores.length,
    promoters: scores.filter(isPromoter).length,
    detractors: scores.filter(isDetractor).length,
  });
}

/** CSAT has the favorable definition applied to the overall-satisfaction item. */
export function csatFromCounts({
  n,
  satisfiedCount,
}: {
  n: number;
  satisfiedCount: number;
}): number | null {
  return favorablePercentFromCounts({ n, favorableCount: satisfiedCount });
}

/** Percent of 1–5 overall-satisfaction answers that are 4 or 5. */
export function csat(scores: readonly number[]): number | null {
  return favorablePercent(scores);
}

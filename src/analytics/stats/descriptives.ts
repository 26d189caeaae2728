/** Small descriptive helpers shared by the statistics files. */

export interface Interval {
  lower: number;
  upper: number;
}

/** Per-group (or per-item) running totals as SQL hands them over: COUNT, SUM(x), SUM(x*x). */
export interface SumAggregate {
  n: number;
  sum: number;
  sumSq: number;
}

export function assertSameLength(x: readonly unknown[], y: readonly unknown[]): void {
  if (x.length !== y.length) {
    throw new RangeError(`paired arrays must have the same length (${x.length} vs ${y.length})`);
  }
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty array');
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** True when every value equals the first one (so variance is exactly zero). */
export function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Sample variance (n − 1 denominator); null for fewer than two values. */
export function sampleVariance(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  if (isConstant(values)) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return ss / (values.length - 1);
}

/** Sample variance (n − 1) from COUNT/SUM/SUM of squares; null for n < 2. */
export function sampleVarianceFromAggregate({ n, sum, sumSq }: SumAggregate): number | null {
  if (n < 2) return null;
  // Rounding can push a true zero slightly below it.
  return Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
}

/**
 * Quantile with linear interpolation between order statistics (Hyndman & Fan type 7,
 * numpy's default `np.percentile(..., method='linear')`). `sorted` must be ascending.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty array');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs 0 ≤ q ≤ 1, got ${q}`);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

import { jStat } from 'jstat';

/** The single doorway to jstat, so the distribution code we rely on is easy to audit and swap. */

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Standard normal quantile, e.g. normalQuantile(0.975) ≈ 1.959964. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile needs 0 < p < 1, got ${p}`);
  return jStat.normal.inv(p, 0, 1);
}

/** Two-sided p for a standard normal test statistic. */
export function normalTwoSidedP(z: number): number {
  return clampProbability(2 * jStat.normal.cdf(-Math.abs(z), 0, 1));
}

/** Two-sided p for Student's t with `df` degrees of freedom. */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`t distribution needs df > 0, got ${df}`);
  return clampProbability(2 * jStat.studentt.cdf(-Math.abs(t), df));
}

/** Student's t quantile, e.g. studentTQuantile(0.975, 10) ≈ 2.228139; `df` may be fractional (Welch). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`t distribution needs df > 0, got ${df}`);
  return jStat.studentt.inv(p, df);
}

/** Upper-tail p of the F distribution, P(F ≥ f). */
export function fUpperTailP(f: number, df1: number, df2: number): number {
  if (!(df1 > 0 && df2 > 0))
    throw new RangeError(`F distribution needs df > 0, got ${df1}, ${df2}`);
  if (f <= 0) return 1;
  return clampProbability(1 - jStat.centralF.cdf(f, df1, df2));
}

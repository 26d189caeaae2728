import { pearson } from './correlation';
import { assertSameLength, quantileSorted } from './descriptives';

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and good enough for resampling;
 * the same seed always yields the same stream. Returns floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** resamples drawn (default 2000) */
  resamples?: number;
  /** PRNG seed (default 20240601) */
  seed?: number;
  /** confidence level (default 0.95) */
  level?: number;
}

export interface BootstrapInterval {
  lower: number;
  upper: number;
  /** resamples that gave a defined r */
  used: number;
  /** resamples skipped because a variable was constant in them */
  skipped: number;
}

export const DEFAULT_BOOTSTRAP_SEED = 20240601;

/**
 * Percentile bootstrap CI for Pearson r: resample the units (pairs) with replacement,
 * index = floor(u · n) with u from mulberry32(seed); skip resamples in which either variable is
 * constant; take the (1−level)/2 and 1−(1−level)/2 quantiles of the resampled r's with linear
 * interpolation (numpy's default). Null for fewer than 3 units or when over half the
 * resamples are degenerate.
 */
export function bootstrapCorrelationCI(
  x: readonly number[],
  y: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval | null {
  assertSameLength(x, y);
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`bad resample count ${resamples}`);
  if (!(level > 0 && level < 1))
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const n = x.length;
  if (n < 3) return null;

  const random = mulberry32(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const xs = new Array<number>(n);
  const ys = new Array<number>(n);
  const estimates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      xs[i] = x[pick];
      ys[i] = y[pick];
    }
    const r = pearson(xs, ys);
    if (r !== null) estimates.push(r);
  }
  if (estimates.length * 2 < resamples) return null;
  estimates.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return {
    lower: quantileSorted(estimates, tail),
    upper: quantileSorted(estimates, 1 - tail),
    used: estimates.length,
    skipped: resamples - estimates.length,
  };
}

import { assertSameLength, mean, quantileSorted } from './descriptives';

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

  // The same draws and the same r as pearson() on each resample, computed in one pass over
  // running sums instead of copying the resample, with the draws shared by every pair of the
  // same size and seed: 2,000 resamples × 2,000 units × dozens of pairs must fit a linkage
  // request. r is unchanged by a shift, so the data are centred first and the sums stay well
  // conditioned.
  const table = drawTable(options.seed ?? DEFAULT_BOOTSTRAP_SEED, n, resamples);
  const random = table === null ? mulberry32(options.seed ?? DEFAULT_BOOTSTRAP_SEED) : null;
  const picks = table ?? new Uint32Array(n);
  const mx = mean(x);
  const my = mean(y);
  const cx = Float64Array.from(x, (v) => v - mx);
  const cy = Float64Array.from(y, (v) => v - my);
  const tolerance = Math.max(1e-9, 8 * n * Number.EPSILON);
  const estimates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let at = table === null ? 0 : b * n;
    if (random !== null) for (let i = 0; i < n; i++) picks[i] = Math.floor(random() * n);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    let xVaries = false;
    let yVaries = false;
    const a0 = cx[picks[at]];
    const c0 = cy[picks[at]];
    for (const end = at + n; at < end; at++) {
      const pick = picks[at];
      const a = cx[pick];
      const c = cy[pick];
      sx += a;
      sy += c;
      sxx += a * a;
      syy += c * c;
      sxy += a * c;
    }
    const vx = sxx - (sx * sx) / n;
    const vy = syy - (sy * sy) / n;
    // A constant resample leaves only rounding in vx (under 3nε of sxx), so anything above the
    // tolerance varies; at or below it, check exactly.
    if (!(vx > tolerance * sxx) || !(vy > tolerance * syy)) {
      for (let k = at - n; k < at; k++) {
        if (cx[picks[k]] !== a0) xVaries = true;
        if (cy[picks[k]] !== c0) yVaries = true;
      }
      if (!xVaries || !yVaries) continue;
    }
    if (!(vx > 0 && vy > 0)) continue;
    const r = (sxy - (sx * sy) / n) / (Math.sqrt(vx) * Math.sqrt(vy));
    if (Number.isFinite(r)) estimates.push(Math.min(1, Math.max(-1, r)));
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

const MAX_CACHED_DRAWS = 8_000_000;
let lastDraws: { seed: number; n: number; resamples: number; picks: Uint32Array } | null = null;

/**
 * Every index drawn (floor(u · n), u from mulberry32(seed)), resample after resample, or null
 * when the table would be too large. The last table is kept: every pair of one analysis
 * resamples the same number of units with the same seed.
 */
function drawTable(seed: number, n: number, resamples: number): Uint32Array | null {
  const total = n * resamples;
  if (total > MAX_CACHED_DRAWS) return null;
  if (
    lastDraws === null ||
    lastDraws.seed !== seed ||
    lastDraws.n !== n ||
    lastDraws.resamples !== resamples
  ) {
    const random = mulberry32(seed);
    const picks = new Uint32Array(total);
    for (let k = 0; k < total; k++) picks[k] = Math.floor(random() * n);
    lastDraws = { seed, n, resamples, picks };
  }
  return lastDraws.picks;
}

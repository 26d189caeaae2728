import { clampCorrelation } from './correlation';
import { assertSameLength, mean, quantileSorted } from './descriptives';

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and good enough for resampling;
 * the same seed always yields the same stream. Returns floats in [0, 1); with `skip`, the
 * stream from its skip-th draw on.
 */
export function mulberry32(seed: number, skip = 0): () => number {
  // Each draw adds the same constant to the state, so `skip` draws are one multiplication away
  // (mod 2³²: only the low 32 bits of skip · constant count).
  let state = (seed + Math.imul((skip % 4294967296) | 0, 0x6d2b79f5)) | 0;
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
 * resamples are degenerate. docs/methods.md, "Correlations of one cycle", has an R function
 * that reproduces it exactly.
 */
export function bootstrapCorrelationCI(
  x: readonly number[],
  y: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval | null {
  assertSameLength(x, y);
  return bootstrapCorrelationCIs([x, y], [[0, 1]], options)[0];
}

/** Terms summed in one pass over a resample's draws, each in its own accumulator. */
const BLOCK = 8;

/**
 * bootstrapCorrelationCI of several pairs of variables measured on the same units, at once:
 * `pairs` index into `variables` (all of the same length). The result for a pair is exactly
 * bootstrapCorrelationCI(variables[i], variables[j], options): the same draws, and every sum
 * made of the same terms added in the same order, so the same floating-point numbers. Only
 * the work is shared: each variable's resampled sums are made once for all the pairs it is in.
 */
export function bootstrapCorrelationCIs(
  variables: readonly (readonly number[])[],
  pairs: readonly (readonly [number, number])[],
  options: BootstrapOptions = {},
): (BootstrapInterval | null)[] {
  const { resamples } = checkedOptions(options);
  return correlationIntervals(
    [resampledCorrelations(variables, pairs, options, 0, resamples)],
    pairs.length,
    options,
  );
}

function checkedOptions(options: BootstrapOptions) {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`bad resample count ${resamples}`);
  if (!(level > 0 && level < 1))
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return { resamples, level, seed: options.seed ?? DEFAULT_BOOTSTRAP_SEED };
}

/**
 * The resamples from `from` up to `to` of bootstrapCorrelationCIs: for each pair, the r's they
 * gave (resamples where a variable was constant give none), in order. Slices of one bootstrap
 * can be made apart, on different threads, and correlationIntervals() puts them together into
 * the intervals the whole bootstrap gives. The resampling loop allocates nothing: its sums and
 * the resampled r's live in typed arrays made before it starts.
 */
export function resampledCorrelations(
  variables: readonly (readonly number[])[],
  pairs: readonly (readonly [number, number])[],
  options: BootstrapOptions,
  from: number,
  to: number,
): Float64Array[] {
  const { resamples, seed } = checkedOptions(options);
  const integers = Number.isInteger(from) && Number.isInteger(to);
  if (!integers || from < 0 || to < from || to > resamples)
    throw new RangeError(`bad slice [${from}, ${to}) of ${resamples} resamples`);
  if (pairs.length === 0) return [];
  const n = variables[0].length;
  for (const v of variables) assertSameLength(variables[0], v);
  if (n < 3) return pairs.map(() => new Float64Array(0));

  // Per resample, r needs five sums over the drawn units: Σx, Σy, Σx², Σy² and Σxy. r is
  // unchanged by a shift, so the data are centred first and the sums stay well conditioned.
  // The terms (x, x², xy of each unit) are computed once, so each sum is a gather over the
  // draws; the draws are shared by every pair of the same size and seed, and each variable's
  // Σx and Σx² by every pair it is in. Term 2u is Σx of the u-th variable used, 2u + 1 its
  // Σx², and 2U + q the Σxy of pair q.
  const table = drawTable(seed, n, resamples);
  const random = table === null ? mulberry32(seed, from * n) : null;
  const picks = table ?? new Int32Array(n);
  const used = [...new Set(pairs.flat())];
  const slotOf = new Map(used.map((v, u) => [v, u]));
  const centred = used.map((v) => {
    const m = mean(variables[v]);
    return Float64Array.from(variables[v], (value) => value - m);
  });
  const terms: Float64Array[] = [];
  for (const c of centred)
    terms.push(
      c,
      c.map((a) => a * a),
    );
  const count = pairs.length;
  const xOf = new Int32Array(count);
  const yOf = new Int32Array(count);
  for (let q = 0; q < count; q++) {
    const a = centred[(xOf[q] = slotOf.get(pairs[q][0])!)];
    const c = centred[(yOf[q] = slotOf.get(pairs[q][1])!)];
    terms.push(a.map((value, k) => value * c[k]));
  }
  const products = 2 * used.length;
  const blocks = interleave(terms, n);
  const sums = new Float64Array(blocks.length * BLOCK);

  const tolerance = Math.max(1e-9, 8 * n * Number.EPSILON);
  // The r's of pair q are estimates[q · size ...], found[q] of them so far.
  const size = to - from;
  const estimates = new Float64Array(count * size);
  const found = new Int32Array(count);
  for (let b = from; b < to; b++) {
    const start = table === null ? 0 : b * n;
    const end = start + n;
    if (random !== null) for (let i = 0; i < n; i++) picks[i] = Math.floor(random() * n);
    gatherSums(blocks, picks, start, end, sums);
    for (let q = 0; q < count; q++) {
      const i = xOf[q];
      const j = yOf[q];
      const sx = sums[2 * i];
      const sy = sums[2 * j];
      const sxx = sums[2 * i + 1];
      const syy = sums[2 * j + 1];
      const sxy = sums[products + q];
      const vx = sxx - (sx * sx) / n;
      const vy = syy - (sy * sy) / n;
      // A constant resample leaves only rounding in vx (under 3nε of sxx), so anything above
      // the tolerance varies; at or below it, check exactly.
      if (!(vx > tolerance * sxx) || !(vy > tolerance * syy)) {
        if (!varies(centred[i], picks, start, end) || !varies(centred[j], picks, start, end))
          continue;
      }
      if (!(vx > 0 && vy > 0)) continue;
      const r = (sxy - (sx * sy) / n) / (Math.sqrt(vx) * Math.sqrt(vy));
      if (Number.isFinite(r)) estimates[q * size + found[q]++] = clampCorrelation(r);
    }
  }
  return Array.from({ length: count }, (_, q) => estimates.slice(q * size, q * size + found[q]));
}

/**
 * The intervals of a bootstrap of `pairs` pairs from the r's of every one of its resamples,
 * in slices (resampledCorrelations) that together cover each resample once, in any order.
 */
export function correlationIntervals(
  slices: readonly (readonly Float64Array[])[],
  pairs: number,
  options: BootstrapOptions = {},
): (BootstrapInterval | null)[] {
  const { resamples, level } = checkedOptions(options);
  const tail = (1 - level) / 2;
  const intervals: (BootstrapInterval | null)[] = [];
  for (let q = 0; q < pairs; q++) {
    const all = joined(slices.map((slice) => slice[q]));
    if (all.length * 2 < resamples) {
      intervals.push(null);
      continue;
    }
    // Ascending numeric order, as sort((a, b) => a − b) gives: the r's are finite and never
    // −0 (clampCorrelation adds +0), so the order is the same.
    const sorted = all.sort();
    intervals.push({
      lower: quantileSorted(sorted, tail),
      upper: quantileSorted(sorted, 1 - tail),
      used: all.length,
      skipped: resamples - all.length,
    });
  }
  return intervals;
}

/** Whether the drawn values picks[from ...to] of a variable are not all the same. */
function varies(values: Float64Array, picks: Int32Array, from: number, to: number): boolean {
  const first = values[picks[from]];
  for (let k = from; k < to; k++) if (values[picks[k]] !== first) return true;
  return false;
}

/**
 * The terms BLOCK at a time, unit by unit: block[unit · BLOCK + j] is term j of the block, so
 * one draw reads one short run of memory for all of them (missing terms are zeros).
 */
function interleave(terms: readonly Float64Array[], n: number): Float64Array[] {
  const blocks: Float64Array[] = [];
  for (let t = 0; t < terms.length; t += BLOCK) {
    const block = new Float64Array(n * BLOCK);
    for (let j = 0; j < BLOCK && t + j < terms.length; j++) {
      const term = terms[t + j];
      for (let unit = 0; unit < n; unit++) block[unit * BLOCK + j] = term[unit];
    }
    blocks.push(block);
  }
  return blocks;
}

/**
 * sums[b · BLOCK + j] = Σ blocks[b][picks[k] · BLOCK + j] for k from `from` to `to`, added in
 * that order, each term with its own accumulator.
 */
function gatherSums(
  blocks: readonly Float64Array[],
  picks: Int32Array,
  from: number,
  to: number,
  sums: Float64Array,
): void {
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let k = from; k < to; k++) {
      const at = picks[k] * BLOCK;
      s0 += block[at];
      s1 += block[at + 1];
      s2 += block[at + 2];
      s3 += block[at + 3];
      s4 += block[at + 4];
      s5 += block[at + 5];
      s6 += block[at + 6];
      s7 += block[at + 7];
    }
    const out = b * BLOCK;
    sums[out] = s0;
    sums[out + 1] = s1;
    sums[out + 2] = s2;
    sums[out + 3] = s3;
    sums[out + 4] = s4;
    sums[out + 5] = s5;
    sums[out + 6] = s6;
    sums[out + 7] = s7;
  }
}

const MAX_CACHED_DRAWS = 8_000_000;
/** Tables kept: an analysis resamples a few sets of units (pairwise deletion), again and again. */
const KEPT_TABLES = 3;
const keptDraws: { seed: number; n: number; resamples: number; picks: Int32Array }[] = [];

/**
 * Every index drawn (floor(u · n), u from mulberry32(seed)), resample after resample, or null
 * when the table would be too large. The last few tables are kept, most recent first: every
 * pair over the same units resamples the same number of them with the same seed, and each
 * build of a report repeats the same few sizes.
 */
function drawTable(seed: number, n: number, resamples: number): Int32Array | null {
  const total = n * resamples;
  if (total > MAX_CACHED_DRAWS) return null;
  const at = keptDraws.findIndex(
    (kept) => kept.seed === seed && kept.n === n && kept.resamples === resamples,
  );
  if (at >= 0) {
    const [kept] = keptDraws.splice(at, 1);
    keptDraws.unshift(kept);
    return kept.picks;
  }
  const random = mulberry32(seed);
  const picks = new Int32Array(total);
  for (let k = 0; k < total; k++) picks[k] = Math.floor(random() * n);
  keptDraws.unshift({ seed, n, resamples, picks });
  keptDraws.length = Math.min(keptDraws.length, KEPT_TABLES);
  return picks;
}

/** The arrays one after another, in one new array (slices of a bootstrap put together). */
export function joined(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

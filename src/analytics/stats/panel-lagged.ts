import { DEFAULT_BOOTSTRAP_SEED, mulberry32 } from './bootstrap';
import { quantileSorted } from './descriptives';
import {
  coefficient,
  fitFromPooled,
  type FixedEffect,
  type MixedModelFit,
  type UnitId,
} from './mixed-model';
import { completeRows, unitMeans, type PanelRow } from './panel-between-within';
import { type PooledStats } from './reml-core';

/**
 * Which comes first, within units: over consecutive cycles (t, t+1) of the same unit,
 *   y_{t+1} ~ xw_t + yw_t + (1 | unit)   and   x_{t+1} ~ yw_t + xw_t + (1 | unit),
 * xw_t = x_t − x̄_unit, yw_t = y_t − ȳ_unit (means over all the unit's cycles in the range),
 * both fitted by REML. The cross-lagged coefficients are standardized as
 * b · sd(predictor) / sd(outcome) over the pooled lagged rows, and the CI for their
 * difference comes from a seeded cluster bootstrap over units. docs/methods.md explains why.
 */

export interface LaggedOptions {
  /** cycle order; consecutive = adjacent here. Default: distinct cycles sorted (numbers numerically) */
  cycleOrder?: readonly UnitId[];
  /** bootstrap resamples of units (default 1000) */
  resamples?: number;
  seed?: number;
  /** confidence level (default 0.95) */
  level?: number;
}

export interface LaggedPath {
  /** raw coefficient with its model-based SE and Wald CI */
  coefficient: FixedEffect;
  /** b · sd(predictor) / sd(outcome) over the pooled lagged rows */
  standardized: number;
  /** percentile cluster-bootstrap CI of the standardized coefficient; null when too few resamples fitted */
  lower: number | null;
  upper: number | null;
}

export interface LaggedWithinFit {
  /** lagged rows (unit, t, t+1) and units contributing at least one */
  pairs: number;
  units: number;
  /** y_{t+1} ~ xw_t + yw_t + (1 | unit) */
  outcomeY: MixedModelFit;
  /** x_{t+1} ~ yw_t + xw_t + (1 | unit) */
  outcomeX: MixedModelFit;
  /** x leads y: xw_t in the model for y_{t+1} */
  xToY: LaggedPath;
  /** y leads x: yw_t in the model for x_{t+1} */
  yToX: LaggedPath;
  /** standardized xToY − yToX with its bootstrap CI */
  difference: { estimate: number; lower: number | null; upper: number | null };
  bootstrap: { resamples: number; used: number; seed: number; level: number };
}

function compareCycles(a: UnitId, b: UnitId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [sa, sb] = [String(a), String(b)];
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

interface LaggedRow {
  unit: UnitId;
  xw: number;
  yw: number;
  xNext: number;
  yNext: number;
}

/** The lagged rows: each unit's pairs of rows at adjacent cycles of the order. */
export function laggedRows(rows: readonly PanelRow[], cycleOrder?: readonly UnitId[]): LaggedRow[] {
  const used = completeRows(rows);
  const means = unitMeans(used);
  const order = cycleOrder ?? [...new Set(used.map((r) => r.cycle))].sort(compareCycles);
  const position = new Map(order.map((c, i) => [c, i]));
  const byKey = new Map<string, PanelRow>();
  for (const r of used) {
    const at = position.get(r.cycle);
    if (at === undefined) continue;
    const key = `${typeof r.unit}:${String(r.unit)}\u0000${at}`;
    if (byKey.has(key)) throw new RangeError(`unit ${String(r.unit)} has two rows for one cycle`);
    byKey.set(key, r);
  }
  const out: LaggedRow[] = [];
  for (const [key, r] of byKey) {
    const [unitKey, at] = key.split('\u0000');
    const next = byKey.get(`${unitKey}\u0000${Number(at) + 1}`);
    if (!next) continue;
    const m = means.get(r.unit) as { x: number; y: number };
    out.push({ unit: r.unit, xw: r.x - m.x, yw: r.y - m.y, xNext: next.x, yNext: next.y });
  }
  return out;
}

/**
 * sd over the pooled rows of design column `column` (or the response, column −1), from the
 * pooled sums: column 0 is the intercept, so size · x̄x̄ᵀ[0][j] sums column j over a size class.
 */
function pooledSd(stats: PooledStats, column: number): number {
  const { p } = stats;
  let sum = 0;
  let squares = column < 0 ? stats.wyy : stats.wxx[column * p + column];
  stats.sizes.forEach((size, k) => {
    sum += size * (column < 0 ? stats.bxy[k][0] : stats.bxx[k][column]);
    squares += size * (column < 0 ? stats.byy[k] : stats.bxx[k][column * p + column]);
  });
  return Math.sqrt(Math.max(squares - (sum * sum) / stats.rows, 0) / (stats.rows - 1));
}

/**
 * The two lagged models share their units, their bootstrap weights and, up to column order,
 * their design [1, xw_t, yw_t]; only the response differs. So each unit is summarized once over
 * v = (xw_t, yw_t, x_{t+1}, y_{t+1}): its row count, the within scatter of v (10 distinct
 * entries), and v̄ with v̄v̄ᵀ (14). A resample pools these 24 numbers per unit once, and both
 * models' pooled statistics are read off the pooled sums.
 */
const V = 4;
const PAIRS: [number, number][] = [];
for (let i = 0; i < V; i++) for (let j = i; j < V; j++) PAIRS.push([i, j]);
const PAIR_AT = new Int32Array(V * V);
PAIRS.forEach(([i, j], q) => (PAIR_AT[i * V + j] = PAIR_AT[j * V + i] = q));
const pairIndex = (i: number, j: number) => PAIR_AT[i * V + j];
const WITHIN = PAIRS.length;
const TERMS = WITHIN + V + PAIRS.length;
/** Terms pooled in one pass, each in its own accumulator (TERMS is a multiple of it). */
const BLOCK = 8;

/**
 * Per unit, its TERMS numbers (within scatter, then v̄, then v̄v̄ᵀ), laid out BLOCK terms at a
 * time: blocks[b][g · BLOCK + j] is term b · BLOCK + j of unit g. Units are listed per size
 * class (their number of lagged rows), in the order they first appear.
 */
export interface SharedTable {
  groups: number;
  sizes: number[];
  members: Int32Array[];
  blocks: Float64Array[];
}

function sharedTable(lagged: readonly LaggedRow[]): SharedTable {
  const rowsOf = new Map<UnitId, number[][]>();
  for (const r of lagged) {
    const list = rowsOf.get(r.unit) ?? [];
    list.push([r.xw, r.yw, r.xNext, r.yNext]);
    rowsOf.set(r.unit, list);
  }
  const groups = rowsOf.size;
  const blocks = Array.from({ length: TERMS / BLOCK }, () => new Float64Array(groups * BLOCK));
  const put = (g: number, term: number, value: number) =>
    (blocks[Math.floor(term / BLOCK)][g * BLOCK + (term % BLOCK)] = value);
  const sizes: number[] = [];
  const members: number[][] = [];
  let g = 0;
  for (const rows of rowsOf.values()) {
    let k = sizes.indexOf(rows.length);
    if (k < 0) {
      k = sizes.push(rows.length) - 1;
      members.push([]);
    }
    members[k].push(g);
    const mean = Array.from(
      { length: V },
      (_, i) => rows.reduce((sum, v) => sum + v[i], 0) / rows.length,
    );
    PAIRS.forEach(([i, j], q) => {
      put(
        g,
        q,
        rows.reduce((sum, v) => sum + (v[i] - mean[i]) * (v[j] - mean[j]), 0),
      );
      put(g, WITHIN + V + q, mean[i] * mean[j]);
    });
    mean.forEach((m, i) => put(g, WITHIN + i, m));
    g++;
  }
  return { groups, sizes, members: members.map((m) => Int32Array.from(m)), blocks };
}

interface SharedPool {
  rows: number;
  groups: number;
  /** per used size class: size, groups, and the pooled v̄ (V) and v̄v̄ᵀ (pairs) */
  sizes: number[];
  counts: number[];
  between: Float64Array[];
  within: Float64Array;
}

/**
 * The units' terms summed with weights (each unit repeated weights[g] times), per size class.
 * This runs once per bootstrap resample, so it is written as the tightest loop here: one pass
 * per class and block, BLOCK accumulators, nothing allocated inside.
 */
function poolShared(table: SharedTable, weights: Int32Array): SharedPool {
  const { sizes, members, blocks } = table;
  const sums = new Float64Array(sizes.length * TERMS);
  const counts: number[] = [];
  for (let k = 0; k < sizes.length; k++) {
    const list = members[k];
    let count = 0;
    for (let i = 0; i < list.length; i++) count += weights[list[i]];
    counts.push(count);
    if (count === 0) continue;
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
      for (let i = 0; i < list.length; i++) {
        const g = list[i];
        const w = weights[g];
        if (w === 0) continue;
        const at = g * BLOCK;
        s0 += w * block[at];
        s1 += w * block[at + 1];
        s2 += w * block[at + 2];
        s3 += w * block[at + 3];
        s4 += w * block[at + 4];
        s5 += w * block[at + 5];
        s6 += w * block[at + 6];
        s7 += w * block[at + 7];
      }
      const out = k * TERMS + b * BLOCK;
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
  const within = new Float64Array(WITHIN);
  let rows = 0;
  let groups = 0;
  const used: number[] = [];
  for (let k = 0; k < sizes.length; k++) {
    if (counts[k] === 0) continue;
    used.push(k);
    rows += counts[k] * sizes[k];
    groups += counts[k];
    for (let q = 0; q < WITHIN; q++) within[q] += sums[k * TERMS + q];
  }
  return {
    rows,
    groups,
    sizes: used.map((k) => sizes[k]),
    counts: used.map((k) => counts[k]),
    between: used.map((k) => sums.subarray(k * TERMS + WITHIN, (k + 1) * TERMS)),
    within,
  };
}

/**
 * One model's pooled statistics from the shared pool: design [1, v[first], v[second]] and
 * response v[response]. The intercept has no within-unit part, and its between part is the
 * group count (with itself) and the pooled means (with the others).
 */
function modelStats(
  pool: SharedPool,
  first: number,
  second: number,
  response: number,
): PooledStats {
  const p = 3;
  const columns = [-1, first, second];
  const wxx = new Float64Array(p * p);
  const wxy = new Float64Array(p);
  for (let i = 1; i < p; i++) {
    for (let j = 1; j < p; j++) wxx[i * p + j] = pool.within[pairIndex(columns[i], columns[j])];
    wxy[i] = pool.within[pairIndex(columns[i], response)];
  }
  const cross = (count: number, b: Float64Array, i: number, j: number) => {
    if (i < 0 && j < 0) return count;
    if (i < 0 || j < 0) return b[Math.max(i, j)];
    return b[V + pairIndex(i, j)];
  };
  const bxx = pool.between.map((b, k) =>
    Float64Array.from({ length: p * p }, (_, at) =>
      cross(pool.counts[k], b, columns[Math.floor(at / p)], columns[at % p]),
    ),
  );
  const bxy = pool.between.map((b, k) =>
    Float64Array.from(columns, (c) => cross(pool.counts[k], b, c, response)),
  );
  return {
    p,
    rows: pool.rows,
    groups: pool.groups,
    wxx,
    wxy,
    wyy: pool.within[pairIndex(response, response)],
    sizes: pool.sizes,
    counts: pool.counts,
    bxx,
    bxy,
    byy: pool.between.map((b) => b[V + pairIndex(response, response)]),
  };
}

/** The two models: y_{t+1} on (xw_t, yw_t) and x_{t+1} on (yw_t, xw_t), in v's indices. */
const MODELS = [
  { first: 0, second: 1, response: 3, names: ['(Intercept)', 'xw', 'yw'] },
  { first: 1, second: 0, response: 2, names: ['(Intercept)', 'yw', 'xw'] },
] as const;

/** Both models fitted on the units repeated `weights` times, with their standardized coefficients. */
function fitBoth(
  table: SharedTable,
  weights = new Int32Array(table.groups).fill(1),
  nearRatios?: readonly number[],
) {
  const pool = poolShared(table, weights);
  return MODELS.map((m, k) => {
    const pooled = modelStats(pool, m.first, m.second, m.response);
    const model = fitFromPooled(pooled, m.names, nearRatios?.[k]);
    const standardized =
      model === null
        ? Number.NaN
        : (coefficient(model, m.names[1]).estimate * pooledSd(pooled, 1)) / pooledSd(pooled, -1);
    return { model, standardized };
  });
}

function percentile(values: number[], level: number): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, 1 - (1 - level) / 2)];
}

/**
 * What the lagged models' bootstrap resamples are made from: plain data (typed arrays and
 * numbers), so another thread can make some of them (laggedResamples).
 */
export interface LaggedResampling {
  table: SharedTable;
  /** both models' variance ratios on all units: where each resample's fit starts */
  near: number[];
  seed: number;
  resamples: number;
}

/** laggedWithin up to its bootstrap: the lagged rows, both fits on all units, the resampling. */
export interface LaggedPlan {
  resampling: LaggedResampling;
  level: number;
  pairs: number;
  fits: [MixedModelFit, MixedModelFit];
  /** the standardized coefficients on all units */
  point: [number, number];
}

/** Throws (RangeError) when the lagged rows cannot support the models. */
export function planLagged(rows: readonly PanelRow[], options: LaggedOptions = {}): LaggedPlan {
  const lagged = laggedRows(rows, options.cycleOrder);
  const table = sharedTable(lagged);
  const full = fitBoth(table);
  const [y, x] = full.map((f) => f.model);
  if (y === null || x === null)
    throw new RangeError('the lagged models cannot be fitted: too few lagged rows or no variation');
  return {
    resampling: {
      table,
      near: [y.theta ** 2, x.theta ** 2],
      seed: options.seed ?? DEFAULT_BOOTSTRAP_SEED,
      resamples: options.resamples ?? 1000,
    },
    level: options.level ?? 0.95,
    pairs: lagged.length,
    fits: [y, x],
    point: [full[0].standardized, full[1].standardized],
  };
}

/**
 * Resamples [from, to) of the bootstrap: both standardized cross-lagged coefficients of each,
 * in turn (NaN where a model could not be fitted). Resample b draws its units with draws
 * b · G to (b + 1) · G of the seeded stream, so slices made anywhere, in any order, put
 * together in order, are the whole bootstrap.
 */
export function laggedResamples(r: LaggedResampling, from: number, to: number): Float64Array {
  const { table, near } = r;
  const groups = table.groups;
  const random = mulberry32(r.seed, from * groups);
  const weights = new Int32Array(groups);
  const out = new Float64Array(2 * (to - from));
  for (let b = 0; b < to - from; b++) {
    weights.fill(0);
    for (let i = 0; i < groups; i++) weights[Math.floor(random() * groups)]++;
    const [xToY, yToX] = fitBoth(table, weights, near);
    out[2 * b] = xToY.standardized;
    out[2 * b + 1] = yToX.standardized;
  }
  return out;
}

/**
 * The fit from its plan and its bootstrap's coefficients (laggedResamples' of every resample,
 * in order). Percentile CI; null bounds when over half the resamples could not be fitted.
 */
export function finishLagged(plan: LaggedPlan, coefficients: Float64Array): LaggedWithinFit {
  const { resamples, seed } = plan.resampling;
  const { fits, point, level } = plan;
  const draws: number[][] = [[], [], []];
  if (coefficients.length !== 2 * resamples)
    throw new Error(`the lagged bootstrap needs ${resamples} resamples`);
  for (let b = 0; b < coefficients.length; b += 2) {
    const [xToY, yToX] = [coefficients[b], coefficients[b + 1]];
    if (!Number.isFinite(xToY) || !Number.isFinite(yToX)) continue;
    draws[0].push(xToY);
    draws[1].push(yToX);
    draws[2].push(xToY - yToX);
  }
  const used = draws[2].length;
  const ci = (k: number): [number | null, number | null] =>
    used * 2 > resamples ? percentile(draws[k], level) : [null, null];
  const path = (k: number): LaggedPath => {
    const [lower, upper] = ci(k);
    return {
      coefficient: coefficient(fits[k], MODELS[k].names[1]),
      standardized: point[k],
      lower,
      upper,
    };
  };
  const [lower, upper] = ci(2);
  return {
    pairs: plan.pairs,
    units: plan.resampling.table.groups,
    outcomeY: fits[0],
    outcomeX: fits[1],
    xToY: path(0),
    yToX: path(1),
    difference: { estimate: point[0] - point[1], lower, upper },
    bootstrap: { resamples, used, seed, level },
  };
}

/**
 * Lagged within-unit effects in both directions with a cluster-bootstrap CI for the
 * difference of the standardized cross-lagged coefficients. Units are drawn with replacement
 * (index = floor(u · G), u from mulberry32(seed)); a unit drawn twice enters as two units;
 * both models are refitted on each resample (on the units' sufficient statistics, so a
 * resample costs O(units)). Throws when the lagged rows cannot support the models.
 */
export function laggedWithin(
  rows: readonly PanelRow[],
  options: LaggedOptions = {},
): LaggedWithinFit {
  const plan = planLagged(rows, options);
  const { resampling } = plan;
  return finishLagged(plan, laggedResamples(resampling, 0, resampling.resamples));
}

import { DEFAULT_BOOTSTRAP_SEED, mulberry32 } from './bootstrap';
import { quantileSorted } from './descriptives';
import {
  buildDesign,
  coefficient,
  fitFromPooled,
  type FixedEffect,
  type MixedModelFit,
  type UnitId,
} from './mixed-model';
import { completeRows, unitMeans, type PanelRow } from './panel-between-within';
import { groupTable, poolTable, summarizeGroups, type PooledStats } from './reml-core';

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

/** One model's group summaries, laid out once and refitted on bootstrap weights. */
function prepare(lagged: readonly LaggedRow[], outcome: 'yNext' | 'xNext') {
  const [first, second] = outcome === 'yNext' ? (['xw', 'yw'] as const) : (['yw', 'xw'] as const);
  const design = buildDesign({
    y: lagged.map((r) => r[outcome]),
    unit: lagged.map((r) => r.unit),
    predictors: [
      { name: first, values: lagged.map((r) => r[first]) },
      { name: second, values: lagged.map((r) => r[second]) },
    ],
  });
  const table = groupTable(
    summarizeGroups(design.x, design.y, design.group, design.groupIds.length, design.p),
    design.p,
  );
  /** The fit on the groups repeated `weights` times, and its standardized coefficient. */
  const fit = (weights?: Int32Array, nearRatio?: number) => {
    const pooled = poolTable(table, weights);
    const model = fitFromPooled(pooled, design.names, nearRatio);
    const standardized =
      model === null
        ? Number.NaN
        : (coefficient(model, first).estimate * pooledSd(pooled, 1)) / pooledSd(pooled, -1);
    return { model, standardized };
  };
  return { groups: table.groups, first, fit };
}

function percentile(values: number[], level: number): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, 1 - (1 - level) / 2)];
}

/**
 * Lagged within-unit effects in both directions with a cluster-bootstrap CI for the
 * difference of the standardized cross-lagged coefficients. Units are drawn with replacement
 * (index = floor(u · G), u from mulberry32(seed)); a unit drawn twice enters as two units;
 * both models are refitted on each resample (on the units' sufficient statistics, so a
 * resample costs O(units)). Percentile CI; null bounds when over half the resamples could
 * not be fitted. Throws when the lagged rows cannot support the models.
 */
export function laggedWithin(
  rows: readonly PanelRow[],
  options: LaggedOptions = {},
): LaggedWithinFit {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const level = options.level ?? 0.95;
  const lagged = laggedRows(rows, options.cycleOrder);
  const models = [prepare(lagged, 'yNext'), prepare(lagged, 'xNext')];
  const full = models.map((m) => m.fit());
  const fits = full.map((f) => f.model);
  if (fits[0] === null || fits[1] === null)
    throw new RangeError('the lagged models cannot be fitted: too few lagged rows or no variation');
  const point = full.map((f) => f.standardized);

  const groups = models[0].groups;
  const random = mulberry32(seed);
  const weights = new Int32Array(groups);
  const draws: number[][] = [[], [], []];
  for (let b = 0; b < resamples; b++) {
    weights.fill(0);
    for (let i = 0; i < groups; i++) weights[Math.floor(random() * groups)]++;
    const s = models.map(
      (m, k) => m.fit(weights, (fits[k] as MixedModelFit).theta ** 2).standardized,
    );
    if (!s.every(Number.isFinite)) continue;
    draws[0].push(s[0]);
    draws[1].push(s[1]);
    draws[2].push(s[0] - s[1]);
  }
  const used = draws[2].length;
  const ci = (k: number): [number | null, number | null] =>
    used * 2 > resamples ? percentile(draws[k], level) : [null, null];
  const path = (k: number): LaggedPath => {
    const [lower, upper] = ci(k);
    return {
      coefficient: coefficient(fits[k] as MixedModelFit, models[k].first),
      standardized: point[k],
      lower,
      upper,
    };
  };
  const [lower, upper] = ci(2);
  return {
    pairs: lagged.length,
    units: groups,
    outcomeY: fits[0],
    outcomeX: fits[1],
    xToY: path(0),
    yToX: path(1),
    difference: { estimate: point[0] - point[1], lower, upper },
    bootstrap: { resamples, used, seed, level },
  };
}

import {
  minimizeReml,
  poolGroups,
  summarizeGroups,
  type GroupSummary,
  type PooledStats,
} from './reml-core';

/**
 * Random-intercept linear mixed model fitted by REML, the model
 *   lme4::lmer(y ~ x1 + … + (1 | unit), REML = TRUE)
 * fits: y = Xβ + u_unit + e, u ~ N(0, σ²_u), e ~ N(0, σ²_e). The REML criterion is
 * profiled over the variance ratio (reml-core.ts); docs/methods.md has the formulas.
 */

export type UnitId = string | number;

/** A numeric column, or a factor entered with treatment coding (first level = reference). */
export type Predictor =
  | { name: string; values: readonly number[] }
  | {
      name: string;
      factor: readonly UnitId[];
      /** level order; the first is the reference. Default: levels present, sorted (numbers
       * numerically, strings by code unit), as R's factor() orders them in the C locale */
      levels?: readonly UnitId[];
    };

export interface RandomInterceptData {
  y: readonly number[];
  unit: readonly UnitId[];
  predictors: readonly Predictor[];
  /** default true */
  intercept?: boolean;
}

export interface FixedEffect {
  /** "(Intercept)", a numeric column's name, or factor name + level (R's "factor(cycle)2" is "cycle2") */
  name: string;
  estimate: number;
  se: number;
  /** Wald 95% interval, estimate ± z₀.₉₇₅ · se (lme4's confint(method = "Wald")) */
  lower: number;
  upper: number;
}

export interface MixedModelFit {
  fixed: FixedEffect[];
  /** covariance of the fixed effects, σ̂²_e (Xᵀ H⁻¹ X)⁻¹ (lme4's vcov) */
  vcov: number[][];
  sigma2Unit: number;
  sigma2Residual: number;
  /** σ_u / σ_e, lme4's θ */
  theta: number;
  /** σ²_u estimated at its boundary 0 (lme4: "boundary (singular) fit") */
  singular: boolean;
  /** −2 × restricted log-likelihood at the optimum, lme4's REMLcrit() */
  remlCriterion: number;
  rows: number;
  groups: number;
}

/** z₀.₉₇₅ = qnorm(0.975) */
export const Z_975 = 1.959963984540054;

interface Column {
  name: string;
  values: Float64Array;
}

function compareLevels(a: UnitId, b: UnitId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [sa, sb] = [String(a), String(b)];
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Rows usable by the fit: finite response and numeric predictors, non-null unit and factors. */
function keptRows(data: RandomInterceptData): number[] {
  const kept: number[] = [];
  for (let r = 0; r < data.y.length; r++) {
    let ok = Number.isFinite(data.y[r]) && data.unit[r] !== null && data.unit[r] !== undefined;
    for (const pr of data.predictors) {
      if (!ok) break;
      ok =
        'values' in pr
          ? Number.isFinite(pr.values[r])
          : pr.factor[r] !== null && pr.factor[r] !== undefined;
    }
    if (ok) kept.push(r);
  }
  return kept;
}

function designColumns(data: RandomInterceptData, rows: readonly number[]): Column[] {
  const columns: Column[] = [];
  if (data.intercept ?? true)
    columns.push({ name: '(Intercept)', values: new Float64Array(rows.length).fill(1) });
  for (const pr of data.predictors) {
    if ('values' in pr) {
      columns.push({ name: pr.name, values: Float64Array.from(rows, (r) => pr.values[r]) });
      continue;
    }
    const present = new Set(rows.map((r) => pr.factor[r]));
    const levels = pr.levels
      ? pr.levels.filter((l) => present.has(l))
      : [...present].sort(compareLevels);
    if (levels.length < present.size)
      throw new RangeError(`factor ${pr.name} has values missing from its levels`);
    for (const level of levels.slice(1)) {
      columns.push({
        name: `${pr.name}${String(level)}`,
        values: Float64Array.from(rows, (r) => (pr.factor[r] === level ? 1 : 0)),
      });
    }
  }
  return columns;
}

/** Design of a random-intercept model: X (row-major), y and group index per kept row. */
export interface ModelDesign {
  names: string[];
  p: number;
  x: Float64Array;
  y: Float64Array;
  group: Int32Array;
  groupIds: UnitId[];
}

export function buildDesign(data: RandomInterceptData): ModelDesign {
  const n = data.y.length;
  if (data.unit.length !== n) throw new RangeError('y and unit differ in length');
  for (const pr of data.predictors) {
    if (('values' in pr ? pr.values : pr.factor).length !== n)
      throw new RangeError(`predictor ${pr.name} differs in length from y`);
  }
  const rows = keptRows(data);
  const columns = designColumns(data, rows);
  const p = columns.length;
  const x = new Float64Array(rows.length * p);
  columns.forEach((col, j) => col.values.forEach((v, i) => (x[i * p + j] = v)));
  const index = new Map<UnitId, number>();
  const group = Int32Array.from(rows, (r) => {
    const id = data.unit[r];
    let g = index.get(id);
    if (g === undefined) index.set(id, (g = index.size));
    return g;
  });
  return {
    names: columns.map((c) => c.name),
    p,
    x,
    y: Float64Array.from(rows, (r) => data.y[r]),
    group,
    groupIds: [...index.keys()],
  };
}

/**
 * Fits a random-intercept model from group summaries (reml-core.ts), optionally with groups
 * repeated `weights` times; `nearRatio` (σ²_u/σ²_e of a related fit) narrows the search. Null
 * when the fixed-effect design is rank-deficient or there are no residual degrees of freedom.
 */
export function fitFromSummaries(
  summaries: readonly GroupSummary[],
  names: readonly string[],
  weights?: ArrayLike<number>,
  nearRatio?: number,
): MixedModelFit | null {
  return fitFromPooled(poolGroups(summaries, names.length, weights), names, nearRatio);
}

/** fitFromSummaries on summaries already pooled (poolTable), for refits on resamples. */
export function fitFromPooled(
  stats: PooledStats,
  names: readonly string[],
  nearRatio?: number,
): MixedModelFit | null {
  const p = names.length;
  const best = minimizeReml(stats, nearRatio);
  if (best === null) return null;
  const sigma2Residual = best.residualSS / (stats.rows - p);
  const vcov = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => sigma2Residual * best.unscaledCov[i * p + j]),
  );
  return {
    fixed: names.map((name, j) => {
      const estimate = best.beta[j];
      const se = Math.sqrt(vcov[j][j]);
      return { name, estimate, se, lower: estimate - Z_975 * se, upper: estimate + Z_975 * se };
    }),
    vcov,
    sigma2Unit: best.gamma * sigma2Residual,
    sigma2Residual,
    theta: Math.sqrt(best.gamma),
    singular: best.gamma === 0,
    remlCriterion: best.criterion,
    rows: stats.rows,
    groups: stats.groups,
  };
}

/**
 * REML fit of y ~ predictors + (1 | unit). Rows with a non-finite response or numeric
 * predictor, or a missing unit or factor value, are left out (R's na.omit). Throws on a
 * rank-deficient design (lme4 would drop columns; callers here should not build one).
 */
export function fitRandomIntercept(data: RandomInterceptData): MixedModelFit {
  const design = buildDesign(data);
  const summaries = summarizeGroups(
    design.x,
    design.y,
    design.group,
    design.groupIds.length,
    design.p,
  );
  const fit = fitFromSummaries(summaries, design.names);
  if (fit === null)
    throw new RangeError('the model cannot be fitted: rank-deficient design or no residual df');
  return fit;
}

/** The fixed effect called `name`; throws when the model has none. */
export function coefficient(fit: MixedModelFit, name: string): FixedEffect {
  const found = fit.fixed.find((f) => f.name === name);
  if (!found) throw new RangeError(`no fixed effect ${name}`);
  return found;
}

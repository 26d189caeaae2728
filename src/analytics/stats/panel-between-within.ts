import {
  coefficient,
  fitRandomIntercept,
  type FixedEffect,
  type MixedModelFit,
  type UnitId,
} from './mixed-model';

/**
 * Between- and within-unit effects over a panel of units × cycles (Hamaker, Kuiper &
 * Grasman 2015): the unit's mean over its cycles (between) and each cycle's deviation from
 * it (within) enter one random-intercept model with fixed cycle effects, the model
 *   lme4::lmer(y ~ xw + xb + factor(cycle) + (1 | unit), REML = TRUE)
 * fits. docs/methods.md has the formulas.
 */

export interface PanelRow {
  unit: UnitId;
  cycle: UnitId;
  x: number;
  y: number;
}

/** Rows with finite x and y. */
export function completeRows(rows: readonly PanelRow[]): PanelRow[] {
  return rows.filter((r) => Number.isFinite(r.x) && Number.isFinite(r.y));
}

/** Per-unit means of x and y over the unit's rows. */
export function unitMeans(rows: readonly PanelRow[]): Map<UnitId, { x: number; y: number }> {
  const sums = new Map<UnitId, { n: number; x: number; y: number }>();
  for (const r of rows) {
    const s = sums.get(r.unit) ?? { n: 0, x: 0, y: 0 };
    s.n++;
    s.x += r.x;
    s.y += r.y;
    sums.set(r.unit, s);
  }
  return new Map([...sums].map(([unit, s]) => [unit, { x: s.x / s.n, y: s.y / s.n }]));
}

export interface BetweenWithinFit {
  /** bW: change in y when a unit's x is one point above its own mean */
  within: FixedEffect;
  /** bB: difference in y between units whose mean x differs by one point */
  between: FixedEffect;
  /** the whole fit: "(Intercept)", "xw", "xb", "cycle<level>" for each non-reference cycle */
  model: MixedModelFit;
}

/**
 * y_it = b0 + bW (x_it − x̄_i) + bB x̄_i + cycle effects + u_i + e_it, REML. Rows with a
 * non-finite x or y are dropped before the unit means are taken, so x̄_i is the unit's mean
 * over the rows that enter the model. `cycleLevels` orders the cycles (the first is the
 * reference); by default they are sorted as R's factor() sorts them.
 */
export function betweenWithin(
  rows: readonly PanelRow[],
  options: { cycleLevels?: readonly UnitId[] } = {},
): BetweenWithinFit {
  const used = completeRows(rows);
  const means = unitMeans(used);
  const xb = used.map((r) => (means.get(r.unit) as { x: number }).x);
  const model = fitRandomIntercept({
    y: used.map((r) => r.y),
    unit: used.map((r) => r.unit),
    predictors: [
      { name: 'xw', values: used.map((r, i) => r.x - xb[i]) },
      { name: 'xb', values: xb },
      { name: 'cycle', factor: used.map((r) => r.cycle), levels: options.cycleLevels },
    ],
  });
  return { within: coefficient(model, 'xw'), between: coefficient(model, 'xb'), model };
}

import reference from '../../../test/fixtures/analytics/mixed-models.json';
import { mulberry32 } from './bootstrap';
import { coefficient, fitRandomIntercept, type MixedModelFit } from './mixed-model';
import { betweenWithin, type PanelRow } from './panel-between-within';
import {
  finishLagged,
  laggedResamples,
  laggedRows,
  laggedWithin,
  planLagged,
} from './panel-lagged';

/** Reference values from lme4 (test/fixtures/analytics/generate_mixed_models.R). */
interface LmerReference {
  names: string[];
  beta: number[];
  se: number[];
  sigma2Unit: number;
  sigma2Residual: number;
  theta: number;
  singular: boolean;
  remlCriterion: number;
  rows: number;
  groups: number;
}

/** |actual − expected| ≤ 1e-6 · max(1, |expected|): absolute near zero, relative for large values. */
function expectClose(actual: number, expected: number, what: string) {
  const tolerance = 1e-6 * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance))
    throw new Error(`${what}: expected ${expected}, got ${actual} (tolerance ${tolerance})`);
}

function expectMatchesLmer(fit: MixedModelFit, expected: LmerReference, rename = (n: string) => n) {
  expect(fit.fixed.map((f) => f.name)).toEqual(expected.names.map(rename));
  fit.fixed.forEach((f, j) => {
    expectClose(f.estimate, expected.beta[j], `beta ${f.name}`);
    expectClose(f.se, expected.se[j], `se ${f.name}`);
    expectClose(f.upper - f.lower, 2 * 1.959963984540054 * expected.se[j], `CI width ${f.name}`);
  });
  expectClose(fit.sigma2Unit, expected.sigma2Unit, 'sigma2Unit');
  expectClose(fit.sigma2Residual, expected.sigma2Residual, 'sigma2Residual');
  expectClose(fit.theta, expected.theta, 'theta');
  expectClose(fit.remlCriterion, expected.remlCriterion, 'REMLcrit');
  expect(fit.singular).toBe(expected.singular);
  expect(fit.rows).toBe(expected.rows);
  expect(fit.groups).toBe(expected.groups);
}

const panelRows = (c: { unit: string[]; cycle: (string | number)[]; x: number[]; y: number[] }) =>
  c.unit.map((unit, i): PanelRow => ({ unit, cycle: c.cycle[i], x: c.x[i], y: c.y[i] }));

describe(fitRandomIntercept.name, () => {
  it.each(reference.general)('matches lme4::lmer(y ~ x1 + x2 + (1|unit)) for $name', (c) => {
    const fit = fitRandomIntercept({
      y: c.y,
      unit: c.unit,
      predictors: [
        { name: 'x1', values: c.x1 },
        { name: 'x2', values: c.x2 },
      ],
    });
    expectMatchesLmer(fit, c.expected);
  });

  it('reports sigma2_u = 0 exactly on the boundary', () => {
    const c = reference.general.find((g) => g.expected.singular)!;
    const fit = fitRandomIntercept({
      y: c.y,
      unit: c.unit,
      predictors: [{ name: 'x1', values: c.x1 }],
    });
    expect(fit.sigma2Unit).toBe(0);
    expect(fit.singular).toBe(true);
  });

  it('drops rows with a missing value, as na.omit does', () => {
    const c = reference.general[0];
    const withGaps = fitRandomIntercept({
      y: [...c.y, Number.NaN, 3],
      unit: [...c.unit, 'extra', 'extra'],
      predictors: [
        { name: 'x1', values: [...c.x1, 1, Number.NaN] },
        { name: 'x2', values: [...c.x2, 1, 1] },
      ],
    });
    expectMatchesLmer(withGaps, c.expected);
  });

  it('treats a factor with the first level as reference and rejects a rank-deficient design', () => {
    const c = reference.general[0];
    const cycle = c.y.map((_, i) => ['b', 'a', 'c'][i % 3]);
    const fit = fitRandomIntercept({
      y: c.y,
      unit: c.unit,
      predictors: [{ name: 'cycle', factor: cycle, levels: ['c', 'a', 'b'] }],
    });
    expect(fit.fixed.map((f) => f.name)).toEqual(['(Intercept)', 'cyclea', 'cycleb']);
    expect(() =>
      fitRandomIntercept({
        y: c.y,
        unit: c.unit,
        predictors: [
          { name: 'x1', values: c.x1 },
          { name: 'x1again', values: c.x1.map((v) => 2 * v) },
        ],
      }),
    ).toThrow(RangeError);
  });
});

describe(betweenWithin.name, () => {
  it.each(reference.betweenWithin)(
    'matches lmer(y ~ xw + xb + factor(cycle) + (1|unit)) for $name',
    (c) => {
      const fit = betweenWithin(panelRows(c));
      expectMatchesLmer(fit.model, c.expected, (n) => n.replace('factor(cycle)', 'cycle'));
      expect(fit.within.name).toBe('xw');
      expect(fit.between.name).toBe('xb');
    },
  );
});

describe(laggedWithin.name, () => {
  it.each(reference.lagged)('matches both lagged lmer fits for $name', (c) => {
    const fit = laggedWithin(panelRows(c), { resamples: 200 });
    expect(fit.pairs).toBe(c.expected.pairs);
    expectMatchesLmer(fit.outcomeY, c.expected.outcomeY);
    expectMatchesLmer(fit.outcomeX, c.expected.outcomeX);
    expectClose(fit.xToY.standardized, c.expected.standardizedXtoY, 'standardized x to y');
    expectClose(fit.yToX.standardized, c.expected.standardizedYtoX, 'standardized y to x');
    expectClose(fit.difference.estimate, c.expected.difference, 'difference');
  });

  it('pairs only adjacent cycles of the order and centres on the unit mean', () => {
    const rows: PanelRow[] = [
      { unit: 'a', cycle: 1, x: 1, y: 10 },
      { unit: 'a', cycle: 2, x: 3, y: 20 },
      { unit: 'a', cycle: 4, x: 5, y: 30 },
      { unit: 'b', cycle: 3, x: 7, y: 1 },
    ];
    expect(laggedRows(rows)).toEqual([{ unit: 'a', xw: -2, yw: -10, xNext: 3, yNext: 20 }]);
    expect(laggedRows(rows, [1, 2, 4])).toHaveLength(2);
  });

  it('gives the same fit from its bootstrap made in slices, in any order, as in one go', () => {
    const rows = panelRows(reference.lagged[1]);
    const plan = planLagged(rows, { resamples: 301, seed: 7 });
    const whole = laggedResamples(plan.resampling, 0, 301);
    const slices = [
      [200, 301],
      [0, 1],
      [1, 200],
    ].map(([from, to]) => ({ from, slice: laggedResamples(plan.resampling, from, to) }));
    const joined = new Float64Array(602);
    for (const { from, slice } of slices) joined.set(slice, 2 * from);
    expect(joined).toEqual(whole);
    expect(finishLagged(plan, joined)).toEqual(laggedWithin(rows, { resamples: 301, seed: 7 }));
    expect(() => finishLagged(plan, whole.subarray(2))).toThrow('needs 301 resamples');
  });

  it('is reproducible for a seed', () => {
    const rows = panelRows(reference.lagged[1]);
    const a = laggedWithin(rows, { resamples: 300, seed: 7 });
    const b = laggedWithin(rows, { resamples: 300, seed: 7 });
    expect(a.difference).toEqual(b.difference);
    expect(a.bootstrap.used).toBe(300);
  });

  // A demo-sized panel (150 units, 4 cycles) where x leads y and y does not lead x. The
  // reverse path is not asserted: centring on a mean that includes later cycles biases the
  // lagged coefficients downward in short panels (Nickell 1981; docs/methods.md).
  it('recovers a planted within-unit lagged effect inside its CI', () => {
    const random = mulberry32(424242);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const rows: PanelRow[] = [];
    const planted = { xToY: 0.4, yToX: 0 };
    for (let u = 0; u < 150; u++) {
      const [xu, yu] = [normal(), normal()];
      let [x, y] = [xu + normal(), yu + normal()];
      for (let t = 1; t <= 4; t++) {
        rows.push({ unit: `u${u}`, cycle: t, x, y });
        [x, y] = [
          xu + 0.2 * (x - xu) + planted.yToX * (y - yu) + normal(),
          yu + planted.xToY * (x - xu) + 0.2 * (y - yu) + normal(),
        ];
      }
    }
    const fit = laggedWithin(rows, { resamples: 500 });
    const xToY = coefficient(fit.outcomeY, 'xw');
    expect(xToY.lower).toBeLessThan(planted.xToY);
    expect(xToY.upper).toBeGreaterThan(planted.xToY);
    expect(fit.difference.lower).toBeGreaterThan(0);
  });
});

import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/partial-correlation.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import { pearson } from './correlation';
import { invertMatrix, partialCorrelation } from './partial-correlation';

const triples = fc
  .array(
    fc.tuple(
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: -50, max: 50 }),
      fc.integer({ min: -50, max: 50 }),
    ),
    {
      minLength: 6,
      maxLength: 40,
    },
  )
  .map((rows) => ({
    x: rows.map((r) => r[0]),
    y: rows.map((r) => r[1]),
    z: rows.map((r) => r[2]),
  }));

describe(partialCorrelation.name, () => {
  it.each(reference.cases)(
    'matches residualization with numpy + scipy.stats.t for $name',
    ({ x, y, covariates, expected }) => {
      const result = defined(partialCorrelation(x, y, covariates));
      expect(result.r).toBeCloseTo(expected.r, 9);
      expect(result.df).toBe(expected.df);
      expect(result.p).toBeCloseTo(expected.p, 6);
      const ci = defined(result.ci);
      expect(ci.lower).toBeCloseTo(expected.ciLower, 9);
      expect(ci.upper).toBeCloseTo(expected.ciUpper, 9);
    },
  );

  it('agrees with the textbook one-covariate formula (r_xy − r_xz·r_yz) / √((1 − r_xz²)(1 − r_yz²))', () => {
    fc.assert(
      fc.property(triples, ({ x, y, z }) => {
        const [rxy, rxz, ryz] = [pearson(x, y), pearson(x, z), pearson(y, z)];
        fc.pre(
          rxy !== null &&
            rxz !== null &&
            ryz !== null &&
            Math.abs(rxz) < 0.99 &&
            Math.abs(ryz) < 0.99,
        );
        const expected = (rxy - rxz * ryz) / Math.sqrt((1 - rxz ** 2) * (1 - ryz ** 2));
        const result = defined(partialCorrelation(x, y, [z]));
        expect(result.r).toBeCloseTo(expected, 9);
        expect(partialCorrelation(y, x, [z])?.r).toBeCloseTo(result.r, 12);
        expect(Math.abs(result.r)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives a plain 0, not -0, when x and y are unrelated given the covariate', () => {
    // The inverse's off-diagonal is exactly 0 here, and r is its negation.
    const x = [-8.621082536450803e-82, 0, 0, 0, 0];
    const result = defined(partialCorrelation(x, [0, 0, 50, 0, 0], [[5e-324, 2, 38, 6, 44]]));
    expect(Object.is(result.r, 0)).toBe(true);
  });

  it('reduces to Pearson r without covariates', () => {
    const c = reference.cases[0];
    expect(partialCorrelation(c.x, c.y, [])?.r).toBeCloseTo(defined(pearson(c.x, c.y)), 12);
  });

  it('is undefined when a covariate is constant, duplicates x, or leaves no degrees of freedom', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = [2, 1, 4, 3, 6, 5];
    expect(partialCorrelation(x, y, [[7, 7, 7, 7, 7, 7]])).toBeNull();
    expect(partialCorrelation(x, y, [x])).toBeNull();
    expect(partialCorrelation(x.slice(0, 3), y.slice(0, 3), [[1, 5, 2]])).toBeNull();
  });
});

describe(invertMatrix.name, () => {
  it('returns the inverse of a positive-definite matrix', () => {
    const m = [
      [1, 0.5, 0.2],
      [0.5, 1, 0.3],
      [0.2, 0.3, 1],
    ];
    const inv = defined(invertMatrix(m));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const product = m[i].reduce((acc, v, k) => acc + v * inv[k][j], 0);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('detects a singular matrix', () => {
    expect(
      invertMatrix([
        [1, 1],
        [1, 1],
      ]),
    ).toBeNull();
  });
});

import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/correlation.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import {
  averageRanks,
  correlationPValue,
  fisherConfidenceInterval,
  pearson,
  spearman,
} from './correlation';

/** Paired integer data with at least two distinct values on each side. */
const pairedData = fc
  .array(fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 })), {
    minLength: 4,
    maxLength: 60,
  })
  .map((pairs) => ({ x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]) }))
  .filter(({ x, y }) => new Set(x).size > 1 && new Set(y).size > 1);

describe(pearson.name, () => {
  it.each(reference.datasets)('matches scipy.stats.pearsonr for $name', ({ x, y, expected }) => {
    expect(pearson(x, y)).toBeCloseTo(expected.r, 9);
  });

  it("reproduces Anscombe's published r = 0.816 for all four sets", () => {
    // Published to 3 decimals; set IV's 0.81652 sits right on the rounding boundary.
    for (const d of reference.datasets.filter((set) => set.name.startsWith('Anscombe'))) {
      expect(Math.abs(defined(pearson(d.x, d.y)) - reference.publishedAnscombeR)).toBeLessThan(
        0.001,
      );
    }
  });

  it('is undefined for a constant variable or fewer than two pairs', () => {
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(pearson([0.1, 0.1, 0.1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
  });

  it('rejects arrays of different lengths', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow(RangeError);
  });

  it('gives a plain 0, not -0, when r underflows from the negative side', () => {
    // The centered cross-product is a negative subnormal here, so the quotient rounds to -0.
    // JSON turns -0 into 0, so a -0 would make a report differ from its own cached copy.
    const x = [0, -99.99999999999974, 99.99999999999974, -6e-323];
    expect(Object.is(pearson(x, [-0.22727272727272727, 0, 0, 0]), 0)).toBe(true);
  });

  it('lies in [-1, 1] and is symmetric in x and y', () => {
    fc.assert(
      fc.property(pairedData, ({ x, y }) => {
        const r = defined(pearson(x, y));
        expect(Math.abs(r)).toBeLessThanOrEqual(1);
        expect(pearson(y, x)).toBeCloseTo(r, 12);
      }),
    );
  });

  it('is unchanged by positive linear rescaling and flips sign under negative scaling', () => {
    fc.assert(
      fc.property(
        pairedData,
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        ({ x, y }, scale, shift) => {
          const r = defined(pearson(x, y));
          const scaled = x.map((v) => v * scale + shift);
          expect(pearson(scaled, y)).toBeCloseTo(r, 9);
          expect(
            pearson(
              x.map((v) => -v * scale),
              y,
            ),
          ).toBeCloseTo(-r, 9);
        },
      ),
    );
  });

  it('is exactly ±1 for a perfect line', () => {
    expect(pearson([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3, 4], [9, 7, 5, 3])).toBeCloseTo(-1, 14);
  });
});

describe(correlationPValue.name, () => {
  it.each(reference.datasets)(
    'matches the scipy.stats.pearsonr p-value for $name',
    ({ x, expected }) => {
      expect(correlationPValue(expected.r, x.length)).toBeCloseTo(expected.p, 6);
    },
  );

  it('is undefined without residual degrees of freedom and 0 for a perfect correlation', () => {
    expect(correlationPValue(0.5, 2)).toBeNull();
    expect(correlationPValue(0.5, 5, 2)).toBe(correlationPValue(0.5, 3));
    expect(correlationPValue(-1, 10)).toBe(0);
  });

  it('falls as |r| grows for a fixed N, and is 1 at r = 0', () => {
    expect(correlationPValue(0, 20)).toBeCloseTo(1, 6); // jstat's t cdf is accurate to ~1e-8
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.98, noNaN: true }),
        fc.double({ min: 0.001, max: 0.01, noNaN: true }),
        fc.integer({ min: 4, max: 300 }),
        (r, step, n) => {
          expect(defined(correlationPValue(r + step, n))).toBeLessThanOrEqual(
            defined(correlationPValue(r, n)),
          );
          expect(correlationPValue(-r, n)).toBeCloseTo(defined(correlationPValue(r, n)), 12);
        },
      ),
    );
  });
});

describe(fisherConfidenceInterval.name, () => {
  it.each(reference.datasets)(
    'matches scipy pearsonr(...).confidence_interval() for $name',
    ({ x, expected }) => {
      const ci = defined(fisherConfidenceInterval(expected.r, x.length));
      expect(ci.lower).toBeCloseTo(expected.ciLower, 9);
      expect(ci.upper).toBeCloseTo(expected.ciUpper, 9);
    },
  );

  it('contains r, stays inside [-1, 1] and narrows as N grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.999, max: 0.999, noNaN: true }),
        fc.integer({ min: 4, max: 5000 }),
        (r, n) => {
          const ci = defined(fisherConfidenceInterval(r, n));
          expect(ci.lower).toBeLessThanOrEqual(r);
          expect(ci.upper).toBeGreaterThanOrEqual(r);
          expect(ci.lower).toBeGreaterThanOrEqual(-1);
          expect(ci.upper).toBeLessThanOrEqual(1);
          const wider = defined(fisherConfidenceInterval(r, n + 10));
          expect(wider.upper - wider.lower).toBeLessThanOrEqual(ci.upper - ci.lower + 1e-15);
        },
      ),
    );
  });

  it('uses √(N − 3 − k) for k covariates and is undefined when that is not positive', () => {
    expect(fisherConfidenceInterval(0.4, 20, 2)).toEqual(fisherConfidenceInterval(0.4, 18));
    expect(fisherConfidenceInterval(0.4, 3)).toBeNull();
    expect(fisherConfidenceInterval(0.4, 5, 2)).toBeNull();
  });
});

describe(averageRanks.name, () => {
  it.each(reference.ranks)(
    'matches scipy.stats.rankdata(method="average") for $values',
    ({ values, expected }) => {
      expect(averageRanks(values)).toEqual(expected);
    },
  );
});

describe(spearman.name, () => {
  it.each(reference.datasets)('matches scipy.stats.spearmanr for $name', ({ x, y, expected }) => {
    expect(spearman(x, y)).toBeCloseTo(expected.spearman, 9);
  });

  it('is invariant under strictly increasing transforms', () => {
    fc.assert(
      fc.property(pairedData, ({ x, y }) => {
        const rho = defined(spearman(x, y));
        expect(
          spearman(
            x.map((v) => Math.exp(v / 50)),
            y.map((v) => v ** 3),
          ),
        ).toBeCloseTo(rho, 12);
      }),
    );
  });

  it('is 1 for any monotone increasing relation', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 1000])).toBeCloseTo(1, 14);
  });
});

import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/steiger.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import { pearson } from './correlation';
import { steigerNonOverlapping, type NonOverlappingCorrelations } from './steiger';

/** Correlations among four variables measured on the same cases, so the matrix is valid. */
const fourVariables = fc
  .array(
    fc.tuple(
      fc.integer({ min: -9, max: 9 }),
      fc.integer({ min: -9, max: 9 }),
      fc.integer({ min: -9, max: 9 }),
      fc.integer({ min: -9, max: 9 }),
    ),
    {
      minLength: 8,
      maxLength: 50,
    },
  )
  .map((rows) => {
    const v = [0, 1, 2, 3].map((i) => rows.map((row) => row[i]));
    const r = (a: number, b: number) => pearson(v[a], v[b]);
    return {
      r12: r(0, 1),
      r34: r(2, 3),
      r13: r(0, 2),
      r14: r(0, 3),
      r23: r(1, 2),
      r24: r(1, 3),
      n: rows.length,
    };
  })
  .filter(
    (c): c is NonOverlappingCorrelations =>
      Object.values(c).every((value) => value !== null) &&
      Math.abs(c.r12!) < 0.95 &&
      Math.abs(c.r34!) < 0.95,
  );

describe(steigerNonOverlapping.name, () => {
  it.each(reference.cases)(
    'matches Steiger (1980) eq. 15 computed in Python: $name',
    ({ input, expected }) => {
      const result = defined(steigerNonOverlapping(input));
      expect(result.z).toBeCloseTo(expected.z, 9);
      expect(result.p).toBeCloseTo(expected.p, 6);
    },
  );

  it('reduces to the two-independent-correlations statistic when the pairs are uncorrelated', () => {
    const result = defined(
      steigerNonOverlapping({ r12: 0.45, r34: 0.1, r13: 0, r14: 0, r23: 0, r24: 0, n: 60 }),
    );
    expect(result.z).toBeCloseTo(
      (Math.sqrt(57) * (Math.atanh(0.45) - Math.atanh(0.1))) / Math.sqrt(2),
      12,
    );
  });

  it('changes sign when the two correlations swap roles, and is 0 when they are equal', () => {
    fc.assert(
      fc.property(fourVariables, (c) => {
        const result = steigerNonOverlapping(c);
        fc.pre(result !== null);
        // Relabel variables 1↔3 and 2↔4: r12 ↔ r34, r14 ↔ r23, r13 and r24 stay.
        const swapped = steigerNonOverlapping({
          ...c,
          r12: c.r34,
          r34: c.r12,
          r14: c.r23,
          r23: c.r14,
        });
        expect(defined(swapped).z).toBeCloseTo(-result.z, 9);
        expect(result.p).toBeGreaterThanOrEqual(0);
        expect(result.p).toBeLessThanOrEqual(1);
        // Equal correlations give exactly 0, unless the pooled r then makes the two z's
        // perfectly correlated, where there is no test (null).
        const equal = steigerNonOverlapping({ ...c, r34: c.r12 });
        expect(equal?.z ?? 0).toBe(0);
      }),
    );
  });

  it('is undefined for N ≤ 3 or a perfect compared correlation, and rejects impossible correlations', () => {
    const base = { r12: 0.4, r34: 0.2, r13: 0.1, r14: 0.3, r23: 0.2, r24: 0.1, n: 30 };
    expect(steigerNonOverlapping({ ...base, n: 3 })).toBeNull();
    expect(steigerNonOverlapping({ ...base, r12: 1 })).toBeNull();
    expect(() => steigerNonOverlapping({ ...base, r13: 1.2 })).toThrow(RangeError);
  });
});

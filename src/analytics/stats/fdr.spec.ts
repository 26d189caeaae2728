import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/fdr.json';
import { benjaminiHochberg } from './fdr';

const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 });

describe(benjaminiHochberg.name, () => {
  it.each(reference.cases)(
    'matches scipy.stats.false_discovery_control for $name',
    ({ p, expected }) => {
      const q = benjaminiHochberg(p);
      expect(q).toHaveLength(expected.length);
      q.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 12));
    },
  );

  it('rejects exactly the 4 hypotheses Benjamini & Hochberg (1995) reject at q* = 0.05', () => {
    const q = benjaminiHochberg(reference.cases[0].p);
    expect(q.filter((v) => v <= 0.05)).toHaveLength(reference.publishedRejectionsAt05);
  });

  it('never lowers a p-value, never exceeds 1, and keeps the order of the p-values', () => {
    fc.assert(
      fc.property(pValues, (p) => {
        const q = benjaminiHochberg(p);
        expect(q).toHaveLength(p.length);
        p.forEach((pi, i) => {
          expect(q[i]).toBeGreaterThanOrEqual(pi);
          expect(q[i]).toBeLessThanOrEqual(1);
          p.forEach((pj, j) => {
            if (pi <= pj) expect(q[i]).toBeLessThanOrEqual(q[j]);
          });
        });
      }),
    );
  });

  it('is equivariant under permutation of the input', () => {
    fc.assert(
      fc.property(pValues, fc.integer(), (p, seed) => {
        const order = p
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const q = benjaminiHochberg(p);
        const shuffled = benjaminiHochberg(order.map((i) => p[i]));
        order.forEach((i, k) => expect(shuffled[k]).toBeCloseTo(q[i], 15));
      }),
    );
  });

  it('leaves a single p-value unchanged and rejects invalid ones', () => {
    expect(benjaminiHochberg([0.03])).toEqual([0.03]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([0.2, 1.5])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
  });
});

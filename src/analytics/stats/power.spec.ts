import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/power.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import { minimumDetectableCorrelation, unitsNeededToDetect } from './power';

describe(minimumDetectableCorrelation.name, () => {
  it.each(reference.minDetectable)('matches scipy norm quantiles for N = $n', ({ n, expected }) => {
    expect(minimumDetectableCorrelation(n)).toBeCloseTo(expected, 9);
  });

  it('is about .30 with 85 units', () => {
    expect(defined(minimumDetectableCorrelation(85))).toBeCloseTo(0.3, 2);
  });

  it('decreases as the number of units grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 100_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (n, more) => {
          expect(defined(minimumDetectableCorrelation(n + more))).toBeLessThan(
            defined(minimumDetectableCorrelation(n)),
          );
        },
      ),
    );
  });

  it('is undefined for 3 units or fewer', () => {
    expect(minimumDetectableCorrelation(3)).toBeNull();
  });

  it('grows with a stricter alpha or higher power', () => {
    const base = defined(minimumDetectableCorrelation(50));
    expect(defined(minimumDetectableCorrelation(50, { alpha: 0.01 }))).toBeGreaterThan(base);
    expect(defined(minimumDetectableCorrelation(50, { power: 0.9 }))).toBeGreaterThan(base);
  });
});

describe(unitsNeededToDetect.name, () => {
  it.each(reference.unitsNeeded)('matches the Fisher-z formula for r = $r', ({ r, expected }) => {
    expect(unitsNeededToDetect(r)).toBe(expected);
  });

  it.each(reference.published)(
    'agrees with Cohen (1992) Table 2: N = $n for r = $r',
    ({ r, n }) => {
      expect(unitsNeededToDetect(r)).toBe(n);
      expect(unitsNeededToDetect(-r)).toBe(n);
    },
  );

  it('inverts minimumDetectableCorrelation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 20_000 }), (n) => {
        expect(unitsNeededToDetect(defined(minimumDetectableCorrelation(n)))).toBe(n);
      }),
    );
  });

  it('is undefined for r = 0 or |r| ≥ 1', () => {
    expect(unitsNeededToDetect(0)).toBeNull();
    expect(unitsNeededToDetect(1)).toBeNull();
  });
});

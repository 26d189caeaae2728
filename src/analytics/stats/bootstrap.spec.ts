import reference from '../../../test/fixtures/analytics/bootstrap.json';
import correlationReference from '../../../test/fixtures/analytics/correlation.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import {
  bootstrapCorrelationCI,
  bootstrapCorrelationCIs,
  correlationIntervals,
  mulberry32,
  resampledCorrelations,
} from './bootstrap';
import { fisherConfidenceInterval, pearson } from './correlation';

describe(mulberry32.name, () => {
  it.each(reference.streams)(
    'matches an independent 32-bit Python implementation for seed $seed',
    ({ seed, expected }) => {
      const next = mulberry32(seed);
      expect(Array.from({ length: expected.length }, () => next())).toEqual(expected);
    },
  );

  it('starts anywhere in the stream: skip draws in one step', () => {
    const stream = mulberry32(20240601);
    const drawn = Array.from({ length: 1_000 }, () => stream());
    for (const skip of [0, 1, 17, 999]) {
      const from = mulberry32(20240601, skip);
      expect(Array.from({ length: 1_000 - skip }, () => from())).toEqual(drawn.slice(skip));
    }
    // Far into the stream (past 2³² draws the state has wrapped round): the same as stepping.
    const far = 2 ** 32 + 5;
    const wrapped = mulberry32(42, far)();
    expect(wrapped).toBe(mulberry32(42, 5)());
  });

  it('yields floats in [0, 1)', () => {
    const next = mulberry32(99);
    for (let i = 0; i < 10_000; i++) {
      const u = next();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});

describe(bootstrapCorrelationCI.name, () => {
  it.each(reference.cases)(
    'matches the Python re-implementation: $name',
    ({ x, y, resamples, seed, expected }) => {
      const ci = defined(bootstrapCorrelationCI(x, y, { resamples, seed }));
      expect(ci.lower).toBeCloseTo(expected.lower, 12);
      expect(ci.upper).toBeCloseTo(expected.upper, 12);
      expect(ci.used).toBe(expected.used);
      expect(ci.skipped).toBe(resamples - expected.used);
    },
  );

  const big = defined(correlationReference.datasets.find((d) => d.name === 'random n=200'));

  it('gives the same interval for the same seed and a different one for another seed', () => {
    const a = bootstrapCorrelationCI(big.x, big.y, { seed: 1, resamples: 300 });
    expect(bootstrapCorrelationCI(big.x, big.y, { seed: 1, resamples: 300 })).toEqual(a);
    expect(bootstrapCorrelationCI(big.x, big.y, { seed: 2, resamples: 300 })).not.toEqual(a);
  });

  it('brackets r and is close to the Fisher interval for a large, well-behaved sample', () => {
    const r = defined(pearson(big.x, big.y));
    const boot = defined(bootstrapCorrelationCI(big.x, big.y));
    const fisher = defined(fisherConfidenceInterval(r, big.x.length));
    expect(boot.lower).toBeLessThan(r);
    expect(boot.upper).toBeGreaterThan(r);
    expect(Math.abs(boot.lower - fisher.lower)).toBeLessThan(0.05);
    expect(Math.abs(boot.upper - fisher.upper)).toBeLessThan(0.05);
  });

  it('is undefined for fewer than 3 units or data that never vary', () => {
    expect(bootstrapCorrelationCI([1, 2], [2, 1])).toBeNull();
    expect(bootstrapCorrelationCI([1, 1, 1, 1], [1, 2, 3, 4])).toBeNull();
  });
});

describe(bootstrapCorrelationCIs.name, () => {
  const big = defined(correlationReference.datasets.find((d) => d.name === 'random n=200'));
  const next = mulberry32(7);
  const noise = big.x.map(() => Math.round(next() * 1000) / 7);
  const steps = big.x.map((_, i) => i % 3);
  const variables = [big.x, big.y, noise, steps, big.x.map(() => 4)];
  const pairs: [number, number][] = [
    [0, 1],
    [0, 2],
    [2, 1],
    [3, 1],
    [3, 3],
    [4, 1],
    [1, 0],
  ];

  it('gives each pair exactly the interval it gets on its own, sharing variables or not', () => {
    for (const options of [
      { seed: 11, resamples: 500 },
      { seed: 3, resamples: 64 },
    ]) {
      const together = bootstrapCorrelationCIs(variables, pairs, options);
      pairs.forEach(([i, j], k) =>
        expect(together[k]).toEqual(bootstrapCorrelationCI(variables[i], variables[j], options)),
      );
    }
  });

  it('gives the same intervals from slices of the resamples made apart, in any order', () => {
    const options = { seed: 5, resamples: 500 };
    const whole = bootstrapCorrelationCIs(variables, pairs, options);
    const cuts = [0, 1, 199, 200, 437, 500];
    const slices = cuts
      .slice(1)
      .map((to, k) => resampledCorrelations(variables, pairs, options, cuts[k], to))
      .reverse();
    expect(correlationIntervals(slices, pairs.length, options)).toEqual(whole);
    expect(() => resampledCorrelations(variables, pairs, options, 400, 501)).toThrow(RangeError);
  });

  it('slices the same way when the draws are too many to keep in a table', () => {
    // 4,100 units × 2,000 resamples is over the 8,000,000 draws a table holds: each slice
    // starts the generator at its own first draw.
    const n = 4_100;
    const draw = mulberry32(9);
    const x = Array.from({ length: n }, () => draw());
    const y = x.map((value) => value + draw());
    const options = { seed: 2, resamples: 2_000 };
    const whole = bootstrapCorrelationCIs([x, y], [[0, 1]], options);
    const slices = [
      resampledCorrelations([x, y], [[0, 1]], options, 1_300, 2_000),
      resampledCorrelations([x, y], [[0, 1]], options, 0, 1_300),
    ];
    expect(correlationIntervals(slices, 1, options)).toEqual(whole);
    expect(whole[0]?.used).toBe(2_000);
  });

  it('leaves a constant variable and too few units without an interval', () => {
    const [constant] = bootstrapCorrelationCIs(variables, [[4, 1]], { seed: 1, resamples: 100 });
    expect(constant).toBeNull();
    expect(
      bootstrapCorrelationCIs(
        [
          [1, 2],
          [2, 1],
        ],
        [[0, 1]],
      ),
    ).toEqual([null]);
  });
});

import { linearFit } from './regression';

describe(linearFit.name, () => {
  // Independently computed with scipy.stats.linregress and scipy.stats.t.ppf(0.975, 3) on this data.
  const x = [1, 2, 3, 4, 5];
  const y = [2, 4, 5, 4, 5];

  it('fits the least-squares line', () => {
    const fit = linearFit(x, y)!;
    expect(fit.slope).toBeCloseTo(0.6, 10);
    expect(fit.intercept).toBeCloseTo(2.2, 10);
  });

  it('gives the 95% band of the mean response, narrowest at the mean of x', () => {
    const fit = linearFit(x, y, 4)!;
    // s = sqrt(SSE/(n-2)) = sqrt(2.4/3); at x̄ = 3: half-width = t(.975,3) * s / sqrt(5)
    const s = Math.sqrt(2.4 / 3);
    const t = 3.1824463052837078;
    const mid = fit.band[2];
    expect(mid.x).toBe(3);
    expect(mid.hi - mid.y).toBeCloseTo((t * s) / Math.sqrt(5), 9);
    const edge = fit.band[0];
    expect(edge.hi - edge.y).toBeCloseTo(t * s * Math.sqrt(1 / 5 + 4 / 10), 9);
  });

  it('refuses fewer than 3 points or constant x', () => {
    expect(linearFit([1, 2], [1, 2])).toBeNull();
    expect(linearFit([2, 2, 2], [1, 2, 3])).toBeNull();
  });
});

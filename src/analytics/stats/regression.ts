import { jStat } from 'jstat';

export interface FitPoint {
  x: number;
  /** fitted mean */
  y: number;
  /** 95% confidence band of the fitted mean */
  lo: number;
  hi: number;
}

export interface LinearFit {
  slope: number;
  intercept: number;
  n: number;
  band: FitPoint[];
}

/**
 * Ordinary least squares of y on x with the 95% confidence band of the mean response,
 * ŷ ± t(.975, n−2) · s · √(1/n + (x − x̄)²/Sxx), evaluated on `steps` points across the range of x.
 * Null when there are fewer than 3 points or x does not vary. docs/methods.md, "Correlations of
 * one cycle" (the scatter's line and band).
 */
export function linearFit(
  x: readonly number[],
  y: readonly number[],
  steps = 40,
): LinearFit | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - (intercept + slope * x[i])) ** 2;
  const s = Math.sqrt(sse / (n - 2));
  const t = jStat.studentt.inv(0.975, n - 2);
  const min = Math.min(...x);
  const max = Math.max(...x);
  const band: FitPoint[] = [];
  for (let k = 0; k <= steps; k++) {
    const xv = min + ((max - min) * k) / steps;
    const fit = intercept + slope * xv;
    const half = t * s * Math.sqrt(1 / n + (xv - mx) ** 2 / sxx);
    band.push({ x: xv, y: fit, lo: fit - half, hi: fit + half });
  }
  return { slope, intercept, n, band };
}

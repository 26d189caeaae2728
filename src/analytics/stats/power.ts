import { normalQuantile } from './distributions';

/**
 * Power for a test of H0: ρ = 0 by the Fisher-z approximation (Cohen, 1988, ch. 3):
 * atanh(ρ)·√(N − 3) must reach z_{1−α/2} + z_{power}. docs/methods.md, "Power" (why
 * pwr::pwr.r.test differs slightly).
 */

export interface PowerOptions {
  /** two-sided significance level (default 0.05) */
  alpha?: number;
  /** desired power (default 0.80) */
  power?: number;
}

function criticalSum({ alpha = 0.05, power = 0.8 }: PowerOptions): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1), got ${power}`);
  return normalQuantile(1 - alpha / 2) + normalQuantile(power);
}

/** Smallest |r| detectable with N units: tanh((z_{1−α/2} + z_power) / √(N − 3)); null for N ≤ 3. */
export function minimumDetectableCorrelation(n: number, options: PowerOptions = {}): number | null {
  if (!(n > 3)) return null;
  return Math.tanh(criticalSum(options) / Math.sqrt(n - 3));
}

/**
 * Units needed to detect |r| = r: ⌈((z_{1−α/2} + z_power) / atanh|r|)² + 3⌉
 * (85 for r = .30 at α = .05, power .80). Null for r = 0 or |r| ≥ 1.
 */
export function unitsNeededToDetect(r: number, options: PowerOptions = {}): number | null {
  const size = Math.abs(r);
  if (!(size > 0 && size < 1)) return null;
  const exact = (criticalSum(options) / Math.atanh(size)) ** 2 + 3;
  // Absorb rounding so that unitsNeededToDetect(minimumDetectableCorrelation(n)) is n itself.
  return Math.ceil(exact - 1e-9);
}

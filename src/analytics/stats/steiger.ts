import { normalTwoSidedP } from './distributions';

/**
 * Steiger (1980) test of H0: ρ12 = ρ34 for two dependent, NON-overlapping correlations
 * (four distinct variables measured on the same N cases).
 *
 * Steiger, J. H. (1980). Tests for comparing elements of a correlation matrix.
 * Psychological Bulletin, 87(2), 245–251:
 * - eq. 3 (Pearson & Filon, 1898): the asymptotic covariance N·cov(r_jk, r_hm) ≈ ψ, with
 *   ψ = ½ρ_jk ρ_hm (ρ_jh² + ρ_jm² + ρ_kh² + ρ_km²) + ρ_jh ρ_km + ρ_jm ρ_kh
 *       − (ρ_jk ρ_jh ρ_jm + ρ_jk ρ_kh ρ_km + ρ_jh ρ_kh ρ_hm + ρ_jm ρ_km ρ_hm);
 * - the covariance of the two Fisher z's is s = ψ / ((1 − ρ_jk²)(1 − ρ_hm²));
 * - eq. 15: Z = √(N − 3)·(z_jk − z_hm) / √(2 − 2s̄), where s̄ is s evaluated under H0 with
 *   ρ_jk and ρ_hm both replaced by the pooled r̄ = (r_jk + r_hm) / 2.
 * Here j, k, h, m are variables 1, 2, 3, 4 (r12 vs r34). docs/methods.md, "Cross-lagged
 * correlations and Steiger's test" (R: psych::r.test, pooled).
 */

export interface NonOverlappingCorrelations {
  /** the two correlations compared */
  r12: number;
  r34: number;
  /** the four cross correlations */
  r13: number;
  r14: number;
  r23: number;
  r24: number;
  /** cases (units) behind every correlation */
  n: number;
}

export interface SteigerResult {
  z: number;
  /** two-sided, standard normal */
  p: number;
  pooledR: number;
  /** s̄: estimated correlation between the two Fisher z's under H0 */
  zCorrelation: number;
}

/** Null when N ≤ 3, a compared correlation is ±1, or the two z's are (estimated) perfectly correlated. */
export function steigerNonOverlapping(input: NonOverlappingCorrelations): SteigerResult | null {
  const { r12, r34, r13, r14, r23, r24, n } = input;
  for (const r of [r12, r34, r13, r14, r23, r24]) {
    if (!(r >= -1 && r <= 1)) throw new RangeError(`correlation must be in [-1, 1], got ${r}`);
  }
  if (!(n > 3) || Math.abs(r12) === 1 || Math.abs(r34) === 1) return null;

  const pooled = (r12 + r34) / 2;
  const psi =
    0.5 * pooled * pooled * (r13 ** 2 + r14 ** 2 + r23 ** 2 + r24 ** 2) +
    r13 * r24 +
    r14 * r23 -
    (pooled * r13 * r14 + pooled * r23 * r24 + r13 * r23 * pooled + r14 * r24 * pooled);
  const zCorrelation = psi / (1 - pooled ** 2) ** 2;
  const variance = 2 - 2 * zCorrelation;
  if (!(variance > 1e-12)) return null;

  const z = (Math.sqrt(n - 3) * (Math.atanh(r12) - Math.atanh(r34))) / Math.sqrt(variance);
  return { z, p: normalTwoSidedP(z), pooledR: pooled, zCorrelation };
}

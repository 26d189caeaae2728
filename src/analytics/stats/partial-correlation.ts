import {
  clampCorrelation,
  correlationPValue,
  fisherConfidenceInterval,
  pearson,
} from './correlation';
import { assertSameLength, type Interval } from './descriptives';

export interface PartialCorrelation {
  r: number;
  n: number;
  /** number of covariates partialled out */
  covariates: number;
  /** t-test degrees of freedom, n − 2 − k */
  df: number;
  p: number;
  /** Fisher-z interval with √(n − 3 − k); null when n − 3 − k ≤ 0 */
  ci: Interval | null;
}

/** Inverse of a symmetric positive-definite matrix by Gauss–Jordan with partial pivoting; null if singular. */
export function invertMatrix(matrix: readonly (readonly number[])[]): number[][] | null {
  const size = matrix.length;
  const a = matrix.map((row, i) => [
    ...row,
    ...Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++) {
      if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    }
    // Correlation matrices have a unit diagonal, so an absolute tolerance is meaningful.
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let j = 0; j < 2 * size; j++) a[col][j] /= p;
    for (let row = 0; row < size; row++) {
      if (row === col) continue;
      const factor = a[row][col];
      if (factor === 0) continue;
      for (let j = 0; j < 2 * size; j++) a[row][j] -= factor * a[col][j];
    }
  }
  return a.map((row) => row.slice(size));
}

/**
 * Partial correlation of x and y controlling for the covariates, from the inverse P of the
 * correlation matrix of [x, y, ...covariates]: r = −P₀₁ / √(P₀₀·P₁₁). p uses df = n − 2 − k
 * and the CI √(n − 3 − k). Null when a variable is constant, the covariates make the matrix
 * singular, or df < 1. docs/methods.md, "Correlations of one cycle" (partial r, and its R).
 */
export function partialCorrelation(
  x: readonly number[],
  y: readonly number[],
  covariates: readonly (readonly number[])[],
): PartialCorrelation | null {
  assertSameLength(x, y);
  for (const c of covariates) assertSameLength(x, c);
  const variables = [x, y, ...covariates];
  const k = covariates.length;
  const n = x.length;
  const df = n - 2 - k;
  if (df < 1) return null;

  const size = variables.length;
  const correlations: number[][] = Array.from({ length: size }, () =>
    new Array<number>(size).fill(1),
  );
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const r = pearson(variables[i], variables[j]);
      if (r === null) return null;
      correlations[i][j] = r;
      correlations[j][i] = r;
    }
  }
  const inverse = invertMatrix(correlations);
  if (inverse === null || !(inverse[0][0] > 0 && inverse[1][1] > 0)) return null;
  const r = clampCorrelation(-inverse[0][1] / Math.sqrt(inverse[0][0] * inverse[1][1]));
  const p = correlationPValue(r, n, k);
  if (p === null) return null;
  return { r, n, covariates: k, df, p, ci: fisherConfidenceInterval(r, n, k) };
}

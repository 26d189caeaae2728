/**
 * Small dense symmetric matrices for the mixed-model fit: p × p with p the number of fixed
 * effects (a handful), stored row-major in a Float64Array of length p².
 */

/** A p × p zero matrix. */
export function zeroMatrix(p: number): Float64Array {
  return new Float64Array(p * p);
}

/** target += scale · v vᵀ (both triangles). */
export function addOuter(target: Float64Array, v: ArrayLike<number>, scale: number, p: number) {
  for (let i = 0; i < p; i++) {
    const si = scale * v[i];
    if (si === 0) continue;
    const row = i * p;
    for (let j = 0; j < p; j++) target[row + j] += si * v[j];
  }
}

/** target += scale · source, element by element. */
export function addScaled(target: Float64Array, source: ArrayLike<number>, scale: number) {
  for (let i = 0; i < target.length; i++) target[i] += scale * source[i];
}

/**
 * Cholesky factor L (lower, row-major) of a symmetric positive definite matrix, or null when
 * a pivot is not positive relative to the diagonal (singular or indefinite to working precision).
 */
export function cholesky(a: ArrayLike<number>, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  return choleskyInto(a, p, l) ? l : null;
}

/** cholesky() written into `l` (p², zeroed above the diagonal here); false when it fails. */
export function choleskyInto(a: ArrayLike<number>, p: number, l: Float64Array): boolean {
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < j; i++) l[i * p + j] = 0;
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= l[j * p + k] * l[j * p + k];
    if (!(d > 1e-13 * Math.abs(a[j * p + j])) || !(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** log det A = 2 Σ log L_jj from A's Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) s += Math.log(l[j * p + j]);
  return 2 * s;
}

/** Solves A x = b given A's Cholesky factor L (forward then back substitution). */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, p: number): Float64Array {
  const x = new Float64Array(p);
  choleskySolveInto(l, b, p, x);
  return x;
}

/** choleskySolve() written into `x` (length p; may be `b` itself). */
export function choleskySolveInto(
  l: Float64Array,
  b: ArrayLike<number>,
  p: number,
  x: Float64Array,
): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * x[k];
    x[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
}

/** A⁻¹ from A's Cholesky factor, column by column. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  choleskyInverseInto(l, p, inv, new Float64Array(p), new Float64Array(p));
  return inv;
}

/** choleskyInverse() written into `inv` (p²), with `e` and `col` (length p) as scratch. */
export function choleskyInverseInto(
  l: Float64Array,
  p: number,
  inv: Float64Array,
  e: Float64Array,
  col: Float64Array,
): void {
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolveInto(l, e, p, col);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
}

/** vᵀ w */
export function dot(v: ArrayLike<number>, w: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += v[i] * w[i];
  return s;
}

/** vᵀ A w for a p × p row-major A. */
export function quadraticForm(
  a: ArrayLike<number>,
  v: ArrayLike<number>,
  w: ArrayLike<number>,
  p: number,
): number {
  let s = 0;
  for (let i = 0; i < p; i++) {
    if (v[i] === 0) continue;
    let row = 0;
    for (let j = 0; j < p; j++) row += a[i * p + j] * w[j];
    s += v[i] * row;
  }
  return s;
}

/** tr(A B) for p × p row-major A and symmetric B. */
export function traceOfProduct(a: ArrayLike<number>, b: ArrayLike<number>, p: number): number {
  let s = 0;
  for (let i = 0; i < p * p; i++) s += a[i] * b[i];
  return s;
}

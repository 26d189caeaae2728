import {
  addOuter,
  addScaled,
  choleskyInto,
  choleskyInverseInto,
  choleskySolveInto,
  dot,
  logDetFromCholesky,
  quadraticForm,
  traceOfProduct,
  zeroMatrix,
} from './dense-matrix';

/**
 * Profiled REML for the random-intercept model y = Xβ + u_g + e, u_g ~ N(0, σ²_u),
 * e ~ N(0, σ²_e), written in the variance ratio γ = σ²_u / σ²_e (lme4's θ = √γ).
 *
 * Per group, V_g = σ²_e (I + γ 1 1ᵀ), so (Woodbury) with the group's size n, column means x̄
 * and within-group scatter W:
 *   X_gᵀ H_g⁻¹ X_g = W_g + n/(1 + nγ) · x̄ x̄ᵀ,   log|H_g| = log(1 + nγ).
 * Both parts are sums of non-negative terms (no cancellation), and groups of the same size
 * share the weight n/(1 + nγ), so after one pass over the data every evaluation of the
 * criterion costs O(K p²) for K distinct group sizes, whatever the number of groups.
 * The criterion is lme4's REMLcrit (Bates, Mächler, Bolker & Walker 2015, eq. 42):
 *   (N − p)(1 + log(2π r²/(N − p))) + Σ log(1 + n_g γ) + log|Xᵀ H⁻¹ X|,
 * with r² = (y − Xβ̂)ᵀ H⁻¹ (y − Xβ̂), σ̂²_e = r²/(N − p) and σ̂²_u = γ σ̂²_e.
 */

/** Sufficient statistics of one group (unit) for p fixed-effect columns. */
export interface GroupSummary {
  n: number;
  meanX: Float64Array;
  meanY: number;
  /** within-group scatter Σ (x − x̄)(x − x̄)ᵀ, p × p */
  wxx: Float64Array;
  /** Σ (x − x̄)(y − ȳ) */
  wxy: Float64Array;
  /** Σ (y − ȳ)² */
  wyy: number;
}

/** Summaries of every group from a row-major N × p design, responses and group indices. */
export function summarizeGroups(
  x: Float64Array,
  y: Float64Array,
  group: Int32Array,
  groupCount: number,
  p: number,
): GroupSummary[] {
  const out: GroupSummary[] = Array.from({ length: groupCount }, () => ({
    n: 0,
    meanX: new Float64Array(p),
    meanY: 0,
    wxx: zeroMatrix(p),
    wxy: new Float64Array(p),
    wyy: 0,
  }));
  for (let r = 0; r < y.length; r++) {
    const s = out[group[r]];
    s.n++;
    s.meanY += y[r];
    for (let j = 0; j < p; j++) s.meanX[j] += x[r * p + j];
  }
  for (const s of out) {
    if (s.n === 0) continue;
    s.meanY /= s.n;
    for (let j = 0; j < p; j++) s.meanX[j] /= s.n;
  }
  const d = new Float64Array(p);
  for (let r = 0; r < y.length; r++) {
    const s = out[group[r]];
    for (let j = 0; j < p; j++) d[j] = x[r * p + j] - s.meanX[j];
    const dy = y[r] - s.meanY;
    addOuter(s.wxx, d, 1, p);
    addScaled(s.wxy, d, dy);
    s.wyy += dy * dy;
  }
  return out.filter((s) => s.n > 0);
}

/** Group summaries pooled by group size. */
export interface PooledStats {
  p: number;
  rows: number;
  groups: number;
  wxx: Float64Array;
  wxy: Float64Array;
  wyy: number;
  sizes: number[];
  /** groups of each size */
  counts: number[];
  bxx: Float64Array[];
  bxy: Float64Array[];
  byy: number[];
}

/**
 * Group summaries laid out flat for pooling again and again (a cluster bootstrap pools them
 * once per resample): per group, `stride` numbers — the within part Wxx (p²), Wxy (p), Wyy,
 * then the between part x̄x̄ᵀ (p²), x̄ȳ (p), ȳ² — and the index of the group's size.
 */
export interface GroupTable {
  p: number;
  groups: number;
  n: Int32Array;
  sizeClass: Int32Array;
  sizes: number[];
  stride: number;
  data: Float64Array;
}

export function groupTable(summaries: readonly GroupSummary[], p: number): GroupTable {
  const part = p * p + p + 1;
  const stride = 2 * part;
  const data = new Float64Array(summaries.length * stride);
  const n = new Int32Array(summaries.length);
  const sizeClass = new Int32Array(summaries.length);
  const sizes: number[] = [];
  const slot = new Map<number, number>();
  summaries.forEach((s, g) => {
    let k = slot.get(s.n);
    if (k === undefined) {
      k = sizes.length;
      slot.set(s.n, k);
      sizes.push(s.n);
    }
    n[g] = s.n;
    sizeClass[g] = k;
    const base = g * stride;
    data.set(s.wxx, base);
    data.set(s.wxy, base + p * p);
    data[base + p * p + p] = s.wyy;
    const m = s.meanX;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) data[base + part + i * p + j] = m[i] * m[j];
      data[base + part + p * p + i] = m[i] * s.meanY;
    }
    data[base + part + p * p + p] = s.meanY * s.meanY;
  });
  return { p, groups: summaries.length, n, sizeClass, sizes, stride, data };
}

/** The table's groups pooled by group size, each repeated `weights[g]` times (default once). */
export function poolTable(table: GroupTable, weights?: ArrayLike<number>): PooledStats {
  const { p, n, sizeClass, sizes, stride, data } = table;
  const part = stride / 2;
  const within = new Float64Array(part);
  const between = new Float64Array(sizes.length * part);
  const counts = sizes.map(() => 0);
  let rows = 0;
  let groups = 0;
  for (let g = 0; g < table.groups; g++) {
    const w = weights === undefined ? 1 : weights[g];
    if (w === 0) continue;
    const k = sizeClass[g];
    rows += w * n[g];
    groups += w;
    counts[k] += w;
    const base = g * stride;
    const into = k * part;
    for (let j = 0; j < part; j++) {
      within[j] += w * data[base + j];
      between[into + j] += w * data[base + part + j];
    }
  }
  const pp = p * p;
  const used = sizes.map((_, k) => k).filter((k) => counts[k] > 0);
  return {
    p,
    rows,
    groups,
    wxx: within.subarray(0, pp),
    wxy: within.subarray(pp, pp + p),
    wyy: within[pp + p],
    sizes: used.map((k) => sizes[k]),
    counts: used.map((k) => counts[k]),
    bxx: used.map((k) => between.subarray(k * part, k * part + pp)),
    bxy: used.map((k) => between.subarray(k * part + pp, k * part + pp + p)),
    byy: used.map((k) => between[k * part + pp + p]),
  };
}

/** Group summaries pooled by group size; `weights` repeats groups (a cluster bootstrap). */
export function poolGroups(
  summaries: readonly GroupSummary[],
  p: number,
  weights?: ArrayLike<number>,
): PooledStats {
  return poolTable(groupTable(summaries, p), weights);
}

export interface RemlEvaluation {
  gamma: number;
  criterion: number;
  /** d criterion / dγ */
  derivative: number;
  beta: Float64Array;
  /** (Xᵀ H⁻¹ X)⁻¹; times σ²_e it is the covariance of β̂ */
  unscaledCov: Float64Array;
  /** r² = (y − Xβ̂)ᵀ H⁻¹ (y − Xβ̂) */
  residualSS: number;
}

/**
 * Scratch space for evaluating the criterion at many γ for one p without allocating: a search
 * and a cluster bootstrap evaluate it tens of thousands of times.
 */
interface RemlScratch {
  p: number;
  a: Float64Array;
  b: Float64Array;
  da: Float64Array;
  db: Float64Array;
  l: Float64Array;
  beta: Float64Array;
  inv: Float64Array;
  e: Float64Array;
  col: Float64Array;
  criterion: number;
  derivative: number;
  residualSS: number;
}

function remlScratch(p: number): RemlScratch {
  const vector = () => new Float64Array(p);
  return {
    p,
    a: zeroMatrix(p),
    b: vector(),
    da: zeroMatrix(p),
    db: vector(),
    l: zeroMatrix(p),
    beta: vector(),
    inv: zeroMatrix(p),
    e: vector(),
    col: vector(),
    criterion: Number.NaN,
    derivative: Number.NaN,
    residualSS: Number.NaN,
  };
}

/** The criterion, its derivative, β̂ and (XᵀH⁻¹X)⁻¹ at γ into `ws`; false when singular. */
function evaluateInto(stats: PooledStats, gamma: number, ws: RemlScratch): boolean {
  const { p, sizes } = stats;
  const { a, b, da, db, l, beta, inv } = ws;
  a.set(stats.wxx);
  b.set(stats.wxy);
  da.fill(0);
  db.fill(0);
  let c = stats.wyy;
  let dc = 0;
  let logDetH = 0;
  let dLogDetH = 0;
  for (let k = 0; k < sizes.length; k++) {
    const n = sizes[k];
    const weight = n / (1 + n * gamma);
    const dWeight = -weight * weight;
    addScaled(a, stats.bxx[k], weight);
    addScaled(b, stats.bxy[k], weight);
    c += weight * stats.byy[k];
    addScaled(da, stats.bxx[k], dWeight);
    addScaled(db, stats.bxy[k], dWeight);
    dc += dWeight * stats.byy[k];
    logDetH += stats.counts[k] * Math.log1p(n * gamma);
    dLogDetH += stats.counts[k] * weight;
  }
  if (!choleskyInto(a, p, l)) return false;
  choleskySolveInto(l, b, p, beta);
  const residualSS = Math.max(c - dot(beta, b, p), 0);
  const dof = stats.rows - p;
  if (!(residualSS > 0) || dof < 1) return false;
  choleskyInverseInto(l, p, inv, ws.e, ws.col);
  const dResidual = dc - 2 * dot(beta, db, p) + quadraticForm(da, beta, beta, p);
  ws.criterion =
    dof * (1 + Math.log((2 * Math.PI * residualSS) / dof)) + logDetH + logDetFromCholesky(l, p);
  ws.derivative = (dof * dResidual) / residualSS + dLogDetH + traceOfProduct(inv, da, p);
  ws.residualSS = residualSS;
  return true;
}

/** The profiled REML criterion and its derivative at γ; null when Xᵀ H⁻¹ X is singular. */
export function evaluateReml(
  stats: PooledStats,
  gamma: number,
  ws: RemlScratch = remlScratch(stats.p),
): RemlEvaluation | null {
  if (!evaluateInto(stats, gamma, ws)) return null;
  return {
    gamma,
    criterion: ws.criterion,
    derivative: ws.derivative,
    beta: ws.beta.slice(),
    unscaledCov: ws.inv.slice(),
    residualSS: ws.residualSS,
  };
}

/** Brent's root finder (zeroin) for f on [lo, hi] with f(lo), f(hi) of opposite signs. */
function brentRoot(f: (x: number) => number, lo: number, hi: number, fLo: number, fHi: number) {
  let [a, b, fa, fb] = [lo, hi, fLo, fHi];
  let [c, fc] = [a, fa];
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 200; iter++) {
    if (Math.sign(fb) === Math.sign(fc)) [c, fc, d, e] = [a, fa, b - a, b - a];
    if (Math.abs(fc) < Math.abs(fb)) [a, b, c, fa, fb, fc] = [b, c, b, fb, fc, fb];
    const tol = 2 * Number.EPSILON * Math.abs(b) + 1e-300;
    const m = (c - b) / 2;
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let [pp, q] = [0, 0];
      if (a === c) [pp, q] = [2 * m * s, 1 - s];
      else {
        const qa = fa / fc;
        const r = fb / fc;
        pp = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (pp > 0) q = -q;
      else pp = -pp;
      if (2 * pp < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) [e, d] = [d, pp / q];
      else [d, e] = [m, m];
    } else [d, e] = [m, m];
    [a, fa] = [b, fb];
    b += Math.abs(d) > tol ? d : Math.sign(m) * tol;
    fb = f(b);
  }
  return b;
}

/** Grid over log γ that locates the basin of the minimum before the root search. */
const LOG_GAMMA_GRID = Array.from({ length: 41 }, (_, i) => i - 22);

/**
 * Minimizes the profiled REML criterion over γ ≥ 0: the criterion on γ = 0 and a grid of
 * e^−22 … e^18, then Brent's root finder on its derivative between the grid neighbours of
 * the best point. γ = 0 (σ²_u = 0, lme4's singular fit) when the derivative at 0 is ≥ 0.
 * `near` (a γ from a related fit, as in a bootstrap) narrows the grid to log γ ± 3 around it;
 * the full grid is used when the best point falls on the narrow grid's edge.
 */
export function minimizeReml(stats: PooledStats, near?: number): RemlEvaluation | null {
  const ws = remlScratch(stats.p);
  if (near !== undefined && near > 0) {
    const centre = Math.log(near);
    const narrow = searchFrom(stats, [0, ...NARROW_STEPS.map((d) => Math.exp(centre + d))], ws);
    if (narrow !== null && !narrow.onEdge) return narrow.best;
  }
  return searchFrom(stats, FULL_GRID, ws)?.best ?? null;
}

const NARROW_STEPS = [-3, -2, -1, 0, 1, 2, 3];
const FULL_GRID = [0, ...LOG_GAMMA_GRID.map(Math.exp)];

function searchFrom(stats: PooledStats, gammas: readonly number[], ws: RemlScratch) {
  const criteria = new Float64Array(gammas.length);
  const slopes = new Float64Array(gammas.length);
  let best = -1;
  gammas.forEach((g, i) => {
    const ok = evaluateInto(stats, g, ws);
    criteria[i] = ok ? ws.criterion : Number.NaN;
    slopes[i] = ok ? ws.derivative : Number.NaN;
    if (ok && (best < 0 || criteria[i] < criteria[best])) best = i;
  });
  if (best < 0) return null;
  const at = evaluateReml(stats, gammas[best], ws) as RemlEvaluation;
  const onEdge = best === 1 || best === gammas.length - 1;
  if (best === 0 && at.derivative >= 0) return { best: at, onEdge: false };
  const slope = (g: number) => (evaluateInto(stats, g, ws) ? ws.derivative : Number.NaN);
  const candidates: RemlEvaluation[] = [at];
  const lo = Math.max(best - 1, 0);
  const hi = Math.min(best + 1, gammas.length - 1);
  for (const [i, j] of [
    [lo, best],
    [best, hi],
  ]) {
    if (i === j || Number.isNaN(slopes[i]) || Number.isNaN(slopes[j])) continue;
    if (!(slopes[i] < 0 && slopes[j] > 0)) continue;
    const root = brentRoot(slope, gammas[i], gammas[j], slopes[i], slopes[j]);
    const ev = evaluateReml(stats, root, ws);
    if (ev !== null) candidates.push(ev);
  }
  return { best: candidates.reduce((m, ev) => (ev.criterion < m.criterion ? ev : m)), onEdge };
}

import { normalTwoSidedP } from './distributions';

/**
 * Is the change of a group's figure from one cycle to the next larger than chance would give?
 * A two-sided normal (Wald) test on the two cycles' respondent-level figures, treating the two
 * cycles' respondents as independent samples: z = (b − a) / √(v_a/n_a + v_b/n_b).
 *
 * The report keeps only a group's mean and its number of responses, not the spread of its
 * respondents' answers, so v is the largest variance a respondent's figure can have given the
 * mean (docs/methods.md, "Changes between cycles"):
 * - `share` (a percent of respondents, e.g. CSAT): a 0/1 answer, v = p(1 − p) exactly;
 * - `net` (NPS, eNPS): a −1/0/1 answer, v = p₊ + p₋ − d² ≤ 1 − d² (d = NPS/100);
 * - `index` (0–100): a score in [0, 100], v ≤ m(100 − m) (Bhatia & Davis 2000).
 * Bounds make the test conservative: a change it marks is significant however the answers
 * spread; an unmarked change may still be real.
 */

export type ChangeScale = 'share' | 'net' | 'index';

export interface CycleFigure {
  value: number;
  /** respondents behind the figure */
  n: number;
}

export interface ChangeTest {
  delta: number;
  z: number;
  p: number;
  significant: boolean;
}

export const CHANGE_ALPHA = 0.05;

/** Respondent-level variance, in the figure's own units (exact for shares, else a bound). */
export function respondentVariance(scale: ChangeScale, value: number): number {
  switch (scale) {
    case 'share': {
      const p = clamp(value / 100, 0, 1);
      return p * (1 - p) * 100 * 100;
    }
    case 'net': {
      const d = clamp(value / 100, -1, 1);
      return (1 - d * d) * 100 * 100;
    }
    case 'index': {
      const m = clamp(value, 0, 100);
      return m * (100 - m);
    }
  }
}

/** The test of `later` against `earlier`; null when either has fewer than 2 respondents. */
export function testChange(
  scale: ChangeScale,
  earlier: CycleFigure,
  later: CycleFigure,
): ChangeTest | null {
  if (!(earlier.n >= 2 && later.n >= 2)) return null;
  if (!Number.isFinite(earlier.value) || !Number.isFinite(later.value)) return null;
  const delta = later.value - earlier.value;
  const se = Math.sqrt(
    respondentVariance(scale, earlier.value) / earlier.n +
      respondentVariance(scale, later.value) / later.n,
  );
  if (!(se > 0)) return null;
  const z = delta / se;
  const p = normalTwoSidedP(z);
  return { delta, z, p, significant: p < CHANGE_ALPHA };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

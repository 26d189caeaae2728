import type { Interval } from './descriptives';
import { minimumDetectableCorrelation } from './power';

/**
 * Plain-language reading of a unit-level correlation, for executives. docs/methods.md:
 * "Correlations of one cycle" (strength bands, exploratory) and "Verdict".
 */

export type Strength = 'negligible' | 'small' | 'moderate' | 'strong';

/** By |r|: < .1 negligible, < .3 small, < .5 moderate, otherwise strong. */
export function strengthOf(r: number): Strength {
  const size = Math.abs(r);
  if (size < 0.1) return 'negligible';
  if (size < 0.3) return 'small';
  if (size < 0.5) return 'moderate';
  return 'strong';
}

/** Exploratory = |r| below what N units can detect at 80% power (always true for N ≤ 3). */
export function isExploratory(r: number, n: number): boolean {
  const detectable = minimumDetectableCorrelation(n);
  return detectable === null || Math.abs(r) < detectable;
}

export function formatR(r: number): string {
  return r.toFixed(2);
}

export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

export interface CorrelationReading {
  /** e.g. "engagement" */
  xLabel: string;
  /** e.g. "NPS" */
  yLabel: string;
  r: number;
  ci: Interval;
  p: number;
  n: number;
}

export interface Verdict {
  sentence: string;
  caveats: string[];
  strength: Strength;
  exploratory: boolean;
}

/** One sentence with the numbers, plus the caveats a careful reader needs. */
export function describeCorrelation({ xLabel, yLabel, r, ci, p, n }: CorrelationReading): Verdict {
  const strength = strengthOf(r);
  const exploratory = isExploratory(r, n);
  const numbers = `r = ${formatR(r)}, 95% CI ${formatR(ci.lower)} to ${formatR(ci.upper)}, ${formatP(p)}`;
  const sentence =
    strength === 'negligible'
      ? `Across ${n} units, ${xLabel} and ${yLabel} are essentially unrelated (${numbers}).`
      : `Across ${n} units, higher ${xLabel} goes with ${r > 0 ? 'higher' : 'lower'} ${yLabel}: ` +
        `a ${strength} ${r > 0 ? 'positive' : 'negative'} correlation (${numbers}).`;

  const caveats: string[] = [];
  if (exploratory) {
    const detectable = minimumDetectableCorrelation(n);
    caveats.push(
      detectable === null
        ? `With only ${n} units no correlation can be judged reliably; treat this as exploratory.`
        : `With ${n} units only correlations of about ${formatR(detectable)} or stronger can be detected ` +
            `reliably (80% power); treat this result as exploratory.`,
    );
  }
  if (ci.lower <= 0 && ci.upper >= 0) {
    caveats.push(
      'The 95% interval includes zero, so even the direction of the link is not established.',
    );
  }
  caveats.push(
    'Correlation is not causation: units may differ in other ways (market, size, manager) that drive both.',
  );
  return { sentence, caveats, strength, exploratory };
}

export interface CrossLagReading {
  xLabel: string;
  yLabel: string;
  fromLabel: string;
  toLabel: string;
  /** r(x at the earlier cycle, y at the later one) */
  xLeads: number;
  /** r(y at the earlier cycle, x at the later one) */
  yLeads: number;
  p: number;
  n: number;
  alpha?: number;
}

/**
 * The per-pair cross-lagged correlations in one sentence, as supporting evidence only: it says
 * which lagged correlation is reliably larger, never "comes first" — that claim belongs to the
 * decision table (verdict-table.ts), which reads the within-unit lag difference.
 */
export function describeCrossLag(reading: CrossLagReading): string {
  const { xLabel, yLabel, fromLabel, toLabel, xLeads, yLeads, p, n, alpha = 0.05 } = reading;
  const lagged =
    `${xLabel} in ${fromLabel} vs ${yLabel} in ${toLabel}: r = ${formatR(xLeads)}; ` +
    `${yLabel} in ${fromLabel} vs ${xLabel} in ${toLabel}: r = ${formatR(yLeads)}`;
  if (p >= alpha) {
    return `Across ${n} units the lagged correlations do not differ reliably (${lagged}; Steiger ${formatP(p)}), so the data do not show which comes first.`;
  }
  const [first, then] = Math.abs(xLeads) > Math.abs(yLeads) ? [xLabel, yLabel] : [yLabel, xLabel];
  return `Across ${n} units ${first} in ${fromLabel} goes with ${then} in ${toLabel} more closely than the reverse (${lagged}; Steiger ${formatP(p)}).`;
}

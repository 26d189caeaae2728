import { MIN_UNITS } from './linkage-correlation';
import type { UnitEligibility } from './linkage-units';

/**
 * Adequate coverage, defined once (docs/methods.md): which cycles stand for the company. The
 * linkage panel uses it for the cycles of its range; the dashboard's headline, "Compare all
 * cycles" and the default range of the cross-cycle report use it over every closed cycle.
 */

/** A cycle must have at least this share of the units of the best-covered cycle. */
export const COVERAGE_SHARE = 0.5;

export interface CoveredCycle<C> {
  cycle: C;
  /** units in the analysis: both response thresholds met (linkage-units.ts) */
  units: number;
}

export interface LeftOutCycle {
  id: string;
  label: string;
  units: number;
  reason: string;
}

/**
 * A cycle has adequate coverage when it is not marked pilot, has at least MIN_UNITS units in the
 * analysis (the fewest a correlation is computed from) and at least COVERAGE_SHARE as many as
 * the best-covered non-pilot cycle among `eligibility.cycles`. So a pilot, or a cycle run on a
 * handful of units, never stands for the company: not as a wave of the panel, not as the
 * dashboard's headline.
 */
export function adequateCoverage<C extends { id: string; label: string; pilot?: boolean }>(
  eligibility: Pick<UnitEligibility, 'eligible'> & { cycles: readonly C[] },
): { cycles: CoveredCycle<C>[]; leftOut: LeftOutCycle[] } {
  const counts = eligibility.cycles.map((c) => eligibility.eligible.get(c.id)?.length ?? 0);
  const most = Math.max(0, ...counts.filter((_, i) => eligibility.cycles[i].pilot !== true));
  const cycles: CoveredCycle<C>[] = [];
  const leftOut: LeftOutCycle[] = [];
  eligibility.cycles.forEach((cycle, i) => {
    const units = counts[i];
    const reason =
      cycle.pilot === true
        ? 'marked as a pilot'
        : units < MIN_UNITS
          ? `only ${units} units in the analysis; the panel needs at least ${MIN_UNITS}`
          : units < COVERAGE_SHARE * most
            ? `only ${units} units in the analysis against ${most} in the best-covered cycle (a pilot or partial cycle)`
            : null;
    if (reason === null) cycles.push({ cycle, units });
    else leftOut.push({ id: cycle.id, label: cycle.label, units, reason });
  });
  return { cycles, leftOut };
}

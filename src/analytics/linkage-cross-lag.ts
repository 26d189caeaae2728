import { correlationPValue, fisherConfidenceInterval, pearson } from './stats/correlation';
import { isFiniteNumber } from './stats/descriptives';
import {
  correlationProblem,
  insufficient,
  MIN_UNITS,
  type NamedMeasure,
} from './linkage-correlation';
import type {
  CrossLagSummary,
  LaggedCorrelation,
  LagDirection,
  LinkageCycle,
  LinkageRow,
  Outcome,
} from './linkage.types';
import { steigerNonOverlapping } from './stats/steiger';
import { describeCrossLag } from './stats/verdict';

/**
 * Cross-lagged comparison for two consecutive cycles t and t+1 (E = employee measure,
 * C = customer metric): r(E_t, C_t+1) against r(C_t, E_t+1) with Steiger's (1980) test.
 * If engagement comes first, the first should be the larger one. docs/methods.md,
 * "Cross-lagged correlations and Steiger's test".
 */

const ALPHA = 0.05;

interface Panel {
  e1: number[];
  c1: number[];
  e2: number[];
  c2: number[];
}

/** Units eligible in both cycles with all four values (listwise deletion). */
function buildPanel(
  earlier: readonly LinkageRow[],
  later: readonly LinkageRow[],
  e: NamedMeasure,
  c: NamedMeasure,
): Panel {
  const laterByUnit = new Map(later.map((row) => [row.unitId, row]));
  const panel: Panel = { e1: [], c1: [], e2: [], c2: [] };
  for (const first of earlier) {
    const second = laterByUnit.get(first.unitId);
    if (second === undefined) continue;
    const values = [e.read(first), c.read(first), e.read(second), c.read(second)];
    if (!values.every(isFiniteNumber)) continue;
    const [e1, c1, e2, c2] = values;
    panel.e1.push(e1);
    panel.c1.push(c1);
    panel.e2.push(e2);
    panel.c2.push(c2);
  }
  return panel;
}

function lagged(r: number, n: number): LaggedCorrelation | null {
  const ci = fisherConfidenceInterval(r, n);
  const p = correlationPValue(r, n);
  return ci === null || p === null ? null : { r, ci, p };
}

export function analyzeCrossLag(
  from: LinkageCycle,
  to: LinkageCycle,
  earlier: readonly LinkageRow[],
  later: readonly LinkageRow[],
  e: NamedMeasure,
  c: NamedMeasure,
): Outcome<CrossLagSummary> {
  const panel = buildPanel(earlier, later, e, c);
  const n = panel.e1.length;
  if (n < MIN_UNITS) {
    return insufficient(
      `needs at least ${MIN_UNITS} units analysed in both ${from.label} and ${to.label} with ${e.label} and ${c.label}; found ${n}`,
    );
  }
  const series: [number[], string][] = [
    [panel.e1, `${e.label} in ${from.label}`],
    [panel.c1, `${c.label} in ${from.label}`],
    [panel.e2, `${e.label} in ${to.label}`],
    [panel.c2, `${c.label} in ${to.label}`],
  ];
  for (const [values, label] of series) {
    const problem = correlationProblem(values, values, label, label);
    if (problem !== null) return insufficient(problem);
  }

  const rE1C2 = pearson(panel.e1, panel.c2);
  const rC1E2 = pearson(panel.c1, panel.e2);
  const rE1C1 = pearson(panel.e1, panel.c1);
  const rE2C2 = pearson(panel.e2, panel.c2);
  const rE1E2 = pearson(panel.e1, panel.e2);
  const rC1C2 = pearson(panel.c1, panel.c2);
  if (
    rE1C2 === null ||
    rC1E2 === null ||
    rE1C1 === null ||
    rE2C2 === null ||
    rE1E2 === null ||
    rC1C2 === null
  ) {
    return insufficient('a measure does not vary across the units');
  }
  // Variables 1..4 = E_t, C_t+1, C_t, E_t+1, so r12 = r(E_t, C_t+1) and r34 = r(C_t, E_t+1).
  const steiger = steigerNonOverlapping({
    r12: rE1C2,
    r34: rC1E2,
    r13: rE1C1,
    r14: rE1E2,
    r23: rC1C2,
    r24: rE2C2,
    n,
  });
  const employeeLeads = lagged(rE1C2, n);
  const customerLeads = lagged(rC1E2, n);
  if (steiger === null || employeeLeads === null || customerLeads === null) {
    return insufficient('a lagged correlation is perfect (±1), so the two cannot be compared');
  }
  const direction: LagDirection =
    steiger.p >= ALPHA
      ? 'no-clear-direction'
      : Math.abs(rE1C2) > Math.abs(rC1E2)
        ? 'employee-first'
        : 'customer-first';
  return {
    status: 'ok',
    n,
    employeeLeads,
    customerLeads,
    synchronousEarlier: rE1C1,
    synchronousLater: rE2C2,
    employeeStability: rE1E2,
    customerStability: rC1C2,
    steiger: { z: steiger.z, p: steiger.p },
    direction,
    sentence: describeCrossLag({
      xLabel: e.label,
      yLabel: c.label,
      fromLabel: from.label,
      toLabel: to.label,
      xLeads: rE1C2,
      yLeads: rC1E2,
      p: steiger.p,
      n,
      alpha: ALPHA,
    }),
  };
}

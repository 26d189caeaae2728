import type { UnitResults } from '../analytics/unit-results.service';

export interface DimensionScore {
  key: string;
  label: string;
  /** index 0–100 */
  value: number;
  /** % of 4–5 answers */
  favorable: number | null;
}

export type PlanBasis =
  | { eligible: true; responses: number; dimensions: DimensionScore[] }
  | { eligible: false; responses: number; reason: string };

/**
 * What a unit's plan can start from, read from the suppressed results (never recomputed): the
 * unit's employee dimensions, lowest first, or why there are none (hidden to protect anonymity).
 * eNPS is left out: it is an outcome, not something a team works on directly.
 */
export function planBasis(results: UnitResults, unitId: string): PlanBasis {
  const row = results.units.find((u) => u.unitId === unitId);
  if (row === undefined)
    return { eligible: false, responses: 0, reason: 'No employee responses in this cycle.' };
  if (row.employee.hidden)
    return { eligible: false, responses: row.responses, reason: row.employee.reason };
  const figures = row.employee.metrics;
  const dimensions = results.metrics.employee
    .filter((m) => m.key !== 'enps')
    .flatMap((m): DimensionScore[] => {
      const figure = figures[m.key];
      if (figure === undefined || figure.hidden || figure.value === null) return [];
      return [{ key: m.key, label: m.label, value: figure.value, favorable: figure.favorable }];
    })
    .sort((a, b) => a.value - b.value || a.label.localeCompare(b.label, 'en'));
  return { eligible: true, responses: row.responses, dimensions };
}

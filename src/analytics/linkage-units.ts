import { dayNumber } from './stats/calendar';
import type {
  ExcludedUnit,
  ExclusionReason,
  IncludedUnit,
  LinkageCycle,
  LinkageInput,
  LinkageRow,
} from './linkage.types';

/**
 * Which units of which cycle may enter the analysis: thresholds on both sides (docs/methods.md,
 * "Units in the analysis").
 */

/** Privacy rule 2: ANONYMITY_MIN is never below 3, whatever the configuration says. */
export const ANONYMITY_FLOOR = 3;

export interface UnitEligibility {
  /** cycles by start date */
  cycles: LinkageCycle[];
  thresholds: { anonymityMin: number; minCustomerResponses: number };
  /** rows meeting both thresholds, per cycle id, in input order */
  eligible: Map<string, LinkageRow[]>;
  included(cycleId: string): IncludedUnit[];
  excluded(cycleId: string): ExcludedUnit[];
}

function responses(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

/**
 * Sorts cycles and applies the response thresholds. Rows of cycles not listed in
 * `input.cycles` are ignored; two rows for the same unit and cycle are a caller error.
 */
export function resolveEligibility(input: LinkageInput): UnitEligibility {
  const thresholds = {
    anonymityMin: Math.max(ANONYMITY_FLOOR, Math.ceil(responses(input.thresholds.anonymityMin))),
    minCustomerResponses: Math.max(1, Math.ceil(responses(input.thresholds.minCustomerResponses))),
  };
  const cycles = input.cycles
    .map((cycle, index) => ({ cycle, index, start: dayNumber(cycle.start) }))
    .sort((a, b) => a.start - b.start || a.index - b.index)
    .map(({ cycle }) => cycle);
  if (new Set(cycles.map((c) => c.id)).size !== cycles.length)
    throw new RangeError('duplicate cycle ids');

  const rowsByCycle = new Map<string, LinkageRow[]>(cycles.map((c) => [c.id, []]));
  const seen = new Set<string>();
  const unitNames = new Map<string, string>();
  for (const row of input.rows) {
    const rows = rowsByCycle.get(row.cycleId);
    if (rows === undefined) continue;
    const key = JSON.stringify([row.cycleId, row.unitId]);
    if (seen.has(key)) {
      throw new RangeError(`two rows for unit ${row.unitId} in cycle ${row.cycleId}`);
    }
    seen.add(key);
    rows.push(row);
    if (!unitNames.has(row.unitId) || row.unitName)
      unitNames.set(row.unitId, row.unitName ?? row.unitId);
  }

  const reasonsFor = (row: LinkageRow): ExclusionReason[] => {
    const reasons: ExclusionReason[] = [];
    if (!(responses(row.employee.n) >= thresholds.anonymityMin))
      reasons.push('too-few-employee-responses');
    if (!(responses(row.customer.n) >= thresholds.minCustomerResponses))
      reasons.push('too-few-customer-responses');
    return reasons;
  };

  const eligible = new Map<string, LinkageRow[]>();
  for (const [cycleId, rows] of rowsByCycle)
    eligible.set(
      cycleId,
      rows.filter((row) => reasonsFor(row).length === 0),
    );

  const nameOf = (unitId: string): string => unitNames.get(unitId) ?? unitId;
  return {
    cycles,
    thresholds,
    eligible,
    included: (cycleId) =>
      (eligible.get(cycleId) ?? []).map((row) => ({
        unitId: row.unitId,
        unitName: nameOf(row.unitId),
        employeeResponses: row.employee.n,
        customerResponses: row.customer.n,
      })),
    excluded: (cycleId) => {
      const rows = rowsByCycle.get(cycleId) ?? [];
      const present = new Set(rows.map((r) => r.unitId));
      const belowThreshold = rows
        .map((row) => ({
          unitId: row.unitId,
          unitName: nameOf(row.unitId),
          reasons: reasonsFor(row),
        }))
        .filter((unit) => unit.reasons.length > 0);
      const absent = [...unitNames.keys()]
        .filter((unitId) => !present.has(unitId))
        .map((unitId) => ({
          unitId,
          unitName: nameOf(unitId),
          reasons: ['no-data-in-cycle' as const],
        }));
      return [...belowThreshold, ...absent];
    },
  };
}

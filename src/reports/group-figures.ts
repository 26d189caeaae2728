import type { UnitFigures, UnitFiguresRow } from '../analytics/unit-results.service';
import type { CycleRef, GroupFigures, Heatmap, HeatmapRow, ShownOrHidden } from './report.types';

/** From the analytics layer's suppressed rows to the report's smaller shapes; nothing is recomputed. */

export function groupFigures(row: UnitFiguresRow): GroupFigures {
  // A hidden group has no figures at all; employeeFigure() answers with the group's reason.
  const employee: Record<string, ShownOrHidden> = {};
  if (!row.employee.hidden) {
    for (const [key, figure] of Object.entries(row.employee.metrics))
      employee[key] = figure.hidden ? figure : { hidden: false, value: figure.value };
  }
  return {
    employeeResponses: row.responses,
    employeeHidden: row.employee.hidden ? row.employee : null,
    employee,
    customerResponses: row.customer.responses,
    customer: Object.fromEntries(
      Object.entries(row.customer.metrics).map(([key, m]) => [key, m.value]),
    ),
  };
}

/** A figure of a group, hidden with the group's reason when the whole group is. */
export function employeeFigure(figures: GroupFigures, key: string): ShownOrHidden {
  return figures.employeeHidden ?? figures.employee[key] ?? { hidden: false, value: null };
}

export function cycleRef(cycle: UnitFigures['cycle']): CycleRef {
  return {
    id: cycle.id,
    label: cycle.label,
    periodStart: cycle.periodStart,
    periodEnd: cycle.periodEnd,
    status: cycle.status,
  };
}

/** The view's own row (company total, or the unit the view starts at). */
export function rootRow<R extends UnitFiguresRow>(results: {
  total: R | null;
  units: readonly R[];
}): R | null {
  return results.total ?? results.units.find((u) => u.depth === 0) ?? null;
}

/**
 * The heatmap of a view: its own row first, then the units below it down to `maxDepth`
 * levels (depth-first, as the analytics layer orders them).
 */
export function heatmapOf(results: UnitFigures, maxDepth = Number.POSITIVE_INFINITY): Heatmap {
  const rows: HeatmapRow[] = [];
  const push = (row: UnitFiguresRow, depth: number) =>
    rows.push({ unitId: row.unitId, name: row.name, depth, ...groupFigures(row) });
  const offset = results.total === null ? 0 : 1;
  if (results.total !== null) push(results.total, 0);
  for (const row of results.units) {
    const depth = row.depth + offset;
    if (depth <= maxDepth) push(row, depth);
  }
  return {
    cycle: cycleRef(results.cycle),
    thresholds: results.thresholds,
    employeeMetrics: results.metrics.employee,
    customerMetrics: results.metrics.customer,
    rows,
  };
}

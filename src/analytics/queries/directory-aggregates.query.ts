import type { EntityManager } from 'typeorm';
import type { CycleSummary } from '../../cycles/cycles.service';

/**
 * Directory figures per unit and cycle period, grouped by PostgreSQL: the headcount-days,
 * separations and customer accounts behind turnover and churn (retention-metrics.ts).
 */

export interface UnitRetention {
  cycleId: string;
  unitId: string;
  /** days in the cycle's period */
  days: number;
  headcountDays: number;
  separations: number;
  voluntary: number;
}

export interface UnitChurn {
  cycleId: string;
  unitId: string;
  activeAtStart: number;
  lost: number;
}

/** A cycle's period, 'YYYY-MM-DD' both ends. */
export type CyclePeriod = Pick<CycleSummary, 'id' | 'periodStart' | 'periodEnd'>;

/**
 * Employee-days on the headcount inside each cycle's period, separations with an exit date in
 * the period (voluntary ones apart), per unit, from the dated history as it stood then: a day
 * counts for the unit the person was assigned to that day (unit_assignments, which cover each
 * employment period day for day, both ends inclusive), and an exit counts for the unit of the
 * assignment that ends with it — the unit the person was in when they left. A deactivated
 * record (entered by mistake) stops counting at its deactivation. A row for each unit with
 * someone on the headcount in the period. One pass over the assignments with each cycle's
 * figures in columns of its own, rather than a row per assignment and cycle.
 */
export async function retentionByUnit(
  manager: EntityManager,
  cycles: readonly CyclePeriod[],
): Promise<UnitRetention[]> {
  if (cycles.length === 0) return [];
  const params: unknown[] = [];
  const param = (value: string) => `$${params.push(value)}::date`;
  const columns = cycles.flatMap((cycle, i) => {
    const start = param(cycle.periodStart);
    const end = param(cycle.periodEnd);
    const onHeadcount = `a.start_date <= ${end}
      AND coalesce(a.end_date, a.deactivated_on, 'infinity'::date) >= ${start}`;
    const leftInPeriod = `a.exit_type IS NOT NULL AND a.end_date BETWEEN ${start} AND ${end}`;
    return [
      `count(*) FILTER (WHERE ${onHeadcount})::int AS n${i}`,
      `(${end} - ${start} + 1) AS d${i}`,
      `sum(greatest(0,
         least(coalesce(a.end_date, a.deactivated_on, ${end}), ${end})
         - greatest(a.start_date, ${start}) + 1)) FILTER (WHERE ${onHeadcount})::int AS h${i}`,
      `count(*) FILTER (WHERE ${leftInPeriod})::int AS s${i}`,
      `count(*) FILTER (WHERE ${leftInPeriod} AND a.exit_type = 'voluntary')::int AS v${i}`,
    ];
  });
  // The exit type is joined only to the assignment that ends on its period's exit date; only
  // periods that ended and records that were deactivated are hashed for the joins (a few
  // percent of each table), not every row. Unlike the report's other aggregates, this one may
  // use a parallel worker: it is the longest read of the unit × cycle table, the one the
  // analysis waits for (the 1M-response benchmark: 1.07–1.70 s serial, 0.98–1.04 s with it).
  const rows = await manager.query<Record<string, string | number | null>[]>(
    `WITH a AS (
       SELECT ua.unit_id, ua.start_date, ua.end_date, p.exit_type, e.deactivated_on
         FROM unit_assignments ua
         LEFT JOIN (SELECT id, exit_date, exit_type FROM employment_periods
                     WHERE exit_type IS NOT NULL) p
           ON p.id = ua.period_id AND p.exit_date = ua.end_date
         LEFT JOIN (SELECT id, deactivated_at::date AS deactivated_on FROM employees
                     WHERE deactivated_at IS NOT NULL) e
           ON e.id = ua.employee_id)
     SELECT a.unit_id AS "unitId", ${columns.join(',\n')} FROM a GROUP BY a.unit_id`,
    params,
  );
  return cycles.flatMap((cycle, i) =>
    rows
      .filter((row) => Number(row[`n${i}`]) > 0)
      .map((row) => ({
        cycleId: cycle.id,
        unitId: String(row.unitId),
        days: Number(row[`d${i}`]),
        headcountDays: Number(row[`h${i}`]),
        separations: Number(row[`s${i}`]),
        voluntary: Number(row[`v${i}`]),
      })),
  );
}

/** Accounts active at each period's start, and those of them lost within the period. */
export function churnByUnit(
  manager: EntityManager,
  cycleIds: readonly string[],
): Promise<UnitChurn[]> {
  if (cycleIds.length === 0) return Promise.resolve([]);
  return manager.query(
    `SELECT c.id AS "cycleId", a.unit_id AS "unitId",
            count(*)::int AS "activeAtStart",
            count(*) FILTER (WHERE a.churn_date <= c.period_end)::int AS lost
       FROM cycles c
       JOIN customer_accounts a
         ON (a.start_date IS NULL OR a.start_date <= c.period_start)
        AND (a.churn_date IS NULL OR a.churn_date >= c.period_start)
        AND (a.deactivated_at IS NULL OR a.deactivated_at::date >= c.period_start)
      WHERE c.id = ANY($1::uuid[])
      GROUP BY c.id, a.unit_id`,
    [cycleIds],
  );
}

import type { EntityManager } from 'typeorm';
import type { CycleSummary } from '../../cycles/cycles.service';
import { querySerial } from '../../database/serial-query';

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
 * Employee-days on the headcount inside each cycle's period (hire date through exit date,
 * both inclusive), separations with an exit date in the period, voluntary ones apart; a row
 * for each unit with someone on the headcount in the period. One pass over the employees with
 * each cycle's figures in columns of its own, rather than a row per employee and cycle.
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
    const onHeadcount = `e.hire_date <= ${end}
      AND coalesce(e.exit_date, e.deactivated_at::date, 'infinity'::date) >= ${start}`;
    const leftInPeriod = `e.exit_date BETWEEN ${start} AND ${end}`;
    return [
      `count(*) FILTER (WHERE ${onHeadcount})::int AS n${i}`,
      `(${end} - ${start} + 1) AS d${i}`,
      `sum(greatest(0,
         least(coalesce(e.exit_date, e.deactivated_at::date, ${end}), ${end})
         - greatest(e.hire_date, ${start}) + 1)) FILTER (WHERE ${onHeadcount})::int AS h${i}`,
      `count(*) FILTER (WHERE ${onHeadcount} AND ${leftInPeriod})::int AS s${i}`,
      `count(*) FILTER (WHERE ${onHeadcount} AND ${leftInPeriod}
                         AND e.exit_type = 'voluntary')::int AS v${i}`,
    ];
  });
  const rows = await querySerial<Record<string, string | number | null>[]>(
    manager,
    `SELECT e.unit_id AS "unitId", ${columns.join(',\n')} FROM employees e GROUP BY e.unit_id`,
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

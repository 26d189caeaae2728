import type { EntityManager } from 'typeorm';
import type { CycleSummary } from '../../cycles/cycles.service';
import { dayNumber } from '../stats/calendar';

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

/** A read's SQL parameters, each period end a date. */
function periodParams() {
  const params: unknown[] = [];
  const date = (value: string) => `$${params.push(value)}::date`;
  return { params, date };
}

/**
 * Employee-days on the headcount inside each cycle's period, separations with an exit date in
 * the period (voluntary ones apart), per unit, from the dated history as it stood then: a day
 * counts for the unit the person was assigned to that day (unit_assignments, which cover each
 * employment period day for day, both ends inclusive), and an exit counts for the unit of the
 * assignment that ends with it — the unit the person was in when they left. A deactivated
 * record (entered by mistake) stops counting at its deactivation. A row for each unit with
 * someone on the headcount in the period.
 *
 * Two statements at once, each one pass with each cycle's figures in columns of its own (rather
 * than a row per assignment and cycle): the headcount over every assignment, and the
 * separations over the assignments that end with an exit (a few percent of them), so that the
 * long pass neither joins the periods nor carries the separations' columns (the 1M-response
 * benchmark: the single statement with both took 140–190 ms alone).
 */
export async function retentionByUnit(
  manager: EntityManager,
  cycles: readonly CyclePeriod[],
): Promise<UnitRetention[]> {
  if (cycles.length === 0) return [];
  const headcount = periodParams();
  const headcountColumns = cycles.flatMap((cycle, i) => {
    const start = headcount.date(cycle.periodStart);
    const end = headcount.date(cycle.periodEnd);
    const onHeadcount = `ua.start_date <= ${end}
      AND coalesce(ua.end_date, e.deactivated_on, 'infinity'::date) >= ${start}`;
    return [
      `count(*) FILTER (WHERE ${onHeadcount})::int AS n${i}`,
      `sum(greatest(0,
         least(coalesce(ua.end_date, e.deactivated_on, ${end}), ${end})
         - greatest(ua.start_date, ${start}) + 1)) FILTER (WHERE ${onHeadcount})::int AS h${i}`,
    ];
  });
  const exits = periodParams();
  const exitColumns = cycles.flatMap((cycle, i) => {
    const inPeriod = `ua.end_date BETWEEN ${exits.date(cycle.periodStart)} AND ${exits.date(cycle.periodEnd)}`;
    return [
      `count(*) FILTER (WHERE ${inPeriod})::int AS s${i}`,
      `count(*) FILTER (WHERE ${inPeriod} AND p.exit_type = 'voluntary')::int AS v${i}`,
    ];
  });
  // Only records that were deactivated are hashed for the headcount's join, and only periods
  // that ended with an exit for the separations' (a few percent of each table). The headcount
  // may use a parallel worker: it is the longest read of the unit × cycle table.
  const [onHeadcount, separated] = await Promise.all([
    manager.query<Record<string, string | number | null>[]>(
      `SELECT ua.unit_id AS "unitId", ${headcountColumns.join(',\n')}
         FROM unit_assignments ua
         LEFT JOIN (SELECT id, deactivated_at::date AS deactivated_on FROM employees
                     WHERE deactivated_at IS NOT NULL) e
           ON e.id = ua.employee_id
        GROUP BY ua.unit_id`,
      headcount.params,
    ),
    manager.query<Record<string, string | number | null>[]>(
      `SELECT ua.unit_id AS "unitId", ${exitColumns.join(',\n')}
         FROM unit_assignments ua
         JOIN (SELECT id, exit_date, exit_type FROM employment_periods
                WHERE exit_type IS NOT NULL) p
           ON p.id = ua.period_id AND p.exit_date = ua.end_date
        GROUP BY ua.unit_id`,
      exits.params,
    ),
  ]);
  const separationsOf = new Map(separated.map((row) => [String(row.unitId), row]));
  return cycles.flatMap((cycle, i) => {
    const days = dayNumber(cycle.periodEnd) - dayNumber(cycle.periodStart) + 1;
    return onHeadcount
      .filter((row) => Number(row[`n${i}`]) > 0)
      .map((row) => {
        const unitId = String(row.unitId);
        const exited = separationsOf.get(unitId);
        return {
          cycleId: cycle.id,
          unitId,
          days,
          headcountDays: Number(row[`h${i}`]),
          separations: Number(exited?.[`s${i}`] ?? 0),
          voluntary: Number(exited?.[`v${i}`] ?? 0),
        };
      });
  });
}

/**
 * Accounts active at each period's start, and those of them lost within the period, per unit:
 * one pass over the accounts with each cycle's counts in columns of its own. A row for each
 * unit with an account active at the period's start.
 */
export async function churnByUnit(
  manager: EntityManager,
  cycles: readonly CyclePeriod[],
): Promise<UnitChurn[]> {
  if (cycles.length === 0) return [];
  const { params, date } = periodParams();
  const columns = cycles.flatMap((cycle, i) => {
    const start = date(cycle.periodStart);
    const activeAtStart = `(a.start_date IS NULL OR a.start_date <= ${start})
      AND (a.churn_date IS NULL OR a.churn_date >= ${start})
      AND (a.deactivated_at IS NULL OR a.deactivated_at::date >= ${start})`;
    return [
      `count(*) FILTER (WHERE ${activeAtStart})::int AS a${i}`,
      `count(*) FILTER (WHERE ${activeAtStart} AND a.churn_date <= ${date(cycle.periodEnd)})::int AS l${i}`,
    ];
  });
  const rows = await manager.query<Record<string, string | number | null>[]>(
    `SELECT a.unit_id AS "unitId", ${columns.join(',\n')}
       FROM customer_accounts a
      GROUP BY a.unit_id`,
    params,
  );
  return cycles.flatMap((cycle, i) =>
    rows
      .filter((row) => Number(row[`a${i}`]) > 0)
      .map((row) => ({
        cycleId: cycle.id,
        unitId: String(row.unitId),
        activeAtStart: Number(row[`a${i}`]),
        lost: Number(row[`l${i}`]),
      })),
  );
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { turnoverFromAggregate } from '../analytics/retention-metrics';
import { groupFigures, rootRow } from './group-figures';
import type { CycleRef, Trend, TrendPoint } from './report.types';
import type { UnitResultsMemo } from './unit-results-memo';

interface RetentionRow {
  cycleId: string;
  days: number;
  headcountDays: number;
  separations: number;
  voluntary: number;
}

/**
 * A group's figures cycle by cycle: the survey side from the analytics layer (suppressed there),
 * turnover from the directory over each cycle's period with the same headcount-day definition
 * as the linkage table (retention-metrics.ts), summed over the group's subtree.
 */
@Injectable()
export class ReportTrendsService {
  constructor(private readonly dataSource: DataSource) {}

  /** `unit`: the group followed (null = the whole company). */
  async forGroup(
    memo: UnitResultsMemo,
    cycles: readonly CycleRef[],
    unit: { id: string; name: string; path: string } | null,
  ): Promise<Trend> {
    const [results, retention] = await Promise.all([
      Promise.all(cycles.map((c) => memo.get(c.id, unit?.id))),
      this.retention(
        cycles.map((c) => c.id),
        unit?.path ?? null,
      ),
    ]);
    const byCycle = new Map(retention.map((r) => [r.cycleId, r]));
    const points: TrendPoint[] = [];
    cycles.forEach((cycle, i) => {
      const row = rootRow(results[i]);
      if (row === null) return;
      const r = byCycle.get(cycle.id);
      const turnover =
        r && r.headcountDays > 0
          ? turnoverFromAggregate({
              days: r.days,
              headcountDays: r.headcountDays,
              separations: r.separations,
              voluntarySeparations: r.voluntary,
            })
          : null;
      const figures = groupFigures(row);
      // Turnover is an employee-side figure too: not shown for a group whose results are hidden.
      const shown = figures.employeeHidden === null;
      points.push({
        cycle,
        ...figures,
        turnoverRate: shown ? (turnover?.rate ?? null) : null,
        voluntaryTurnoverRate: shown ? (turnover?.voluntaryRate ?? null) : null,
      });
    });
    return { unitId: unit?.id ?? null, name: unit?.name ?? 'Whole company', points };
  }

  private retention(cycleIds: readonly string[], path: string | null): Promise<RetentionRow[]> {
    if (cycleIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", (c.period_end - c.period_start + 1) AS days,
              coalesce(sum(greatest(0,
                least(coalesce(e.exit_date, e.deactivated_at::date, c.period_end), c.period_end)
                - greatest(e.hire_date, c.period_start) + 1)), 0)::int AS "headcountDays",
              count(*) FILTER (WHERE e.exit_date BETWEEN c.period_start AND c.period_end)::int
                AS separations,
              count(*) FILTER (WHERE e.exit_date BETWEEN c.period_start AND c.period_end
                                 AND e.exit_type = 'voluntary')::int AS voluntary
         FROM cycles c
         JOIN employees e
           ON e.hire_date <= c.period_end
          AND coalesce(e.exit_date, e.deactivated_at::date, 'infinity'::date) >= c.period_start
          ${path === null ? '' : `AND e.unit_id IN (SELECT id FROM units WHERE path LIKE $2 || '%')`}
        WHERE c.id = ANY($1::uuid[])
        GROUP BY c.id, c.period_start, c.period_end`,
      path === null ? [cycleIds] : [cycleIds, path],
    );
  }
}

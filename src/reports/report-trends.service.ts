import { Injectable } from '@nestjs/common';
import type { AnalyticsReads } from '../analytics/analytics-reads';
import { turnoverFromAggregate } from '../analytics/stats/retention-metrics';
import { groupFigures, rootRow } from './group-figures';
import type { CycleRef, Trend, TrendPoint } from './report.types';
import type { CurrentUser } from '../auth/current-user';
import { UnitResultsService } from '../analytics/unit-results.service';
import { sharedInstrument } from '../analytics/instrument-comparison';

interface RetentionTotals {
  days: number;
  headcountDays: number;
  separations: number;
  voluntary: number;
}

/**
 * A group's figures cycle by cycle: the survey side from the analytics layer (suppressed there),
 * turnover from the directory over each cycle's period with the same headcount-day definition
 * as the linkage table (retention-metrics.ts), summed over the group's subtree. Cycles that used
 * different surveys are compared on the items they share, and the trend says so.
 */
@Injectable()
export class ReportTrendsService {
  constructor(private readonly results: UnitResultsService) {}

  /**
   * `unit`: the group followed (null = the whole company), as `user` sees it; `reads`: the
   * report build's shared reads.
   */
  async forGroup(
    user: CurrentUser,
    reads: AnalyticsReads,
    cycles: readonly CycleRef[],
    unit: { id: string; name: string; path: string } | null,
  ): Promise<Trend> {
    const infos = await Promise.all(cycles.map((c) => reads.cycle(c.id)));
    const shared = sharedInstrument(await reads.questions(infos));
    const [results, retention] = await Promise.all([
      Promise.all(
        infos.map((info) =>
          this.results.figuresForCycle(
            user,
            info,
            unit?.id,
            'root',
            reads,
            shared.note === null ? undefined : shared.questions.get(info.id),
          ),
        ),
      ),
      retentionOf(reads, cycles, unit?.path ?? null),
    ]);
    const points: TrendPoint[] = [];
    cycles.forEach((cycle, i) => {
      const row = rootRow(results[i]);
      if (row === null) return;
      const r = retention.get(cycle.id);
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
    return {
      unitId: unit?.id ?? null,
      name: unit?.name ?? 'Whole company',
      points,
      instrumentNote: shared.note,
    };
  }
}

/**
 * Headcount-days and separations of the group (units whose path starts with `path`; null for
 * every unit) in each cycle: the per-unit figures the linkage table uses, added up. A cycle
 * nobody was on the headcount of has no entry.
 */
async function retentionOf(
  reads: AnalyticsReads,
  cycles: readonly CycleRef[],
  path: string | null,
): Promise<Map<string, RetentionTotals>> {
  const [rows, units] = await Promise.all([reads.retention(cycles), reads.units()]);
  const inScope =
    path === null ? null : new Set(units.filter((u) => u.path.startsWith(path)).map((u) => u.id));
  const totals = new Map<string, RetentionTotals>();
  for (const row of rows) {
    if (inScope !== null && !inScope.has(row.unitId)) continue;
    const total = totals.get(row.cycleId) ?? {
      days: row.days,
      headcountDays: 0,
      separations: 0,
      voluntary: 0,
    };
    total.headcountDays += row.headcountDays;
    total.separations += row.separations;
    total.voluntary += row.voluntary;
    totals.set(row.cycleId, total);
  }
  return totals;
}

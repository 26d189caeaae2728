import { Injectable } from '@nestjs/common';
import type { AnalyticsReads } from './analytics-reads';
import type { UnitRetention } from './queries/directory-aggregates.query';
import type { LinkageRow, SumAggregate } from './linkage.types';
import { assertResultsAvailable } from './results-availability';
import { churnFromCounts, turnoverFromAggregate } from './stats/retention-metrics';
import {
  customerMetricDefinitions,
  dimensionMetric,
  employeeMetricDefinitions,
  MetricDefinition,
  metricValue,
  RESPONSE_COUNT_METRIC,
  StatsByMetric,
  StatSums,
} from './stats/unit-metrics';
import { CycleInfo, statsByUnit, UnitStatsService } from './unit-stats.service';

export interface UnitCycleTable {
  cycles: CycleInfo[];
  rows: LinkageRow[];
  employeeMetrics: { key: string; label: string }[];
  customerMetrics: { key: string; label: string }[];
  labels: Record<string, string>;
  /** employee index → its Likert item keys (the scale r_wg(j) runs over) */
  scales: Record<string, string[]>;
}

export const CHURN_METRIC = 'churnRate';

/**
 * The unit × cycle table of the linkage analysis: employee indices and eNPS, customer NPS,
 * CSAT, relationship index and churn, headcount and annualized turnover. Survey figures come
 * from unit_cycle_stats (a few rows per unit and cycle); headcount, separations and churn are
 * grouped by PostgreSQL from the directory over each cycle's period. Closed cycles only
 * (privacy rule 3).
 */
@Injectable()
export class UnitCycleTableService {
  constructor(private readonly stats: UnitStatsService) {}

  /**
   * `scopePath` limits the rows to one subtree (a manager's). Item means and the aggregates
   * behind r_wg(j) and ICC are filled in for `detailCycleId` only (the analysis uses them for
   * its focus cycle); every cycle gets the metrics. Built once per `reads` for the same
   * arguments.
   */
  build(
    cycles: readonly CycleInfo[],
    scopePath: string | null,
    detailCycleId?: string,
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<UnitCycleTable> {
    for (const cycle of cycles) assertResultsAvailable(cycle);
    const key = JSON.stringify([
      'unit-cycle-table',
      cycles.map((c) => c.id),
      scopePath,
      detailCycleId,
    ]);
    return reads.once(key, () => this.assemble(cycles, scopePath, detailCycleId, reads));
  }

  private async assemble(
    cycles: readonly CycleInfo[],
    scopePath: string | null,
    detailCycleId: string | undefined,
    reads: AnalyticsReads,
  ): Promise<UnitCycleTable> {
    const [questions, statRows, retention, churn, allUnits] = await Promise.all([
      reads.questions(cycles),
      reads.scoredStats(cycles),
      reads.retention(cycles),
      reads.churn(cycles),
      reads.units(),
    ]);
    const units = new Map(
      allUnits
        .filter((u) => scopePath === null || u.path.startsWith(scopePath))
        .map((u) => [u.id, u.name]),
    );

    const labels: Record<string, string> = { [CHURN_METRIC]: 'customer churn' };
    const employeeKeys = new Map<string, string>();
    const customerKeys = new Map<string, string>();
    const scales: Record<string, string[]> = {};
    const plans = new Map(
      cycles.map((cycle) => {
        const q = questions.get(cycle.id)!;
        const employee = employeeMetricDefinitions(q.employee);
        const customer = customerMetricDefinitions(q.customer);
        for (const d of employee) {
          employeeKeys.set(d.key, d.label);
          // The focus (detail) cycle's items define a scale; otherwise the first cycle that has it.
          if (d.kind === 'index' && (cycle.id === detailCycleId || !(d.key in scales)))
            scales[d.key] = [...d.items];
        }
        for (const d of customer) customerKeys.set(d.key, d.label);
        for (const question of [...q.employee, ...q.customer]) labels[question.key] = question.text;
        const likert = q.employee.filter((x) => x.kind === 'likert5').map((x) => x.key);
        const items = q.employee
          .filter((x) => x.kind === 'likert5' || x.kind === 'rating5')
          .map((x) => x.key);
        return [cycle.id, { employee, customer, likert, items }] as const;
      }),
    );
    for (const [key, label] of [...employeeKeys, ...customerKeys]) labels[key] = label;

    const retentionOf = byCycleAndUnit(retention);
    const churnOf = byCycleAndUnit(churn);
    const statsOf = new Map<string, Map<string, StatsByMetric>>();
    for (const audience of ['employee', 'customer'] as const) {
      for (const cycle of cycles)
        statsOf.set(`${cycle.id}|${audience}`, statsByUnit(statRows, audience, cycle.id));
    }

    const rows: LinkageRow[] = [];
    for (const cycle of cycles) {
      const plan = plans.get(cycle.id)!;
      const employeeStats = statsOf.get(`${cycle.id}|employee`)!;
      const customerStats = statsOf.get(`${cycle.id}|customer`)!;
      // Units in tree order (path), whatever order PostgreSQL returned their stats in: sums over
      // the rows and the bootstrap's resamples (by position) depend on the order, so the same
      // data must always arrive in the same one (the live aggregate and the materialized stats
      // of a cycle come back in different orders).
      for (const [unitId, name] of units) {
        if (!employeeStats.has(unitId) && !customerStats.has(unitId)) continue;
        const e: StatsByMetric = employeeStats.get(unitId) ?? new Map<string, StatSums>();
        const c: StatsByMetric = customerStats.get(unitId) ?? new Map<string, StatSums>();
        const turnover = turnoverOf(retentionOf.get(cycle.id)?.get(unitId));
        const accounts = churnOf.get(cycle.id)?.get(unitId);
        const detailed = detailCycleId === undefined || cycle.id === detailCycleId;
        rows.push({
          cycleId: cycle.id,
          unitId,
          unitName: name,
          headcount: turnover?.averageHeadcount ?? null,
          turnoverRate: turnover?.rate ?? null,
          voluntaryTurnoverRate: turnover?.voluntaryRate ?? null,
          employee: {
            n: e.get(RESPONSE_COUNT_METRIC)?.n ?? 0,
            metrics: values(plan.employee, e),
            itemMeans: detailed
              ? Object.fromEntries(
                  plan.items.map((item) => {
                    const s = e.get(item);
                    return [item, s && s.n > 0 ? s.sum / s.n : null];
                  }),
                )
              : {},
            itemAggregates: detailed
              ? defined(plan.likert.map((item) => [item, sums(e, item)]))
              : undefined,
            scoreAggregates: detailed
              ? defined(
                  plan.employee
                    .filter((d) => d.kind === 'index')
                    .map((d) => [d.key, sums(e, dimensionMetric(d.key))]),
                )
              : undefined,
          },
          customer: {
            n: c.get(RESPONSE_COUNT_METRIC)?.n ?? 0,
            metrics: {
              ...values(plan.customer, c),
              [CHURN_METRIC]: accounts ? churnFromCounts(accounts).rate : null,
            },
          },
        });
      }
    }
    return {
      cycles: [...cycles],
      rows,
      employeeMetrics: [...employeeKeys].map(([key, label]) => ({ key, label })),
      customerMetrics: [
        ...[...customerKeys].map(([key, label]) => ({ key, label })),
        { key: CHURN_METRIC, label: labels[CHURN_METRIC] },
      ],
      labels,
      scales,
    };
  }
}

function byCycleAndUnit<T extends { cycleId: string; unitId: string }>(
  rows: readonly T[],
): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>();
  for (const row of rows) {
    const units = out.get(row.cycleId) ?? new Map<string, T>();
    units.set(row.unitId, row);
    out.set(row.cycleId, units);
  }
  return out;
}

function turnoverOf(retention: UnitRetention | undefined) {
  if (retention === undefined || retention.headcountDays <= 0) return null;
  return turnoverFromAggregate({
    days: retention.days,
    headcountDays: retention.headcountDays,
    separations: retention.separations,
    voluntarySeparations: retention.voluntary,
  });
}

function values(
  defs: readonly MetricDefinition[],
  s: StatsByMetric,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const d of defs) out[d.key] = metricValue(d, s).value;
  return out;
}

function sums(stats: StatsByMetric, metric: string): SumAggregate | undefined {
  const s = stats.get(metric);
  return s === undefined ? undefined : { n: s.n, sum: s.sum, sumSq: s.sumSq };
}

function defined<T>(entries: [string, T | undefined][]): Record<string, T> {
  return Object.fromEntries(entries.filter((e): e is [string, T] => e[1] !== undefined));
}

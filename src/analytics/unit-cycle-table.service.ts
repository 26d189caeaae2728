import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LinkageRow } from './linkage.types';
import { churnFromCounts, turnoverFromAggregate } from './retention-metrics';
import {
  customerMetricDefinitions,
  employeeMetricDefinitions,
  MetricDefinition,
  metricValue,
  SCORED_KINDS,
  StatsByMetric,
  StatSums,
} from './unit-metrics';
import { CycleInfo, CycleQuestions, statsByUnit, UnitStatsService } from './unit-stats.service';
import { dimensionMetric, RESPONSE_COUNT_METRIC } from './unit-stats.query';

export interface UnitCycleTable {
  cycles: CycleInfo[];
  rows: LinkageRow[];
  employeeMetrics: { key: string; label: string }[];
  customerMetrics: { key: string; label: string }[];
  labels: Record<string, string>;
}

interface Retention {
  cycleId: string;
  unitId: string;
  days: number;
  headcountDays: number;
  separations: number;
  voluntary: number;
}

interface Churn {
  cycleId: string;
  unitId: string;
  activeAtStart: number;
  lost: number;
}

export const CHURN_METRIC = 'churnRate';

/**
 * The unit × cycle table of the linkage analysis: employee indices and eNPS, customer NPS,
 * CSAT, relationship index and churn, headcount and annualized turnover. Survey figures come
 * from unit_cycle_stats (a few rows per unit and cycle); headcount, separations and churn are
 * grouped by PostgreSQL from the directory over each cycle's period.
 */
@Injectable()
export class UnitCycleTableService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: UnitStatsService,
  ) {}

  /**
   * `scopePath` limits the rows to one subtree (a manager's). Item means and the aggregates
   * behind r_wg(j) and ICC are filled in for `detailCycleId` only (the analysis uses them for
   * its focus cycle); every cycle gets the metrics.
   */
  async build(
    cycles: readonly CycleInfo[],
    scopePath: string | null,
    detailCycleId?: string,
  ): Promise<UnitCycleTable> {
    const cycleIds = cycles.map((c) => c.id);
    const questions = await this.stats.questionsFor(cycles);
    const [statRows, retention, churn, units] = await Promise.all([
      this.stats.read(cycles, { metrics: neededMetrics(questions) }),
      this.retention(cycleIds),
      this.churn(cycleIds),
      this.units(scopePath),
    ]);

    const labels: Record<string, string> = { [CHURN_METRIC]: 'customer churn' };
    const employeeKeys = new Map<string, string>();
    const customerKeys = new Map<string, string>();
    const plans = new Map(
      cycles.map((cycle) => {
        const q = questions.get(cycle.id)!;
        const employee = employeeMetricDefinitions(q.employee);
        const customer = customerMetricDefinitions(q.customer);
        for (const d of employee) employeeKeys.set(d.key, d.label);
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
      const present = new Set([...employeeStats.keys(), ...customerStats.keys()]);
      for (const unitId of present) {
        const name = units.get(unitId);
        if (name === undefined) continue;
        const e: StatsByMetric = employeeStats.get(unitId) ?? new Map<string, StatSums>();
        const c: StatsByMetric = customerStats.get(unitId) ?? new Map<string, StatSums>();
        const turnover = turnoverOf(retentionOf.get(cycle.id)?.get(unitId));
        const accounts = churnOf.get(cycle.id)?.get(unitId);
        const values = (defs: MetricDefinition[], s: StatsByMetric) => {
          const out: Record<string, number | null> = {};
          for (const d of defs) out[d.key] = metricValue(d, s).value;
          return out;
        };
        const sums = (metric: string) => {
          const s = e.get(metric);
          return s === undefined ? undefined : { n: s.n, sum: s.sum, sumSq: s.sumSq };
        };
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
              ? defined(plan.likert.map((item) => [item, sums(item)]))
              : undefined,
            scoreAggregates: detailed
              ? defined(
                  plan.employee
                    .filter((d) => d.kind === 'index')
                    .map((d) => [d.key, sums(dimensionMetric(d.key))]),
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
    };
  }

  /** Unit names by id, limited to a subtree when `scopePath` is set. */
  private async units(scopePath: string | null): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM units ${scopePath === null ? '' : `WHERE path LIKE $1 || '%'`}`,
      scopePath === null ? [] : [scopePath],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Employee-days on the headcount inside each cycle's period (hire date through exit date,
   * both inclusive), separations with an exit date in the period, voluntary ones apart.
   */
  private retention(cycleIds: readonly string[]): Promise<Retention[]> {
    return this.dataSource.query(
      `SELECT c.id AS "cycleId", e.unit_id AS "unitId",
              (c.period_end - c.period_start + 1) AS days,
              sum(greatest(0,
                least(coalesce(e.exit_date, e.deactivated_at::date, c.period_end), c.period_end)
                - greatest(e.hire_date, c.period_start) + 1))::int AS "headcountDays",
              count(*) FILTER (WHERE e.exit_date BETWEEN c.period_start AND c.period_end)::int
                AS separations,
              count(*) FILTER (WHERE e.exit_date BETWEEN c.period_start AND c.period_end
                                 AND e.exit_type = 'voluntary')::int AS voluntary
         FROM cycles c
         JOIN employees e
           ON e.hire_date <= c.period_end
          AND coalesce(e.exit_date, e.deactivated_at::date, 'infinity'::date) >= c.period_start
        WHERE c.id = ANY($1::uuid[])
        GROUP BY c.id, e.unit_id, c.period_start, c.period_end`,
      [cycleIds],
    );
  }

  /** Accounts active at each period's start, and those of them lost within the period. */
  private churn(cycleIds: readonly string[]): Promise<Churn[]> {
    return this.dataSource.query(
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
}

/** The response counts, scored items and employee dimension scores; not comments. */
function neededMetrics(questions: ReadonlyMap<string, CycleQuestions>): string[] {
  const metrics = new Set([RESPONSE_COUNT_METRIC]);
  for (const { employee, customer } of questions.values()) {
    for (const q of [...employee, ...customer])
      if (SCORED_KINDS.includes(q.kind)) metrics.add(q.key);
    for (const d of employeeMetricDefinitions(employee))
      if (d.kind === 'index') metrics.add(dimensionMetric(d.key));
  }
  return [...metrics];
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

function turnoverOf(retention: Retention | undefined) {
  if (retention === undefined || retention.headcountDays <= 0) return null;
  return turnoverFromAggregate({
    days: retention.days,
    headcountDays: retention.headcountDays,
    separations: retention.separations,
    voluntarySeparations: retention.voluntary,
  });
}

function defined<T>(entries: [string, T | undefined][]): Record<string, T> {
  return Object.fromEntries(entries.filter((e): e is [string, T] => e[1] !== undefined));
}

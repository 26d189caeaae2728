import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Audience } from '../surveys/entities/survey.entity';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { AnalyticsReads } from './analytics-reads';
import { PackedStatsReader } from './stats/packed-stats';
import { assertResultsAvailable } from './results-availability';
import {
  dimensionMetric,
  RESPONSE_COUNT_METRIC,
  type StatsByMetric,
  type SurveyQuestion,
} from './stats/unit-metrics';
import { STAT_COLUMNS, unitStatsSelect } from './unit-stats.query';

export interface CycleInfo {
  id: string;
  label: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  /** when the cycle closes (or closed); results are available only after that */
  closesAt: Date | null;
  imported: boolean;
  employeeSurveyId: string | null;
  customerSurveyId: string | null;
}

/** One unit's own stats in one cycle, for one audience. */
export interface UnitStats {
  cycleId: string;
  unitId: string;
  audience: Audience;
  /** metric (question key, 'dim:<dimension>' or '*') → sums */
  metrics: StatsByMetric;
}

export interface CycleQuestions {
  employee: SurveyQuestion[];
  customer: SurveyQuestion[];
}

const CYCLE_COLUMNS = `id, period_label AS label, name, period_start::text AS "periodStart",
  period_end::text AS "periodEnd", status, closes_at AS "closesAt", imported, employee_survey_id AS "employeeSurveyId",
  customer_survey_id AS "customerSurveyId"`;

/**
 * unit_cycle_stats: per unit × cycle × audience × metric sums, written once per cycle by one
 * `INSERT ... SELECT ... GROUP BY` when the cycle closes or a past wave is imported. Reports
 * and the linkage analysis read these few thousand rows instead of the raw responses; a closed
 * cycle with nothing materialized yet gets the same aggregate computed on the fly. Neither is
 * ever computed for a cycle that is not closed (privacy rule 3, results-availability.ts).
 */
@Injectable()
export class UnitStatsService {
  private readonly logger = new Logger(UnitStatsService.name);

  constructor(private readonly dataSource: DataSource) {}

  /** A fresh set of shared reads for one report build (see AnalyticsReads). */
  reads(): AnalyticsReads {
    return new AnalyticsReads(this.dataSource, this);
  }

  async findCycle(idOrLabel: string, manager = this.dataSource.manager): Promise<CycleInfo> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
      idOrLabel,
    );
    const rows: CycleInfo[] = await manager.query(
      `SELECT ${CYCLE_COLUMNS} FROM cycles WHERE ${isUuid ? 'id = $1::uuid' : 'period_label = $1'}`,
      [idOrLabel],
    );
    if (rows.length === 0)
      throw new AnalyticsError(AnalyticsErrorCode.CYCLE_NOT_FOUND, { cycle: idOrLabel });
    return rows[0];
  }

  /** Cycles that can have responses (open or closed), by period start. */
  async listCycles(manager = this.dataSource.manager): Promise<CycleInfo[]> {
    return manager.query(
      `SELECT ${CYCLE_COLUMNS} FROM cycles WHERE status IN ('open', 'closed')
        ORDER BY period_start, period_end, period_label`,
    );
  }

  async questionsFor(
    cycles: readonly CycleInfo[],
    manager = this.dataSource.manager,
  ): Promise<Map<string, CycleQuestions>> {
    const surveyIds = [
      ...new Set(cycles.flatMap((c) => [c.employeeSurveyId, c.customerSurveyId])),
    ].filter((id): id is string => id !== null);
    const rows: (SurveyQuestion & { surveyId: string })[] = surveyIds.length
      ? await manager.query(
          `SELECT survey_id AS "surveyId", key, kind, dimension, text FROM questions
            WHERE survey_id = ANY($1::uuid[]) ORDER BY survey_id, position`,
          [surveyIds],
        )
      : [];
    const bySurvey = (id: string | null) =>
      rows
        .filter((q) => q.surveyId === id)
        .map(({ key, kind, dimension, text }) => ({ key, kind, dimension, text }));
    return new Map(
      cycles.map((c) => [
        c.id,
        { employee: bySurvey(c.employeeSurveyId), customer: bySurvey(c.customerSurveyId) },
      ]),
    );
  }

  /**
   * Recomputes a closed cycle's stats from its responses; idempotent. Pass `manager` inside a
   * transaction. Refuses a cycle that is not closed: no stats of an open cycle are ever stored.
   */
  /** Deletes every cycle's stored stats (the demo company's reset). */
  async deleteAll(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM unit_cycle_stats`);
  }

  async materialize(cycleId: string, manager?: EntityManager): Promise<number> {
    const run = async (m: EntityManager) => {
      const cycle = await this.findCycle(cycleId, m);
      assertResultsAvailable(cycle);
      const questions = (await this.questionsFor([cycle], m)).get(cycle.id)!;
      await m.query(`DELETE FROM unit_cycle_stats WHERE cycle_id = $1`, [cycle.id]);
      let rows = 0;
      for (const audience of ['employee', 'customer'] as const) {
        const select = unitStatsSelect(cycle.id, audience, questions[audience]);
        const [inserted]: { count: number }[] = await m.query(
          `WITH inserted AS (
             INSERT INTO unit_cycle_stats (${STAT_COLUMNS}) ${select.sql} RETURNING 1
           ) SELECT count(*)::int AS count FROM inserted`,
          select.params,
        );
        rows += inserted.count;
      }
      this.logger.log(`Materialized ${rows} stats rows for cycle ${cycle.label}`);
      return rows;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Per-unit stats (units' own responses) of the given closed cycles, one entry per cycle, unit
   * and audience: materialized rows, or the same aggregate computed now for a closed cycle with
   * nothing materialized. A cycle that is not closed is refused (RESULTS_NOT_YET_AVAILABLE),
   * whoever asks: this is the one read every employee and customer figure rests on. `audience`
   * limits it to one side, `metrics` to the metrics named. Each unit's stats travel as one row,
   * so a cross-cycle read of ~250,000 stats rows is ~16,000 rows on the wire.
   */
  async read(
    cycles: readonly CycleInfo[],
    options: { audience?: Audience; metrics?: readonly string[] } = {},
    manager = this.dataSource.manager,
  ): Promise<UnitStats[]> {
    const { audience, metrics } = options;
    if (cycles.length === 0) return [];
    for (const cycle of cycles) assertResultsAvailable(cycle);
    const materialized = new Set<string>(
      (
        await manager.query<{ cycleId: string }[]>(
          `SELECT c AS "cycleId" FROM unnest($1::uuid[]) AS c
            WHERE EXISTS (SELECT 1 FROM unit_cycle_stats s WHERE s.cycle_id = c)`,
          [cycles.map((c) => c.id)],
        )
      ).map((r) => r.cycleId),
    );
    const audiences: Audience[] = audience ? [audience] : ['employee', 'customer'];
    const unmaterialized = cycles.filter((c) => !materialized.has(c.id));
    const questions =
      metrics && unmaterialized.length === 0 ? null : await this.questionsFor(cycles, manager);
    const dictionary = metrics ? [...metrics] : allMetrics(questions!);
    const packed = new PackedStatsReader(dictionary);
    const out: UnitStats[] = [];
    const collect = async (source: string, params: unknown[]) => {
      const dict = `$${params.push(dictionary)}::text[]`;
      // Each unit's stats as one flat JSON array of [metric position, n, sum, sum_sq,
      // favorable, promoters, detractors] septets: one small array per unit instead of an
      // object per metric, which keeps a 250,000-row read cheap to parse and to hold.
      const rows = await manager.query<
        { cycleId: string; unitId: string; audience: Audience; packed: string }[]
      >(
        `SELECT cycle_id AS "cycleId", unit_id AS "unitId", audience,
                '[' || string_agg(concat_ws(',', array_position(${dict}, metric) - 1, n, sum, sum_sq,
                                            favorable, promoters, detractors), ',') || ']' AS packed
           FROM (${source}) s
          WHERE metric = ANY(${dict})
          GROUP BY cycle_id, unit_id, audience`,
        params,
      );
      for (const row of rows) {
        out.push({
          cycleId: row.cycleId,
          unitId: row.unitId,
          audience: row.audience,
          metrics: packed.stats(JSON.parse(row.packed) as number[]),
        });
      }
    };
    if (materialized.size > 0) {
      const params: unknown[] = [[...materialized]];
      if (audience) params.push(audience);
      await collect(
        `SELECT * FROM unit_cycle_stats
          WHERE cycle_id = ANY($1::uuid[]) ${audience ? 'AND audience = $2' : ''}`,
        params,
      );
    }
    for (const cycle of unmaterialized) {
      for (const a of audiences) {
        const select = unitStatsSelect(cycle.id, a, questions!.get(cycle.id)![a]);
        await collect(select.sql, select.params);
      }
    }
    return out;
  }
}

/** Every metric the surveys of these cycles can have in unit_cycle_stats. */
function allMetrics(questions: ReadonlyMap<string, CycleQuestions>): string[] {
  const metrics = new Set([RESPONSE_COUNT_METRIC]);
  for (const { employee, customer } of questions.values()) {
    for (const q of [...employee, ...customer]) {
      metrics.add(q.key);
      if (q.kind === 'likert5' && q.dimension !== null) metrics.add(dimensionMetric(q.dimension));
    }
  }
  return [...metrics];
}

/** unit id → metric → sums, for one audience (and one cycle, if given). */
export function statsByUnit(
  stats: readonly UnitStats[],
  audience: Audience,
  cycleId?: string,
): Map<string, StatsByMetric> {
  return new Map(
    stats
      .filter((s) => s.audience === audience && (cycleId === undefined || s.cycleId === cycleId))
      .map((s) => [s.unitId, s.metrics]),
  );
}

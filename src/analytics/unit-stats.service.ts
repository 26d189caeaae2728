import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Audience } from '../surveys/entities/survey.entity';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import type { StatSums, SurveyQuestion } from './unit-metrics';
import { STAT_COLUMNS, unitStatsSelect } from './unit-stats.query';

export interface CycleInfo {
  id: string;
  label: string;
  name: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  imported: boolean;
  employeeSurveyId: string | null;
  customerSurveyId: string | null;
}

export interface StatRow extends StatSums {
  cycleId: string;
  unitId: string;
  audience: Audience;
  metric: string;
}

export interface CycleQuestions {
  employee: SurveyQuestion[];
  customer: SurveyQuestion[];
}

const CYCLE_COLUMNS = `id, period_label AS label, name, period_start::text AS "periodStart",
  period_end::text AS "periodEnd", status, imported, employee_survey_id AS "employeeSurveyId",
  customer_survey_id AS "customerSurveyId"`;

/**
 * unit_cycle_stats: per unit × cycle × audience × metric sums, written once per cycle by one
 * `INSERT ... SELECT ... GROUP BY` when the cycle closes or a past wave is imported. Reports
 * and the linkage analysis read these few thousand rows instead of the raw responses; cycles
 * that are still open (or closed before anything was materialized) get the same aggregate
 * computed live.
 */
@Injectable()
export class UnitStatsService {
  private readonly logger = new Logger(UnitStatsService.name);

  constructor(private readonly dataSource: DataSource) {}

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

  /** Recomputes a cycle's stats from its responses; idempotent. Pass `manager` inside a transaction. */
  async materialize(cycleId: string, manager?: EntityManager): Promise<number> {
    const run = async (m: EntityManager) => {
      const cycle = await this.findCycle(cycleId, m);
      const questions = (await this.questionsFor([cycle], m)).get(cycle.id)!;
      await m.query(`DELETE FROM unit_cycle_stats WHERE cycle_id = $1`, [cycle.id]);
      let rows = 0;
      for (const audience of ['employee', 'customer'] as const) {
        const select = unitStatsSelect(cycle.id, audience, questions[audience]);
        const result: unknown = await m.query(
          `INSERT INTO unit_cycle_stats (${STAT_COLUMNS}) ${select.sql}`,
          select.params,
        );
        rows += rowCount(result);
      }
      this.logger.log(`Materialized ${rows} stats rows for cycle ${cycle.label}`);
      return rows;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Per-unit stats (units' own responses) of the given cycles: materialized rows for closed
   * cycles, the live aggregate otherwise. `audience` limits it to one side.
   */
  async read(
    cycles: readonly CycleInfo[],
    audience?: Audience,
    manager = this.dataSource.manager,
  ): Promise<StatRow[]> {
    if (cycles.length === 0) return [];
    const closedIds = cycles.filter((c) => c.status === 'closed').map((c) => c.id);
    const materialized = new Set<string>(
      closedIds.length === 0
        ? []
        : (
            await manager.query<{ cycleId: string }[]>(
              `SELECT DISTINCT cycle_id AS "cycleId" FROM unit_cycle_stats WHERE cycle_id = ANY($1::uuid[])`,
              [closedIds],
            )
          ).map((r) => r.cycleId),
    );
    const audiences: Audience[] = audience ? [audience] : ['employee', 'customer'];
    const out: StatRow[] = [];
    if (materialized.size > 0) {
      const params: unknown[] = [[...materialized]];
      if (audience) params.push(audience);
      out.push(
        ...(await manager.query<StatRow[]>(
          `SELECT ${SELECT_STAT} FROM unit_cycle_stats
            WHERE cycle_id = ANY($1::uuid[]) ${audience ? 'AND audience = $2' : ''}`,
          params,
        )),
      );
    }
    const live = cycles.filter((c) => !materialized.has(c.id));
    if (live.length > 0) {
      const questions = await this.questionsFor(live, manager);
      for (const cycle of live) {
        for (const a of audiences) {
          const select = unitStatsSelect(cycle.id, a, questions.get(cycle.id)![a]);
          out.push(
            ...(await manager.query<StatRow[]>(
              `SELECT ${SELECT_STAT} FROM (${select.sql}) s`,
              select.params,
            )),
          );
        }
      }
    }
    return out;
  }
}

const SELECT_STAT = `cycle_id AS "cycleId", unit_id AS "unitId", audience, metric, n,
  sum, sum_sq AS "sumSq", favorable, promoters, detractors`;

function rowCount(result: unknown): number {
  // TypeORM's postgres driver answers INSERT with [rows, count].
  if (Array.isArray(result) && typeof result[1] === 'number') return result[1];
  return 0;
}

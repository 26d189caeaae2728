import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { CyclesService, type CycleSummary } from '../cycles/cycles.service';
import { UnitsService } from '../directory/units.service';
import type { Audience } from '../surveys/entities/survey.entity';
import { SurveyCatalog } from '../surveys/survey-catalog.service';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { AnalyticsReads } from './analytics-reads';
import { READ_AFRESH, type ReadMemo } from './read-memo';
import { PackedStatsReader } from './stats/packed-stats';
import { assertResultsAvailable } from './results-availability';
import {
  dimensionMetric,
  RESPONSE_COUNT_METRIC,
  type StatsByMetric,
  type SurveyQuestion,
} from './stats/unit-metrics';
import { STAT_COLUMNS, unitStatsSelect } from './unit-stats.query';
import {
  deleteAllStatPacks,
  eachUnitOf,
  readCountPacks,
  readStatPacks,
  SEPTET,
  type StatPack,
  writeStatPacks,
} from './unit-stat-packs.queries';

/** A cycle as reports see it: the cycles module's summary, less what reports never read. */
export type CycleInfo = Pick<
  CycleSummary,
  | 'id'
  | 'label'
  | 'name'
  | 'periodStart'
  | 'periodEnd'
  | 'imported'
  | 'pilot'
  | 'employeeSurveyId'
  | 'customerSurveyId'
  | 'status'
> & {
  /** when the cycle closes (or closed); results are available only after that */
  closesAt: Date | null;
};

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

/**
 * unit_cycle_stats: per unit × cycle × audience × metric sums, written once per cycle by one
 * `INSERT ... SELECT ... GROUP BY` when the cycle closes or a past wave is imported, and packed
 * beside them (unit_cycle_stat_packs) in the same transaction. Reports and the linkage analysis
 * read the packs instead of the raw responses; a closed
 * cycle with nothing materialized yet gets the same aggregate computed on the fly. Neither is
 * ever computed for a cycle that is not closed (privacy rule 3, results-availability.ts).
 */
@Injectable()
export class UnitStatsService {
  private readonly logger = new Logger(UnitStatsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CyclesService,
    private readonly surveys: SurveyCatalog,
    private readonly units: UnitsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * A fresh set of shared reads for one report build (see AnalyticsReads); `memo` keeps the
   * largest of them between builds while their data is unchanged.
   */
  reads(memo?: ReadMemo): AnalyticsReads {
    const { anonymityMin, minCustomerResponses } = this.config.get('privacy', { infer: true });
    return new AnalyticsReads(this.dataSource, this, this.units, memo ?? READ_AFRESH, {
      anonymityMin,
      minCustomerResponses,
    });
  }

  /**
   * Of these cycles, the ids of those that included a unit of the subtree at `path` (the cycles
   * module decides from its target units; a cycle without target units covers everyone).
   */
  includingSubtree(cycleIds: readonly string[], path: string): Promise<Set<string>> {
    return this.cycles.includingSubtree(cycleIds, path);
  }

  async findCycle(idOrLabel: string, manager = this.dataSource.manager): Promise<CycleInfo> {
    const cycle = await this.cycles.findByIdOrLabel(idOrLabel, manager);
    if (!cycle) throw new AnalyticsError(AnalyticsErrorCode.CYCLE_NOT_FOUND, { cycle: idOrLabel });
    return cycle;
  }

  /** Cycles that can have responses (open or closed), by period start. */
  listCycles(manager = this.dataSource.manager): Promise<CycleInfo[]> {
    return this.cycles.reported(manager);
  }

  async questionsFor(
    cycles: readonly CycleInfo[],
    manager = this.dataSource.manager,
  ): Promise<Map<string, CycleQuestions>> {
    const surveyIds = [
      ...new Set(cycles.flatMap((c) => [c.employeeSurveyId, c.customerSurveyId])),
    ].filter((id): id is string => id !== null);
    const rows = await this.surveys.questionsOf(surveyIds, manager);
    const bySurvey = (id: string | null) =>
      rows
        .filter((q) => q.surveyId === id)
        .map(({ key, kind, dimension, text, reverseKeyed, metricRole }) => ({
          key,
          kind,
          dimension,
          text,
          reverseKeyed,
          metricRole,
        }));
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
    await deleteAllStatPacks(manager);
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
      await writeStatPacks(m, cycle.id);
      this.logger.log(`Materialized ${rows} stats rows for cycle ${cycle.label}`);
      return rows;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Per-unit stats (units' own responses) of the given closed cycles, one entry per cycle, unit
   * and audience: materialized stats (read from their packs: a cycle's ~60,000 stats rows are
   * two rows of packed numbers), or the same aggregate computed now for a closed cycle with nothing
   * materialized. A cycle that is not closed is refused (RESULTS_NOT_YET_AVAILABLE), whoever
   * asks: this is the one read every employee and customer figure rests on. `audience` limits
   * it to one side, `metrics` to the metrics named.
   */
  async read(
    cycles: readonly CycleInfo[],
    options: { audience?: Audience; metrics?: readonly string[] } = {},
    manager = this.dataSource.manager,
  ): Promise<UnitStats[]> {
    const { audience, metrics } = options;
    if (cycles.length === 0) return [];
    for (const cycle of cycles) assertResultsAvailable(cycle);
    // The response count alone (cycle coverage) comes from its own rows, not every metric's.
    const countsOnly = metrics?.length === 1 && metrics[0] === RESPONSE_COUNT_METRIC;
    const packs = await (countsOnly ? readCountPacks : readStatPacks)(
      manager,
      cycles.map((c) => c.id),
    );
    const materialized = new Set(packs.map((p) => p.cycleId));
    const audiences: Audience[] = audience ? [audience] : ['employee', 'customer'];
    const unmaterialized = cycles.filter((c) => !materialized.has(c.id));
    const questions =
      metrics && unmaterialized.length === 0 ? null : await this.questionsFor(cycles, manager);
    const dictionary = metrics ? [...metrics] : allMetrics(questions!);
    const packed = new PackedStatsReader(dictionary);
    const out: UnitStats[] = [];
    for (const pack of packs) {
      if (audience === undefined || pack.audience === audience) unpack(pack, packed, out);
    }
    const collect = async (source: string, params: unknown[]) => {
      const dict = `$${params.push(dictionary)}::text[]`;
      // The live aggregate of a cycle with nothing materialized: each unit's stats as one flat
      // JSON array of septets, as a pack holds them, rather than an object per metric.
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
    for (const cycle of unmaterialized) {
      for (const a of audiences) {
        const select = unitStatsSelect(cycle.id, a, questions!.get(cycle.id)![a]);
        await collect(select.sql, select.params);
      }
    }
    return out;
  }
}

/**
 * A pack's units into `out`, their septets' metric positions moved to the reader's dictionary
 * and those of metrics outside it left out; a unit with none of its metrics is left out, as
 * the live read leaves it.
 */
function unpack(pack: StatPack, reader: PackedStatsReader, out: UnitStats[]): void {
  const positions = pack.metrics.map((metric) => reader.positionOf(metric) ?? -1);
  eachUnitOf(pack, (unitId, septets, count) => {
    let kept = 0;
    for (let at = 0; at < count * SEPTET; at += SEPTET) {
      const position = positions[septets[at]];
      if (position < 0) continue;
      if (kept !== at) septets.copyWithin(kept, at, at + SEPTET);
      septets[kept] = position;
      kept += SEPTET;
    }
    if (kept > 0)
      out.push({
        cycleId: pack.cycleId,
        unitId,
        audience: pack.audience,
        metrics: reader.stats(septets.subarray(0, kept)),
      });
  });
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

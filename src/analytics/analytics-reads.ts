import type { DataSource, EntityManager } from 'typeorm';
import type { UnitsService } from '../directory/units.service';
import { type ReadInput, type ReadMemo } from './read-memo';
import {
  churnByUnit,
  CyclePeriod,
  retentionByUnit,
  UnitChurn,
  UnitRetention,
} from './queries/directory-aggregates.query';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { adequateCoverage, type LeftOutCycle } from './cycle-coverage';
import { resolveEligibility } from './linkage-units';
import type { LinkageRow } from './linkage.types';
import { resultsAvailable, WithheldCycle, withheldCycle } from './results-availability';
import {
  dimensionMetric,
  employeeMetricDefinitions,
  RESPONSE_COUNT_METRIC,
  SCORED_KINDS,
} from './stats/unit-metrics';
import type { CycleInfo, CycleQuestions, UnitStats, UnitStatsService } from './unit-stats.service';
import type { TreeUnit } from './stats/unit-tree';

export interface UnitRecord extends TreeUnit {
  active: boolean;
}

/** A span of cycles: the closed ones, whose results a report covers, and the withheld ones. */
export interface CycleSpan {
  cycles: CycleInfo[];
  /** cycles in the span that are still open: left out of every answer-derived part */
  withheld: WithheldCycle[];
}

/**
 * The response thresholds a unit meets to enter the analysis (docs/methods.md, "Units in the
 * analysis").
 */
export interface EligibilityThresholds {
  anonymityMin: number;
  minCustomerResponses: number;
}

/** The closed cycles that stand for the company (cycle-coverage.ts), and the others. */
export interface CompanyCoverage {
  /** closed cycles with adequate coverage over the whole company, in order */
  adequate: CycleInfo[];
  /** closed cycles without it (pilots, cycles on too few units), with why */
  leftOut: LeftOutCycle[];
}

/**
 * What one build of a report reads, each read once: the unit tree, the cycles' questions, their
 * scored stats, and the directory's retention and churn per unit. A report asks for the same
 * cycles from several sections (the linkage table, the trend, the heatmap, the follow-through
 * comparison) at the same time; they share one of these and it is dropped with the build.
 * Nothing here outlives a build, so nothing here can go stale: the report cache (ReportCache)
 * is the only thing that keeps a result between requests, and it takes its fingerprint of the
 * data before a build creates one of these.
 *
 * Figures derived from the reads (a cycle's suppression, a unit × cycle table) are shared the
 * same way through once().
 */
export class AnalyticsReads implements ReadMemo {
  private unitList?: Promise<UnitRecord[]>;
  private reportedList?: Promise<CycleInfo[]>;
  private readonly questionsByCycle = new Map<string, Promise<CycleQuestions>>();
  private readonly statReads = new Map<
    string,
    { cycleIds: Set<string>; rows: Promise<UnitStats[]> }
  >();
  private readonly retentionByCycle = new Map<string, Promise<UnitRetention[]>>();
  private readonly churnByCycle = new Map<string, Promise<UnitChurn[]>>();
  private readonly derived = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: UnitStatsService,
    private readonly directory: Pick<UnitsService, 'tree'>,
    private readonly memo: ReadMemo,
    private readonly thresholds: EligibilityThresholds,
  ) {}

  /** Every unit, active or not, by path. */
  units(): Promise<UnitRecord[]> {
    this.unitList ??= this.directory.tree();
    return this.unitList;
  }

  /** Open and closed cycles, as UnitStatsService.listCycles orders them (for participation). */
  reportedCycles(): Promise<CycleInfo[]> {
    this.reportedList ??= this.stats.listCycles();
    return this.reportedList;
  }

  /**
   * The cycles whose results are available (closed ones), in the same order: the only cycles
   * an answer-derived figure may come from (results-availability.ts).
   */
  async cycles(): Promise<CycleInfo[]> {
    return (await this.reportedCycles()).filter(resultsAvailable);
  }

  /** A cycle by id: from the list when it is open or closed, else read on its own. */
  async cycle(id: string): Promise<CycleInfo> {
    return (await this.reportedCycles()).find((c) => c.id === id) ?? this.stats.findCycle(id);
  }

  /**
   * Every closed cycle's units in the analysis over the whole company (both response
   * thresholds met), and which cycles have adequate coverage (cycle-coverage.ts): the
   * dashboard's headline, "Compare all cycles" and the default range. Response counts only.
   */
  coverage(): Promise<CompanyCoverage> {
    return this.once('coverage', async () => {
      const closed = await this.cycles();
      const key = closed.map((c) => c.id).join(',');
      const counts =
        closed.length === 0
          ? []
          : await this.memo.keep(`response-counts:${key}`, ['cycles', 'stats'], () =>
              this.stats.read(closed, { metrics: [RESPONSE_COUNT_METRIC] }),
            );
      const rows = new Map<string, LinkageRow>();
      for (const s of counts) {
        const id = `${s.cycleId}|${s.unitId}`;
        const row = rows.get(id) ?? {
          cycleId: s.cycleId,
          unitId: s.unitId,
          headcount: null,
          turnoverRate: null,
          voluntaryTurnoverRate: null,
          employee: { n: 0, metrics: {}, itemMeans: {} },
          customer: { n: 0, metrics: {} },
        };
        row[s.audience].n = s.metrics.get(RESPONSE_COUNT_METRIC)?.n ?? 0;
        rows.set(id, row);
      }
      const eligibility = resolveEligibility({
        cycles: closed.map((c) => ({
          id: c.id,
          label: c.label,
          start: c.periodStart,
          end: c.periodEnd,
          pilot: c.pilot,
        })),
        rows: [...rows.values()],
        thresholds: this.thresholds,
        primary: { employeeMetric: 'engagement', customerMetric: 'nps' }, // not read here
      });
      const { cycles, leftOut } = adequateCoverage(eligibility);
      const adequate = new Set(cycles.map((c) => c.cycle.id));
      return { adequate: closed.filter((c) => adequate.has(c.id)), leftOut };
    });
  }

  /**
   * The cycle a dashboard opens on: the latest closed cycle with adequate coverage. For a
   * subtree (`path`: a manager's scope or a unit's dashboard), the latest of those that
   * included a unit of it. Failing that, the latest closed cycle that is not a pilot (and
   * included the subtree); null when there is none.
   */
  /**
   * The latest closed cycle of all, pilots and small cycles too, that included the subtree at
   * `path` (every closed cycle for null): the one a reader just closed, even when it does not
   * make the headline.
   */
  async latestClosed(path: string | null): Promise<CycleInfo | null> {
    const closed = await this.cycles();
    if (path === null) return closed.at(-1) ?? null;
    const including = await this.stats.includingSubtree(
      closed.map((c) => c.id),
      path,
    );
    return closed.filter((c) => including.has(c.id)).at(-1) ?? null;
  }

  async headlineCycle(path: string | null): Promise<CycleInfo | null> {
    const [{ adequate }, closed] = await Promise.all([this.coverage(), this.cycles()]);
    const regular = closed.filter((c) => !c.pilot);
    if (path === null) return adequate.at(-1) ?? regular.at(-1) ?? null;
    const including = await this.stats.includingSubtree(
      closed.map((c) => c.id),
      path,
    );
    const theirs = (cycles: CycleInfo[]) => cycles.filter((c) => including.has(c.id));
    return theirs(adequate).at(-1) ?? theirs(regular).at(-1) ?? null;
  }

  /**
   * The cycles a cross-cycle report covers. Without `from` and `to`: every closed cycle with
   * adequate coverage (when none has it, every closed cycle that is not a pilot, or failing
   * that every closed one), open ones withheld. Otherwise consecutive open or closed cycles from
   * `from` to `to` (ids or period labels, both inclusive; default the first and the latest),
   * pilots left out unless named as an end; split into the closed ones and the open ones whose
   * results are withheld.
   */
  async span(from: string | undefined, to: string | undefined): Promise<CycleSpan> {
    const all = await this.reportedCycles();
    const open = all.filter((c) => !resultsAvailable(c)).map(withheldCycle);
    if (!from && !to) {
      const closed = await this.cycles();
      const { adequate } = await this.coverage();
      const regular = closed.filter((c) => !c.pilot);
      return {
        cycles: adequate.length > 0 ? adequate : regular.length > 0 ? regular : closed,
        withheld: open,
      };
    }
    const position = async (ref: string | undefined, fallback: number) => {
      if (ref === undefined || ref === '') return fallback;
      const cycle = await this.stats.findCycle(ref);
      const i = all.findIndex((c) => c.id === cycle.id);
      if (i < 0) throw new AnalyticsError(AnalyticsErrorCode.BAD_CYCLE_RANGE, { cycle: ref });
      return i;
    };
    const start = await position(from, 0);
    const end = await position(to, all.length - 1);
    if (start > end) throw new AnalyticsError(AnalyticsErrorCode.BAD_CYCLE_RANGE);
    // A pilot stays out of a range unless the range starts or ends with it.
    const named = new Set([from ? start : -1, to ? end : -1]);
    const inSpan = all.slice(start, end + 1).filter((c, i) => !c.pilot || named.has(start + i));
    return {
      cycles: inSpan.filter(resultsAvailable),
      withheld: inSpan.filter((c) => !resultsAvailable(c)).map(withheldCycle),
    };
  }

  async questions(cycles: readonly CycleInfo[]): Promise<Map<string, CycleQuestions>> {
    const missing = cycles.filter((c) => !this.questionsByCycle.has(c.id));
    if (missing.length > 0) {
      const read = this.stats.questionsFor(missing);
      for (const cycle of missing)
        this.questionsByCycle.set(
          cycle.id,
          read.then((all) => all.get(cycle.id)!),
        );
    }
    const entries = await Promise.all(
      cycles.map(async (c) => [c.id, await this.questionsByCycle.get(c.id)!] as const),
    );
    return new Map(entries);
  }

  /**
   * The scored stats of these cycles (response counts, scored items, employee dimension scores;
   * no comment counts), exactly as one UnitStatsService.read of these cycles returns them:
   * callers that depend on the order of the rows (the linkage table) get the very same read.
   */
  scoredStats(cycles: readonly CycleInfo[]): Promise<UnitStats[]> {
    const key = cycles.map((c) => c.id).join(',');
    let entry = this.statReads.get(key);
    if (entry === undefined) {
      const rows = this.memo.keep(`stats:${key}`, ['cycles', 'questions', 'stats'], async () =>
        this.stats.read(cycles, { metrics: scoredMetrics(await this.questions(cycles)) }),
      );
      entry = { cycleIds: new Set(cycles.map((c) => c.id)), rows };
      this.statReads.set(key, entry);
    }
    return entry.rows;
  }

  /**
   * The scored stats of each of these cycles, taken from a read already made (or under way)
   * that covers it; the others are read together.
   */
  async scoredStatsByCycle(cycles: readonly CycleInfo[]): Promise<Map<string, UnitStats[]>> {
    const sources = new Map<string, Promise<UnitStats[]>>();
    const missing: CycleInfo[] = [];
    for (const cycle of cycles) {
      const covering = [...this.statReads.values()].find((e) => e.cycleIds.has(cycle.id));
      if (covering) sources.set(cycle.id, covering.rows);
      else missing.push(cycle);
    }
    if (missing.length > 0) {
      const rows = this.scoredStats(missing);
      for (const cycle of missing) sources.set(cycle.id, rows);
    }
    const entries = await Promise.all(
      cycles.map(async (cycle) => {
        const rows = await sources.get(cycle.id)!;
        return [cycle.id, rows.filter((s) => s.cycleId === cycle.id)] as const;
      }),
    );
    return new Map(entries);
  }

  /** Headcount-days and separations per unit over each cycle's period. */
  retention(cycles: readonly CyclePeriod[]): Promise<UnitRetention[]> {
    return this.perPeriod(
      this.retentionByCycle,
      'retention',
      ['cycles', 'employees'],
      cycles,
      retentionByUnit,
    );
  }

  /** Accounts active at each cycle's start and lost in it, per unit. */
  churn(cycles: readonly CyclePeriod[]): Promise<UnitChurn[]> {
    return this.perPeriod(this.churnByCycle, 'churn', ['cycles', 'accounts'], cycles, churnByUnit);
  }

  /** A read kept between builds while the inputs it depends on are unchanged (ReadMemo). */
  keep<T>(key: string, inputs: readonly ReadInput[], read: () => Promise<T>): Promise<T> {
    return this.memo.keep(key, inputs, read);
  }

  /** A figure derived from these reads, computed once per key. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.derived.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = compute();
      this.derived.set(key, value);
    }
    return value;
  }

  /**
   * A directory read over cycles' periods: each cycle's rows read once per build (the cycles
   * not read yet, in one statement), and kept between builds while `inputs` are unchanged.
   */
  private async perPeriod<T extends { cycleId: string }>(
    cache: Map<string, Promise<T[]>>,
    name: string,
    inputs: readonly ReadInput[],
    cycles: readonly CyclePeriod[],
    read: (manager: EntityManager, periods: readonly CyclePeriod[]) => Promise<T[]>,
  ): Promise<T[]> {
    const missing = [...new Map(cycles.map((c) => [c.id, c])).values()].filter(
      (c) => !cache.has(c.id),
    );
    if (missing.length > 0) {
      const ids = missing.map((c) => c.id);
      const rows = this.memo.keep(`${name}:${ids.join(',')}`, inputs, () =>
        read(this.dataSource.manager, missing),
      );
      for (const id of ids)
        cache.set(
          id,
          rows.then((all) => all.filter((r) => r.cycleId === id)),
        );
    }
    return (await Promise.all(cycles.map((c) => cache.get(c.id)!))).flat();
  }
}

/** The response counts, scored items and employee dimension scores; not comments. */
export function scoredMetrics(questions: ReadonlyMap<string, CycleQuestions>): string[] {
  const metrics = new Set([RESPONSE_COUNT_METRIC]);
  for (const { employee, customer } of questions.values()) {
    for (const q of [...employee, ...customer])
      if (SCORED_KINDS.includes(q.kind)) metrics.add(q.key);
    for (const d of employeeMetricDefinitions(employee))
      if (d.kind === 'index') metrics.add(dimensionMetric(d.key));
  }
  return [...metrics];
}

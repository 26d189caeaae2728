import { Injectable } from '@nestjs/common';
import type { AnalyticsReads } from '../analytics/analytics-reads';
import type { CurrentUser } from '../auth/current-user';
import { LinkageOptions, LinkageService } from '../analytics/linkage.service';
import { UnitCommentsService } from '../analytics/unit-comments.service';
import { UnitResultsService } from '../analytics/unit-results.service';
import { CycleInfo, UnitStatsService } from '../analytics/unit-stats.service';
import {
  assertResultsAvailable,
  resultsAvailable,
  resultsPendingMessage,
  WithheldCycle,
  withheldCycle,
} from '../analytics/results-availability';
import { cycleRef, groupFigures, heatmapOf, rootRow } from './group-figures';
import { ReportCache, ReportSnapshot } from './report-cache';
import { ReportScopeService, ScopeUnit } from './report-scope.service';
import { ReportTrendsService } from './report-trends.service';
import type {
  CycleRef,
  LinkageReportData,
  ParticipationReport,
  ShownOrHidden,
  UnitDashboardData,
  UnitParticipation,
} from './report.types';
import { ResponseRatesService } from './response-rates.service';
import { ReportError, ReportErrorCode } from './reports.errors';

/** Cycles a trend line follows back from the one in focus. */
export const TREND_CYCLES = 8;
/** Comments shown per question (the count says how many there are in all). */
const COMMENT_SAMPLE = 30;

/**
 * Everything a report shows, gathered from the analytics layer (linkage, suppressed unit
 * results, comments), the cycles module (response rates) and the directory (scope, turnover).
 * It adds no figures of its own about employees; it only picks and reshapes. A cycle that is
 * still open has participation only (privacy rule 3): its report is a ParticipationReport,
 * built fresh each time and never cached, and asking for its results is refused.
 *
 * Every linkage report is built the same way, in three steps: resolve the cycles (the ones
 * analysed, the focus, the trend's) and the reader's scope; then one concurrent round of the
 * shared reads, the analysis and the other sections all drawing on one AnalyticsReads; then
 * pure assembly. The result is kept in ReportCache under the fingerprint of the data taken
 * before the build started (a `snapshot`), and nowhere else.
 */
@Injectable()
export class ReportDataService {
  constructor(
    private readonly linkage: LinkageService,
    private readonly results: UnitResultsService,
    private readonly stats: UnitStatsService,
    private readonly comments: UnitCommentsService,
    private readonly trends: ReportTrendsService,
    private readonly rates: ResponseRatesService,
    private readonly scope: ReportScopeService,
    private readonly cache: ReportCache,
  ) {}

  /** The data as it stands now, for callers that build more than one thing from it. */
  snapshot(): Promise<ReportSnapshot> {
    return this.cache.snapshot();
  }

  /**
   * A fresh set of shared reads, for a caller that builds something beside a report; with the
   * snapshot, its largest reads are kept between builds while their data is unchanged.
   */
  reads(snapshot?: ReportSnapshot): AnalyticsReads {
    return this.stats.reads(snapshot);
  }

  /**
   * The report of one cycle as a reader sees it: the linkage report once the cycle is closed
   * (cycleReport), its participation while it is open.
   */
  async cycleView(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
    using?: BuildContext,
  ): Promise<LinkageReportData | ParticipationReport> {
    const cycle = await this.stats.findCycle(cycleIdOrLabel);
    if (!resultsAvailable(cycle)) {
      const root = await this.scope.rootFor(user);
      return this.participation(cycle, root);
    }
    return this.cycleReport(user, cycle.id, metrics, using);
  }

  /**
   * One closed cycle, with the closed cycle before it for the cross-lag and up to 8 closed
   * cycles of trend; an open one is refused (RESULTS_NOT_YET_AVAILABLE) before anything is
   * built or looked up in the cache. `using`: the snapshot and reads of a caller that builds
   * something else beside it.
   */
  async cycleReport(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
    using?: BuildContext,
  ): Promise<LinkageReportData> {
    const cycle = await this.stats.findCycle(cycleIdOrLabel);
    assertResultsAvailable(cycle);
    const snapshot = using?.snapshot ?? (await this.cache.snapshot());
    return snapshot.getOrBuild(
      reportKey('cycle', user, cycle.id, metrics.employeeMetric, metrics.customerMetric),
      async () => {
        const reads = using?.reads ?? this.stats.reads(snapshot);
        // 1. Resolve: the cycle before it (cross-lag), the trend's cycles, the reader's scope.
        const [closed, root] = await Promise.all([reads.cycles(), this.scope.rootFor(user)]);
        // A pilot is in no company trend and is nobody's "cycle before"; only its own report.
        const all = closed.filter((c) => !c.pilot || c.id === cycle.id);
        const i = all.findIndex((c) => c.id === cycle.id);
        const analysed = i > 0 ? [all[i - 1], cycle] : [cycle];
        return this.build(user, 'cycle', metrics, reads, {
          analysed,
          withheld: [],
          focus: cycle,
          trend: trendEndingAt(all, cycle.id),
          root,
        });
      },
    );
  }

  /**
   * Consecutive cycles from `from` to `to` (default: all of them); open ones in the range are
   * left out of every figure and named in `linkage.withheld`.
   */
  async rangeReport(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    metrics: LinkageOptions,
    using?: BuildContext,
  ): Promise<LinkageReportData> {
    const snapshot = using?.snapshot ?? (await this.cache.snapshot());
    return snapshot.getOrBuild(
      reportKey('range', user, from, to, metrics.employeeMetric, metrics.customerMetric),
      async () => {
        const reads = using?.reads ?? this.stats.reads(snapshot);
        // 1. Resolve: the closed cycles of the range (the open ones withheld), the scope.
        const [{ cycles, withheld }, { adequate }, root] = await Promise.all([
          reads.span(from, to),
          reads.coverage(),
          this.scope.rootFor(user),
        ]);
        // The headline is the range's latest cycle with adequate coverage: a pilot or a cycle on
        // a few units at its end never replaces it (unless the range has nothing else).
        const covered = new Set(adequate.map((c) => c.id));
        return this.build(user, 'range', metrics, reads, {
          analysed: cycles,
          withheld,
          focus: cycles.findLast((c) => covered.has(c.id)) ?? cycles.at(-1) ?? null,
          trend: cycles.map(toRef),
          root,
        });
      },
    );
  }

  /**
   * Steps 2 and 3 of a build: the analysis and every other section at once over the same
   * reads (the stats of the analysed cycles are asked for first, so the sections' per-cycle
   * figures come from that one read), then assembly.
   */
  private async build(
    user: CurrentUser,
    kind: LinkageReportData['kind'],
    metrics: LinkageOptions,
    reads: AnalyticsReads,
    resolved: ResolvedReport,
  ): Promise<LinkageReportData> {
    const { analysed, withheld, focus, trend, root } = resolved;
    reads.scoredStats(analysed).catch(() => undefined); // failures surface where it is used
    const [linkage, sections] = await Promise.all([
      this.linkage.analyzeCycles(user, analysed, focus, withheld, metrics, reads),
      this.sections(user, reads, focus === null ? null : toRef(focus), trend, root),
    ]);
    return { kind, resultsAvailable: true, linkage, ...sections };
  }

  /** Open and closed cycles, for pickers; only closed ones have results. */
  async listCycles(): Promise<CycleRef[]> {
    return (await this.stats.listCycles()).map(toRef);
  }

  /** Open cycles, each with when its results appear. */
  async withheldCycles(): Promise<WithheldCycle[]> {
    return (await this.stats.listCycles()).filter((c) => !resultsAvailable(c)).map(withheldCycle);
  }

  /** Participation of an open cycle in the group (company or a unit's subtree), read live. */
  private async participation(
    cycle: CycleInfo,
    root: ScopeUnit | null,
  ): Promise<ParticipationReport> {
    return {
      kind: 'participation',
      resultsAvailable: false,
      cycle: { ...toRef(cycle), closesAt: cycle.closesAt?.toISOString() ?? null },
      message: resultsPendingMessage(cycle),
      group: { unitId: root?.id ?? null, name: root?.name ?? 'Whole company' },
      responseRates: await this.rates.forGroup(toRef(cycle), root),
    };
  }

  /** Everything on a linkage report beside the analysis itself. */
  private async sections(
    user: CurrentUser,
    reads: AnalyticsReads,
    focus: CycleRef | null,
    trendCycles: readonly CycleRef[],
    root: ScopeUnit | null,
  ): Promise<Sections> {
    const figures = async (cycleId: string, groups: 'all' | 'root') =>
      this.results.figuresForCycle(user, await reads.cycle(cycleId), undefined, groups, reads);
    // The comment sample is read while the figures that decide whether it may be shown (the
    // view's own row) are computed; forGroup() applies that decision.
    const early =
      focus === null
        ? undefined
        : this.comments.sample(focus.id, root?.path ?? null, COMMENT_SAMPLE, reads);
    const comments =
      focus === null
        ? null
        : figures(focus.id, 'root').then((r) =>
            this.comments.forGroup(user, r.cycle.id, undefined, COMMENT_SAMPLE, r, early),
          );
    const [heatmap, trend, responseRates, groupComments] = await Promise.all([
      focus === null ? null : figures(focus.id, 'all').then((r) => heatmapOf(r)),
      this.trends.forGroup(user, reads, trendCycles, root),
      focus === null ? null : this.rates.forGroup(focus, root),
      comments,
    ]);
    return {
      group: { unitId: root?.id ?? null, name: root?.name ?? 'Whole company' },
      heatmap,
      trend,
      responseRates,
      comments: groupComments,
    };
  }

  /**
   * A unit's subtree against the whole company, in one cycle (default: the latest closed one,
   * or while none has closed, the latest open one). An open cycle gives its participation only.
   */
  async unitDashboard(
    user: CurrentUser,
    unitId: string,
    cycleIdOrLabel?: string,
    snapshot?: ReportSnapshot,
  ): Promise<UnitDashboardData | UnitParticipation> {
    // The scope check runs on every request, before anything cached is looked at.
    const unit = await this.scope.unitFor(user, unitId);
    const reported = await this.stats.listCycles();
    // By default the latest cycle with adequate coverage that included the unit's subtree.
    const cycle =
      cycleIdOrLabel === undefined || cycleIdOrLabel === ''
        ? ((await this.stats.reads(snapshot).headlineCycle(unit.path)) ??
          reported.filter(resultsAvailable).at(-1) ??
          reported.at(-1))
        : await this.stats.findCycle(cycleIdOrLabel);
    if (cycle === undefined)
      throw new ReportError(ReportErrorCode.NO_CYCLES, { unitName: unit.name });
    if (!resultsAvailable(cycle)) {
      return {
        ...(await this.participation(cycle, unit)),
        unit: this.unitRef(user, unit),
        cycles: reported.map(toRef),
      };
    }
    const data = snapshot ?? (await this.cache.snapshot());
    return data.getOrBuild(reportKey('unit', user, unit.id, cycle.id), () =>
      this.buildUnitDashboard(user, unit, cycle.id, data),
    );
  }

  private unitRef(user: CurrentUser, unit: ScopeUnit): UnitDashboardData['unit'] {
    return {
      id: unit.id,
      name: unit.name,
      parentId: unit.parentId,
      parentVisible: unit.parentId !== null && user.scope?.unitId !== unit.id,
    };
  }

  private async buildUnitDashboard(
    user: CurrentUser,
    unit: ScopeUnit,
    cycleId: string,
    snapshot: ReportSnapshot,
  ): Promise<UnitDashboardData> {
    const reads = this.stats.reads(snapshot);
    const cycle = await this.stats.findCycle(cycleId);
    assertResultsAvailable(cycle);
    const [reported, closed] = await Promise.all([reads.reportedCycles(), reads.cycles()]);
    const trendCycles = trendEndingAt(
      closed.filter((c) => !c.pilot || c.id === cycle.id),
      cycle.id,
    );

    // The company benchmark a manager's dashboard compares against, as a reader of the whole
    // company sees it; only its `total` row is read.
    const companyReader: CurrentUser = user.scope === null ? user : { ...user, scope: null };
    const [unitResults, companyResults] = await Promise.all([
      this.results.forCycle(user, cycle.id, unit.id, reads),
      this.results.forCycle(companyReader, cycle.id, undefined, reads),
    ]);
    const unitRow = rootRow(unitResults);
    const companyRow = companyResults.total;
    if (unitRow === null || companyRow === null)
      throw new ReportError(ReportErrorCode.UNIT_NOT_FOUND);

    const itemFigure = (row: typeof unitRow, key: string, nps: boolean): ShownOrHidden => {
      if (row.employee.hidden) return row.employee;
      const figure = row.employee.items[key];
      if (figure === undefined) return { hidden: false, value: null };
      if (figure.hidden) return figure;
      return { hidden: false, value: nps ? figure.nps : figure.favorable };
    };
    const [unitTrend, companyTrend, responseRates, comments] = await Promise.all([
      this.trends.forGroup(user, reads, trendCycles, unit),
      this.trends.forGroup(companyReader, reads, trendCycles, null),
      this.rates.forGroup(toRef(cycle), unit),
      this.comments.forGroup(user, cycle.id, unit.id, COMMENT_SAMPLE, unitResults),
    ]);
    return {
      resultsAvailable: true,
      unit: this.unitRef(user, unit),
      cycle: cycleRef(unitResults.cycle),
      cycles: reported.map(toRef),
      thresholds: unitResults.thresholds,
      employeeMetrics: unitResults.metrics.employee,
      customerMetrics: unitResults.metrics.customer,
      unitFigures: groupFigures(unitRow),
      companyFigures: groupFigures(companyRow),
      items: unitResults.items.map((item) => ({
        key: item.key,
        label: item.label,
        dimension: item.dimension,
        unit: itemFigure(unitRow, item.key, item.kind === 'nps'),
        company: itemFigure(companyRow, item.key, item.kind === 'nps'),
      })),
      heatmap: heatmapOf(unitResults),
      trend: { unit: unitTrend, company: companyTrend },
      responseRates,
      comments,
    };
  }
}

type Sections = Pick<
  LinkageReportData,
  'group' | 'heatmap' | 'trend' | 'responseRates' | 'comments'
>;

/** The snapshot and shared reads of a caller that builds something beside the report. */
export interface BuildContext {
  snapshot: ReportSnapshot;
  reads: AnalyticsReads;
}

/** Step 1 of a build: which cycles, which focus, whose scope. */
interface ResolvedReport {
  analysed: CycleInfo[];
  withheld: WithheldCycle[];
  focus: CycleInfo | null;
  trend: CycleRef[];
  root: ScopeUnit | null;
}

/** Up to TREND_CYCLES cycles ending with the focus one; none if it is not among them. */
function trendEndingAt(all: readonly CycleInfo[], focusId: string | null): CycleRef[] {
  const end = all.findIndex((c) => c.id === focusId);
  return all.slice(Math.max(0, end + 1 - TREND_CYCLES), end + 1).map(toRef);
}

/**
 * A report cache key: what a report or page depends on besides the data, i.e. its arguments
 * and the reader's scope (never their identity).
 */
export function reportKey(
  kind: string,
  user: CurrentUser,
  ...args: (string | undefined)[]
): string {
  return JSON.stringify([kind, user.scope?.unitId ?? null, user.scope?.path ?? null, ...args]);
}

function toRef(cycle: CycleInfo): CycleRef {
  return {
    id: cycle.id,
    label: cycle.label,
    periodStart: cycle.periodStart,
    periodEnd: cycle.periodEnd,
    status: cycle.status,
    pilot: cycle.pilot,
  };
}

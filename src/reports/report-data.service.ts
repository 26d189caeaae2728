import { Injectable } from '@nestjs/common';
import type { AnalyticsReads } from '../analytics/analytics-reads';
import type { CurrentUser } from '../auth/current-user';
import { LinkageOptions, LinkageReport, LinkageService } from '../analytics/linkage.service';
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
import { ReportCache } from './report-cache';
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
import { UnitResultsMemo } from './unit-results-memo';

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

  /** Shared reads for a report build, when the caller builds something else beside it. */
  reads(): AnalyticsReads {
    return this.stats.reads();
  }

  /**
   * The report of one cycle as a reader sees it: the linkage report once the cycle is closed
   * (cycleReport), its participation while it is open.
   */
  async cycleView(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<LinkageReportData | ParticipationReport> {
    const cycle = await this.stats.findCycle(cycleIdOrLabel);
    if (!resultsAvailable(cycle)) {
      const root = await this.scope.rootFor(user);
      return this.participation(cycle, root);
    }
    return this.cycleReport(user, cycle.id, metrics, reads);
  }

  /**
   * One closed cycle, with the closed cycle before it for the cross-lag and up to 8 closed
   * cycles of trend; an open one is refused (RESULTS_NOT_YET_AVAILABLE) before anything is
   * built or looked up in the cache. `reads`: used if the report has to be built, shared with
   * whatever else the caller builds with them.
   */
  async cycleReport(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<LinkageReportData> {
    assertResultsAvailable(await this.stats.findCycle(cycleIdOrLabel));
    return this.cache.getOrBuild(
      cacheKey('cycle', user, cycleIdOrLabel, metrics.employeeMetric, metrics.customerMetric),
      () => this.buildCycleReport(user, cycleIdOrLabel, metrics, reads),
      this.fingerprintBefore(reads),
    );
  }

  private async buildCycleReport(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
    reads: AnalyticsReads,
  ): Promise<LinkageReportData> {
    const memo = new UnitResultsMemo(this.results, user, reads);
    const all = await reads.cycles();
    // A guess at the cycle LinkageService will resolve, only to start the sections early.
    const i = all.findIndex((c) => c.id === cycleIdOrLabel || c.label === cycleIdOrLabel);
    const early =
      i < 0
        ? null
        : this.startSections(
            user,
            memo,
            all.slice(Math.max(0, i - 1), i + 1),
            trendEndingAt(all, all[i].id),
          );
    const linkage = await this.linkage.forCycle(user, cycleIdOrLabel, metrics, reads);
    const trendCycles = trendEndingAt(all, linkage.focusCycleId);
    return this.complete(user, 'cycle', linkage, trendCycles, memo, early);
  }

  /**
   * Consecutive cycles from `from` to `to` (default: all of them); open ones in the range are
   * left out of every figure and named in `linkage.withheld`.
   */
  rangeReport(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    metrics: LinkageOptions,
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<LinkageReportData> {
    return this.cache.getOrBuild(
      cacheKey('range', user, from, to, metrics.employeeMetric, metrics.customerMetric),
      () => this.buildRangeReport(user, from, to, metrics, reads),
      this.fingerprintBefore(reads),
    );
  }

  /**
   * The cache's fingerprint of the data, taken before any of `reads` starts (the caller may
   * already be using them beside the report): a report is never older than its fingerprint.
   */
  private fingerprintBefore(reads: AnalyticsReads): Promise<string> {
    const fingerprint = this.cache.fingerprint();
    reads.holdUntil(fingerprint);
    return fingerprint;
  }

  private async buildRangeReport(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    metrics: LinkageOptions,
    reads: AnalyticsReads,
  ): Promise<LinkageReportData> {
    const memo = new UnitResultsMemo(this.results, user, reads);
    const guess = await this.guessRange(reads, from, to);
    const early =
      guess.length === 0 ? null : this.startSections(user, memo, guess, guess.map(toRef));
    const linkage = await this.linkage.forRange(user, from, to, metrics, reads);
    return this.complete(user, 'range', linkage, linkage.cycles, memo, early);
  }

  /**
   * The cycles a range report will cover, as LinkageService.forRange resolves them, found first
   * so the other sections can start while the analysis runs; [] if in doubt (they then start
   * afterwards, from the cycles the analysis used).
   */
  private async guessRange(
    reads: AnalyticsReads,
    from?: string,
    to?: string,
  ): Promise<CycleInfo[]> {
    try {
      return (await reads.span(from, to)).cycles;
    } catch {
      return [];
    }
  }

  /** Open and closed cycles, for pickers; only closed ones have results. */
  async listCycles(): Promise<CycleRef[]> {
    return (await this.stats.listCycles()).map(toRef);
  }

  /** Open cycles, each with when its results appear. */
  async withheldCycles(): Promise<WithheldCycle[]> {
    return (await this.stats.listCycles())
      .filter((c) => !resultsAvailable(c))
      .map(withheldCycle);
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

  /**
   * Starts the sections beside the analysis for the cycles it is expected to cover: first the
   * read of their stats the analysis makes (so every section shares it), then the heatmap,
   * trend, response rates and comments, which query the database while the analysis computes.
   */
  private startSections(
    user: CurrentUser,
    memo: UnitResultsMemo,
    linkageCycles: readonly CycleInfo[],
    trendCycles: readonly CycleRef[],
  ): EarlySections {
    memo.reads.scoredStats(linkageCycles).catch(() => undefined);
    const focus = toRef(linkageCycles[linkageCycles.length - 1]);
    const sections = this.sections(user, memo, focus, trendCycles);
    // Failures surface where the sections are used.
    sections.catch(() => undefined);
    return { focusId: focus.id, trendCycles, sections };
  }

  private async complete(
    user: CurrentUser,
    kind: LinkageReportData['kind'],
    linkage: LinkageReport,
    trendCycles: readonly CycleRef[],
    memo: UnitResultsMemo,
    early: EarlySections | null,
  ): Promise<LinkageReportData> {
    const focus = linkage.cycles.find((c) => c.id === linkage.focusCycleId) ?? null;
    const sections =
      early !== null && focus?.id === early.focusId && sameCycles(trendCycles, early.trendCycles)
        ? await early.sections
        : await this.sections(user, memo, focus, trendCycles);
    return { kind, resultsAvailable: true, linkage, ...sections };
  }

  /** Everything on a linkage report beside the analysis itself. */
  private async sections(
    user: CurrentUser,
    memo: UnitResultsMemo,
    focus: CycleRef | null,
    trendCycles: readonly CycleRef[],
  ): Promise<Sections> {
    const root = await this.scope.rootFor(user);
    // The comment sample is read while the figures that decide whether it may be shown (the
    // view's own row) are computed; forGroup() applies that decision. It is a secondary read,
    // the one the page waits for last: the next to go.
    const early =
      focus === null
        ? undefined
        : this.comments.sample(focus.id, root?.path ?? null, COMMENT_SAMPLE, (read) =>
            memo.reads.inLane(read, true),
          );
    const comments =
      focus === null
        ? null
        : memo
            .figures(focus.id, undefined, 'root')
            .then((r) =>
              this.comments.forGroup(user, r.cycle.id, undefined, COMMENT_SAMPLE, r, early),
            );
    const [heatmap, trend, responseRates, groupComments] = await Promise.all([
      focus === null ? null : memo.figures(focus.id, undefined, 'all').then((r) => heatmapOf(r)),
      this.trends.forGroup(memo, trendCycles, root),
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
  ): Promise<UnitDashboardData | UnitParticipation> {
    // The scope check runs on every request, before anything cached is looked at.
    const unit = await this.scope.unitFor(user, unitId);
    const reported = await this.stats.listCycles();
    const cycle =
      cycleIdOrLabel === undefined || cycleIdOrLabel === ''
        ? (reported.filter(resultsAvailable).at(-1) ?? reported.at(-1))
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
    return this.cache.getOrBuild(cacheKey('unit', user, unit.id, cycle.id), () =>
      this.buildUnitDashboard(user, unit, cycle.id),
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
  ): Promise<UnitDashboardData> {
    const reads = this.stats.reads();
    const cycle = await this.stats.findCycle(cycleId);
    assertResultsAvailable(cycle);
    const [reported, closed] = await Promise.all([reads.reportedCycles(), reads.cycles()]);
    const trendCycles = trendEndingAt(closed, cycle.id);

    const memo = new UnitResultsMemo(this.results, user, reads);
    const company = memo.companyView();
    const [unitResults, companyResults] = await Promise.all([
      memo.get(cycle.id, unit.id),
      company.get(cycle.id),
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
      this.trends.forGroup(memo, trendCycles, unit),
      this.trends.forGroup(company, trendCycles, null),
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

interface EarlySections {
  focusId: string;
  trendCycles: readonly CycleRef[];
  sections: Promise<Sections>;
}

function sameCycles(a: readonly CycleRef[], b: readonly CycleRef[]): boolean {
  return a.length === b.length && a.every((c, i) => c.id === b[i].id);
}

/** Up to TREND_CYCLES cycles ending with the focus one; none if it is not among them. */
function trendEndingAt(all: readonly CycleInfo[], focusId: string | null): CycleRef[] {
  const end = all.findIndex((c) => c.id === focusId);
  return all.slice(Math.max(0, end + 1 - TREND_CYCLES), end + 1).map(toRef);
}

/** What a report depends on: its arguments and the reader's scope (never their identity). */
function cacheKey(kind: string, user: CurrentUser, ...args: (string | undefined)[]): string {
  return JSON.stringify([kind, user.scope?.unitId ?? null, user.scope?.path ?? null, ...args]);
}

function toRef(cycle: CycleInfo): CycleRef {
  return {
    id: cycle.id,
    label: cycle.label,
    periodStart: cycle.periodStart,
    periodEnd: cycle.periodEnd,
    status: cycle.status,
  };
}

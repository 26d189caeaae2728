import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/current-user';
import { LinkageOptions, LinkageReport, LinkageService } from '../analytics/linkage.service';
import { UnitCommentsService } from '../analytics/unit-comments.service';
import { UnitResultsService } from '../analytics/unit-results.service';
import { CycleInfo, UnitStatsService } from '../analytics/unit-stats.service';
import { cycleRef, groupFigures, heatmapOf, rootRow } from './group-figures';
import { ReportCache } from './report-cache';
import { ReportScopeService, ScopeUnit } from './report-scope.service';
import { ReportTrendsService } from './report-trends.service';
import type { CycleRef, LinkageReportData, ShownOrHidden, UnitDashboardData } from './report.types';
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
 * It adds no figures of its own about employees; it only picks and reshapes.
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

  /** One cycle, with the cycle before it for the cross-lag and up to 8 cycles of trend. */
  cycleReport(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
  ): Promise<LinkageReportData> {
    return this.cache.getOrBuild(
      cacheKey('cycle', user, cycleIdOrLabel, metrics.employeeMetric, metrics.customerMetric),
      () => this.buildCycleReport(user, cycleIdOrLabel, metrics),
    );
  }

  private async buildCycleReport(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
  ): Promise<LinkageReportData> {
    const memo = new UnitResultsMemo(this.results, user);
    const all = await this.stats.listCycles();
    // A guess at the cycle LinkageService will resolve, only to start the prefetch early.
    const guess = all.find((c) => c.id === cycleIdOrLabel || c.label === cycleIdOrLabel);
    if (guess) prefetch(memo, trendEndingAt(all, guess.id));
    const linkage = await this.linkage.forCycle(user, cycleIdOrLabel, metrics);
    return this.complete(user, 'cycle', linkage, trendEndingAt(all, linkage.focusCycleId), memo);
  }

  /** Consecutive cycles from `from` to `to` (default: all of them). */
  rangeReport(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    metrics: LinkageOptions,
  ): Promise<LinkageReportData> {
    return this.cache.getOrBuild(
      cacheKey('range', user, from, to, metrics.employeeMetric, metrics.customerMetric),
      () => this.buildRangeReport(user, from, to, metrics),
    );
  }

  private async buildRangeReport(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    metrics: LinkageOptions,
  ): Promise<LinkageReportData> {
    const memo = new UnitResultsMemo(this.results, user);
    prefetch(memo, await this.guessRange(from, to));
    const linkage = await this.linkage.forRange(user, from, to, metrics);
    return this.complete(user, 'range', linkage, linkage.cycles, memo);
  }

  /**
   * The cycles a range report will cover, as LinkageService.forRange resolves them, found first
   * so their unit results can be fetched while the analysis runs; [] if in doubt (the report
   * then fetches them afterwards, from the cycles the analysis used).
   */
  private async guessRange(from?: string, to?: string): Promise<CycleRef[]> {
    try {
      const all = await this.stats.listCycles();
      const find = (ref: string | undefined, fallback: number) =>
        ref === undefined || ref === ''
          ? fallback
          : all.findIndex((c) => c.id === ref || c.label === ref);
      const start = find(from, 0);
      const end = find(to, all.length - 1);
      return start < 0 || end < start ? [] : all.slice(start, end + 1).map(toRef);
    } catch {
      return [];
    }
  }

  async listCycles(): Promise<CycleRef[]> {
    return (await this.stats.listCycles()).map(toRef);
  }

  private async complete(
    user: CurrentUser,
    kind: LinkageReportData['kind'],
    linkage: LinkageReport,
    trendCycles: readonly CycleRef[],
    memo: UnitResultsMemo,
  ): Promise<LinkageReportData> {
    const root = await this.scope.rootFor(user);
    const focus = linkage.cycles.find((c) => c.id === linkage.focusCycleId) ?? null;
    const focusResults = focus === null ? null : memo.get(focus.id);
    const [heatmap, trend, responseRates, comments] = await Promise.all([
      focusResults === null ? null : focusResults.then((r) => heatmapOf(r)),
      this.trends.forGroup(memo, trendCycles, root),
      focus === null ? null : this.rates.forGroup(focus, root),
      focusResults === null
        ? null
        : focusResults.then((r) =>
            this.comments.forGroup(user, r.cycle.id, undefined, COMMENT_SAMPLE, r),
          ),
    ]);
    return {
      kind,
      group: { unitId: root?.id ?? null, name: root?.name ?? 'Whole company' },
      linkage,
      heatmap,
      trend,
      responseRates,
      comments,
    };
  }

  /** A unit's subtree against the whole company, in one cycle (default: the latest). */
  async unitDashboard(
    user: CurrentUser,
    unitId: string,
    cycleIdOrLabel?: string,
  ): Promise<UnitDashboardData> {
    // The scope check runs on every request, before anything cached is looked at.
    const unit = await this.scope.unitFor(user, unitId);
    return this.cache.getOrBuild(cacheKey('unit', user, unit.id, cycleIdOrLabel), () =>
      this.buildUnitDashboard(user, unit, cycleIdOrLabel),
    );
  }

  private async buildUnitDashboard(
    user: CurrentUser,
    unit: ScopeUnit,
    cycleIdOrLabel?: string,
  ): Promise<UnitDashboardData> {
    const all = await this.stats.listCycles();
    if (all.length === 0) throw new ReportError(ReportErrorCode.NO_CYCLES, { unitName: unit.name });
    const cycle =
      cycleIdOrLabel === undefined || cycleIdOrLabel === ''
        ? all[all.length - 1]
        : await this.stats.findCycle(cycleIdOrLabel);
    const trendCycles = trendEndingAt(all, cycle.id);

    const memo = new UnitResultsMemo(this.results, user);
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
      unit: {
        id: unit.id,
        name: unit.name,
        parentId: unit.parentId,
        parentVisible: unit.parentId !== null && user.scope?.unitId !== unit.id,
      },
      cycle: cycleRef(unitResults.cycle),
      cycles: all.map(toRef),
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

/**
 * Starts the suppressed unit results of these cycles (the trend and heatmap need them) so the
 * database works on them while the linkage analysis computes. Failures surface later, where
 * the results are used.
 */
function prefetch(memo: UnitResultsMemo, cycles: readonly CycleRef[]): void {
  for (const cycle of cycles) void memo.get(cycle.id).catch(() => undefined);
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

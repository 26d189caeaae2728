import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CurrentUser } from '../auth/current-user';
import type { AppConfig } from '../config/app.config';
import type { AnalyticsReads } from './analytics-reads';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { BootstrapThread } from './bootstrap-thread';
import { analyzeLinkageBeside } from './linkage-analysis';
import { resolveEligibility } from './linkage-units';
import { assertResultsAvailable, WithheldCycle } from './results-availability';
import type { LinkageAnalysis, LinkageRow } from './linkage.types';
import type { CellVisibility } from './stats/suppression';
import {
  cycleSummary,
  Figure,
  HiddenFigure,
  hiddenFigure,
  OwnVisibility,
  UnitResultsService,
} from './unit-results.service';
import { UnitCycleTableService } from './unit-cycle-table.service';
import { CycleInfo, UnitStatsService } from './unit-stats.service';

export interface LinkageOptions {
  employeeMetric?: string;
  customerMetric?: string;
}

export interface MetricLabel {
  key: string;
  label: string;
}

export interface LinkageUnitPoint {
  unitId: string;
  unitName: string;
  employeeResponses: number;
  customerResponses: number;
  /** in the focus cycle's analysis (both response thresholds met) */
  included: boolean;
  /**
   * The unit's own employee figures, unless too few responses or needed to protect another
   * group; a metric hidden on its own (too few answers) is null, with its reason in hiddenMetrics.
   */
  employee: Figure<{
    metrics: Record<string, number | null>;
    hiddenMetrics: Record<string, HiddenFigure>;
  }>;
  customer: { metrics: Record<string, number | null> };
  headcount: number | null;
  turnoverRate: number | null;
  voluntaryTurnoverRate: number | null;
}

export interface LinkageReport {
  /** the closed cycles analysed */
  cycles: ReturnType<typeof cycleSummary>[];
  /** open cycles in the range asked for, left out until they close (privacy rule 3) */
  withheld: WithheldCycle[];
  focusCycleId: string | null;
  /** the manager's subtree the analysis is limited to, or null for the whole company */
  scope: { unitId: string } | null;
  primary: { employeeMetric: string; customerMetric: string };
  metrics: { employee: MetricLabel[]; customer: MetricLabel[] };
  analysis: LinkageAnalysis;
  /** one point per unit of the focus cycle, for scatter plots */
  units: LinkageUnitPoint[];
}

/**
 * The linkage analysis of docs/methods.md over real data: the unit × cycle table from SQL, the pure
 * analyzeLinkage(), and the focus cycle's unit points with privacy rule 2 applied. Only closed
 * cycles are analysed (privacy rule 3): an open cycle asked for by itself is refused, and one
 * inside a range is left out and named in `withheld`.
 */
@Injectable()
export class LinkageService {
  constructor(
    private readonly stats: UnitStatsService,
    private readonly table: UnitCycleTableService,
    private readonly results: UnitResultsService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly bootstrap: BootstrapThread,
  ) {}

  /**
   * One cycle, with the cycle before it so the cross-lagged comparison has a "before". `reads`:
   * shared with the other sections of a report built at the same time.
   */
  async forCycle(
    user: CurrentUser,
    cycleIdOrLabel: string,
    options: LinkageOptions = {},
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<LinkageReport> {
    const cycle = await this.stats.findCycle(cycleIdOrLabel);
    assertResultsAvailable(cycle);
    const all = await reads.cycles();
    const index = all.findIndex((c) => c.id === cycle.id);
    const cycles = index > 0 ? [all[index - 1], cycle] : [cycle];
    return this.analyzeCycles(user, cycles, cycle, [], options, reads);
  }

  /**
   * Consecutive cycles from `from` to `to` (ids or period labels, both inclusive; default the
   * first and the latest open or closed cycle), focused on the last closed one. Open cycles in
   * the range are left out and listed in `withheld`.
   */
  async forRange(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    options: LinkageOptions = {},
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<LinkageReport> {
    const { cycles, withheld } = await reads.span(from, to);
    return this.analyzeCycles(
      user,
      cycles,
      cycles[cycles.length - 1] ?? null,
      withheld,
      options,
      reads,
    );
  }

  /**
   * The analysis of cycles already resolved (closed ones, in order; `focus` among them): for a
   * report that resolves its cycles first and builds its other sections beside the analysis.
   */
  async analyzeCycles(
    user: CurrentUser,
    cycles: CycleInfo[],
    focus: CycleInfo | null,
    withheld: WithheldCycle[],
    options: LinkageOptions,
    reads: AnalyticsReads,
  ): Promise<LinkageReport> {
    for (const cycle of cycles) assertResultsAvailable(cycle);
    const { anonymityMin, minCustomerResponses } = this.config.get('privacy', { infer: true });
    // The analysis starts as soon as its table is there: the unit points' visibility (the
    // focus cycle's own figures) is computed while the other thread runs the bootstrap.
    const visible = focus === null ? null : this.results.ownFigureVisibility(focus, reads);
    visible?.catch(() => undefined); // the table's or the analysis' failure, if any, is shown
    const table = await this.table.build(cycles, user.scope?.path ?? null, focus?.id, reads);
    const primary = {
      employeeMetric: pick(table.employeeMetrics, options.employeeMetric, 'engagement'),
      customerMetric: pick(table.customerMetrics, options.customerMetric, 'nps'),
    };
    const analysis = await analyzeLinkageBeside(
      {
        cycles: cycles.map((c) => ({
          id: c.id,
          label: c.label,
          start: c.periodStart,
          end: c.periodEnd,
          pilot: c.pilot,
        })),
        rows: table.rows,
        thresholds: { anonymityMin, minCustomerResponses },
        primary,
        focusCycleId: focus?.id,
        labels: table.labels,
        scales: table.scales,
        options: { leaverCost: this.config.get('analysis', { infer: true }).leaverCost },
      },
      this.bootstrap.run,
    );
    const visibility = await visible;
    return {
      cycles: cycles.map(cycleSummary),
      withheld,
      focusCycleId: focus?.id ?? null,
      scope: user.scope ? { unitId: user.scope.unitId } : null,
      primary,
      metrics: { employee: table.employeeMetrics, customer: table.customerMetrics },
      analysis,
      units:
        focus === null || visibility === null
          ? []
          : this.points(
              focus.id,
              table.rows,
              new Set(analysis.units.included.map((u) => u.unitId)),
              visibility,
            ),
    };
  }

  /**
   * The unit × cycle table an analysis ran on, every cycle of it as that cycle's own report
   * shows its units (privacy rule 2 applied per cycle; the reader's scope), for the analysis
   * bundle. `included`: the unit meets both response thresholds in that cycle.
   */
  async visibleTable(
    user: CurrentUser,
    report: Pick<LinkageReport, 'cycles' | 'focusCycleId'>,
    reads: AnalyticsReads,
  ): Promise<{ cycleId: string; units: LinkageUnitPoint[] }[]> {
    const cycles = await Promise.all(report.cycles.map((c) => reads.cycle(c.id)));
    for (const cycle of cycles) assertResultsAvailable(cycle);
    const { anonymityMin, minCustomerResponses } = this.config.get('privacy', { infer: true });
    const [table, visibility] = await Promise.all([
      this.table.build(cycles, user.scope?.path ?? null, report.focusCycleId ?? undefined, reads),
      Promise.all(cycles.map((c) => this.results.ownFigureVisibility(c, reads))),
    ]);
    const eligibility = resolveEligibility({
      cycles: cycles.map((c) => ({
        id: c.id,
        label: c.label,
        start: c.periodStart,
        end: c.periodEnd,
      })),
      rows: table.rows,
      thresholds: { anonymityMin, minCustomerResponses },
      primary: { employeeMetric: '', customerMetric: '' },
    });
    return cycles.map((cycle, i) => ({
      cycleId: cycle.id,
      units: this.points(
        cycle.id,
        table.rows,
        new Set(eligibility.included(cycle.id).map((u) => u.unitId)),
        visibility[i],
      ),
    }));
  }

  private points(
    cycleId: string,
    rows: readonly LinkageRow[],
    included: ReadonlySet<string>,
    visibility: ReadonlyMap<string, OwnVisibility>,
  ): LinkageUnitPoint[] {
    const { anonymityMin } = this.config.get('privacy', { infer: true });
    return rows
      .filter((row) => row.cycleId === cycleId)
      .sort((a, b) => UNIT_NAME_ORDER.compare(a.unitName ?? '', b.unitName ?? ''))
      .map((row) => {
        const cells = visibility.get(row.unitId);
        const own: CellVisibility = cells?.own ?? { hidden: true, code: 'below-threshold' };
        const metrics: Record<string, number | null> = {};
        const hiddenMetrics: Record<string, HiddenFigure> = {};
        for (const [key, value] of Object.entries(row.employee.metrics)) {
          const cell = cells?.metrics.get(key);
          if (cell?.hidden) hiddenMetrics[key] = hiddenFigure(cell.code, anonymityMin, 'answers');
          metrics[key] = cell?.hidden ? null : value;
        }
        return {
          unitId: row.unitId,
          unitName: row.unitName ?? row.unitId,
          employeeResponses: row.employee.n,
          customerResponses: row.customer.n,
          included: included.has(row.unitId),
          employee: own.hidden
            ? hiddenFigure(own.code, anonymityMin, 'responses')
            : { hidden: false as const, metrics, hiddenMetrics },
          customer: { metrics: row.customer.metrics },
          headcount: row.headcount,
          turnoverRate: row.turnoverRate,
          voluntaryTurnoverRate: row.voluntaryTurnoverRate,
        };
      });
  }
}

/** The order of a.localeCompare(b, 'en'), made once. */
const UNIT_NAME_ORDER = new Intl.Collator('en');

function pick(
  available: readonly { key: string }[],
  requested: string | undefined,
  preferred: string,
): string {
  if (requested !== undefined && requested !== '') {
    if (!available.some((m) => m.key === requested))
      throw new AnalyticsError(AnalyticsErrorCode.UNKNOWN_METRIC, { metric: requested });
    return requested;
  }
  return available.some((m) => m.key === preferred) ? preferred : (available[0]?.key ?? preferred);
}

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CurrentUser } from '../auth/current-user';
import type { AppConfig } from '../config/app.config';
import type { AnalyticsReads, UnitRecord } from './analytics-reads';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { COMPANY, CycleTree, responsesOf } from './cycle-tree';
import { assertResultsAvailable } from './results-availability';
import type { CellVisibility, SuppressionCode } from './stats/suppression';
import {
  ItemDefinition,
  ItemValue,
  itemValue,
  MetricValue,
  metricValue,
  StatsByMetric,
} from './stats/unit-metrics';
import { CycleInfo, type CycleQuestions, UnitStatsService } from './unit-stats.service';
import { TreeUnit, treeOrder } from './stats/unit-tree';

export interface HiddenFigure {
  hidden: true;
  code: SuppressionCode;
  reason: string;
}
export type Figure<T> = ({ hidden: false } & T) | HiddenFigure;

export interface EmployeeFigures {
  metrics: Record<string, Figure<MetricValue>>;
  items: Record<string, Figure<ItemValue>>;
}

/** A group's employee metric figures (no item figures), as heatmaps and trends show them. */
export interface UnitFiguresRow {
  /** null for the whole-company row */
  unitId: string | null;
  name: string;
  externalId: string | null;
  parentId: string | null;
  /** depth below the row the view starts at */
  depth: number;
  /** employee responses in the unit's subtree (counts are not secret; the figures are) */
  responses: number;
  employee: Figure<{ metrics: Record<string, Figure<MetricValue>> }>;
  /** whether the group's comments may be shown (COMMENT_MIN, and not protecting a smaller group) */
  comments: Figure<object>;
  /** customer responses may be identified (privacy rule 4), so these are not suppressed */
  customer: { responses: number; metrics: Record<string, MetricValue> };
}

export interface UnitResultRow extends UnitFiguresRow {
  employee: Figure<EmployeeFigures>;
  comments: Figure<{ count: number }>;
}

/** A view's groups in one cycle with their metric figures. */
export interface UnitFigures {
  cycle: Pick<CycleInfo, 'id' | 'label' | 'periodStart' | 'periodEnd' | 'status'>;
  thresholds: { anonymityMin: number; commentMin: number };
  metrics: {
    employee: { key: string; label: string }[];
    customer: { key: string; label: string }[];
  };
  /** the whole company, when the view is not limited to one subtree */
  total: UnitFiguresRow | null;
  units: UnitFiguresRow[];
}

/** The full results table: every group's metric and item figures and comment counts. */
export interface UnitResults extends UnitFigures {
  items: ItemDefinition[];
  total: UnitResultRow | null;
  units: UnitResultRow[];
}

export interface OwnVisibility {
  /** the unit's own responses as a whole */
  own: CellVisibility;
  /** metric key → its own cell */
  metrics: Map<string, CellVisibility>;
}

/**
 * Employee results per unit subtree for one cycle, with privacy rule 2 applied here so no
 * report, export or API built on it can get around it: figures of groups under ANONYMITY_MIN
 * (comments: COMMENT_MIN) are hidden with a reason, and complementary suppression runs over
 * the whole company tree (whatever the viewer's scope), so no combination of views lets a
 * hidden group be worked out by subtraction. Figures and the decisions to hide them always
 * come from the same read of the stats (CycleTree). Only closed cycles have results (privacy
 * rule 3): every entry point refuses an open one with RESULTS_NOT_YET_AVAILABLE.
 */
@Injectable()
export class UnitResultsService {
  constructor(
    private readonly stats: UnitStatsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * The full table: every group's metric and item figures and comment counts. Once per `reads`
   * for the same view: a page that shows it in several sections computes it once.
   */
  forCycle(
    user: CurrentUser,
    cycleIdOrLabel: string,
    unitId?: string,
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<UnitResults> {
    return reads.once(viewKey('results', user, cycleIdOrLabel, unitId), () =>
      this.buildForCycle(user, cycleIdOrLabel, unitId, reads),
    );
  }

  private async buildForCycle(
    user: CurrentUser,
    cycleIdOrLabel: string,
    unitId: string | undefined,
    reads: AnalyticsReads,
  ): Promise<UnitResults> {
    const cycle = await this.stats.findCycle(cycleIdOrLabel);
    assertResultsAvailable(cycle);
    const units = await reads.units();
    const root = viewRoot(user, units, unitId);
    const tree = await this.fullTree(cycle, reads);
    const { anonymityMin } = tree.thresholds;
    const employee = tree.subtrees('employee');
    const customer = tree.subtrees('customer');
    const row = (id: string, unit: TreeUnit | null, depth: number): UnitResultRow => {
      const stats = employee.get(id)!;
      const figures = this.figuresRow(tree, id, unit, depth, stats, customer.get(id)!);
      const items = Object.fromEntries(
        tree.items.map((item) => [
          item.key,
          hide(tree.item(item.key).get(id)!.subtree, anonymityMin, 'answers') ?? {
            hidden: false as const,
            ...itemValue(item, stats),
          },
        ]),
      );
      return {
        ...figures,
        employee: figures.employee.hidden ? figures.employee : { ...figures.employee, items },
        comments: figures.comments.hidden
          ? figures.comments
          : {
              hidden: false,
              count: tree.textKeys.reduce((total, key) => total + (stats.get(key)?.n ?? 0), 0),
            },
      };
    };
    return {
      ...this.header(cycle, tree),
      items: tree.items,
      total: root === null ? row(COMPANY, null, 0) : null,
      units: shownUnits(units, root, employee).map(({ unit, depth }) => row(unit.id, unit, depth)),
    };
  }

  /**
   * The metric figures of a view's groups in one cycle, without item figures: every group
   * (`groups: 'all'`, a heatmap) or only the view's own row (`'root'`, a trend point). Shares
   * its reads and anonymity passes with everything else built over the same `reads`, and is
   * computed once per `reads` for the same view. `questions`: the cycle's items to compute
   * from instead of all of them (a trend over cycles that used different surveys).
   */
  figuresForCycle(
    user: CurrentUser,
    cycle: CycleInfo,
    unitId: string | undefined,
    groups: 'all' | 'root',
    reads: AnalyticsReads,
    questions?: CycleQuestions,
  ): Promise<UnitFigures> {
    assertResultsAvailable(cycle);
    const kind = `figures-${groups}${questions ? `:${questionsKey(questions)}` : ''}`;
    return reads.once(viewKey(kind, user, cycle.id, unitId), () =>
      this.buildFigures(user, cycle, unitId, groups, reads, questions),
    );
  }

  private async buildFigures(
    user: CurrentUser,
    cycle: CycleInfo,
    unitId: string | undefined,
    groups: 'all' | 'root',
    reads: AnalyticsReads,
    questions?: CycleQuestions,
  ): Promise<UnitFigures> {
    const units = await reads.units();
    const root = viewRoot(user, units, unitId);
    const tree = await this.tree(cycle, reads, questions);
    const header = this.header(cycle, tree);
    if (groups === 'root') {
      // One group's sums, without rolling up every unit.
      const groupRow = (id: string, unit: TreeUnit | null, employee: StatsByMetric) =>
        this.figuresRow(tree, id, unit, 0, employee, tree.groupStats('customer', id));
      if (root === null) {
        const total = groupRow(COMPANY, null, tree.groupStats('employee', COMPANY));
        return { ...header, total, units: [] };
      }
      const unit = units.find((u) => u.id === root);
      if (unit === undefined) return { ...header, total: null, units: [] };
      const employee = tree.groupStats('employee', unit.id);
      const shown = isShown(unit, employee) ? [groupRow(unit.id, unit, employee)] : [];
      return { ...header, total: null, units: shown };
    }
    const employee = tree.subtrees('employee');
    const customer = tree.subtrees('customer');
    const row = (id: string, unit: TreeUnit | null, depth: number) =>
      this.figuresRow(tree, id, unit, depth, employee.get(id)!, customer.get(id)!);
    return {
      ...header,
      total: root === null ? row(COMPANY, null, 0) : null,
      units: shownUnits(units, root, employee).map(({ unit, depth }) => row(unit.id, unit, depth)),
    };
  }

  /**
   * Which units' own employee figures may be shown in each cycle (response-level suppression
   * over the whole tree, the same cells as forCycle), for unit-level points: by cycle id, then
   * unit id.
   */
  async ownVisibilityByCycle(
    cycles: readonly CycleInfo[],
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<Map<string, Map<string, CellVisibility>>> {
    for (const cycle of cycles) assertResultsAvailable(cycle);
    const [units, trees] = await Promise.all([
      reads.units(),
      Promise.all(cycles.map((cycle) => this.tree(cycle, reads))),
    ]);
    return new Map(
      cycles.map((cycle, i) => {
        const responses = trees[i].responses();
        return [cycle.id, new Map(units.map((u) => [u.id, responses.get(u.id)!.own]))];
      }),
    );
  }

  /**
   * One cycle's ownVisibilityByCycle, plus each employee metric's own cell (a metric answered
   * by fewer people than the unit's responses can be hidden on its own), as forCycle decides
   * them.
   */
  async ownFigureVisibility(
    cycle: CycleInfo,
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<Map<string, OwnVisibility>> {
    assertResultsAvailable(cycle);
    const tree = await this.tree(cycle, reads);
    const responses = tree.responses();
    const perMetric = tree.employeeDefs.map((d) => [d.key, tree.metric(d)] as const);
    return new Map(
      tree.units.map((u) => [
        u.id,
        {
          own: responses.get(u.id)!.own,
          metrics: new Map(perMetric.map(([key, result]) => [key, result.get(u.id)!.own])),
        },
      ]),
    );
  }

  /**
   * The cycle's tree over all its stats (comment counts too), once per `reads`: a unit's
   * dashboard asks for the unit's table and the company's from the same one.
   */
  private fullTree(cycle: CycleInfo, reads: AnalyticsReads): Promise<CycleTree> {
    return reads.once(`cycle-tree-full:${cycle.id}`, async () => {
      const [units, questions, stats] = await Promise.all([
        reads.units(),
        reads.questions([cycle]),
        this.stats.read([cycle]),
      ]);
      return new CycleTree(units, questions.get(cycle.id)!, stats, this.thresholds());
    });
  }

  /** The cycle's tree over its scored stats (over `only` of its items, if given), once per `reads`. */
  private tree(cycle: CycleInfo, reads: AnalyticsReads, only?: CycleQuestions): Promise<CycleTree> {
    const key = `cycle-tree:${cycle.id}${only ? `:${questionsKey(only)}` : ''}`;
    return reads.once(key, async () => {
      const [units, questions, stats] = await Promise.all([
        reads.units(),
        reads.questions([cycle]),
        reads.scoredStatsByCycle([cycle]),
      ]);
      return new CycleTree(
        units,
        only ?? questions.get(cycle.id)!,
        stats.get(cycle.id)!,
        this.thresholds(),
      );
    });
  }

  private thresholds(): { anonymityMin: number; commentMin: number } {
    const { anonymityMin, commentMin } = this.config.get('privacy', { infer: true });
    return { anonymityMin, commentMin };
  }

  private header(cycle: CycleInfo, tree: CycleTree) {
    return {
      cycle: cycleSummary(cycle),
      thresholds: { ...tree.thresholds },
      metrics: {
        employee: tree.employeeDefs.map(({ key, label }) => ({ key, label })),
        customer: tree.customerDefs.map(({ key, label }) => ({ key, label })),
      },
    };
  }

  /** A group's row: `id` a unit or COMPANY, with its employee and customer sums. */
  private figuresRow(
    tree: CycleTree,
    id: string,
    unit: TreeUnit | null,
    depth: number,
    stats: StatsByMetric,
    customerStats: StatsByMetric,
  ): UnitFiguresRow {
    const { anonymityMin, commentMin } = tree.thresholds;
    const metrics = Object.fromEntries(
      tree.employeeDefs.map((d) => [
        d.key,
        hide(tree.metric(d).get(id)!.subtree, anonymityMin, 'responses') ?? {
          hidden: false as const,
          ...metricValue(d, stats),
        },
      ]),
    );
    return {
      unitId: unit?.id ?? null,
      name: unit?.name ?? 'Whole company',
      externalId: unit?.externalId ?? null,
      parentId: unit?.parentId ?? null,
      depth,
      responses: responsesOf(stats),
      employee: hide(tree.responses().get(id)!.subtree, anonymityMin, 'responses') ?? {
        hidden: false,
        metrics,
      },
      comments: hide(tree.comments().get(id)!.subtree, commentMin, 'responses') ?? {
        hidden: false,
      },
      customer: {
        responses: responsesOf(customerStats),
        metrics: Object.fromEntries(
          tree.customerDefs.map((d) => [d.key, metricValue(d, customerStats)]),
        ),
      },
    };
  }
}

export function hiddenFigure(code: SuppressionCode, min: number, what: string): HiddenFigure {
  switch (code) {
    case 'no-responses':
      return { hidden: true, code, reason: 'No responses.' };
    case 'below-threshold':
      return {
        hidden: true,
        code,
        reason: `Fewer than ${min} ${what}: hidden to protect anonymity.`,
      };
    case 'complementary':
      return {
        hidden: true,
        code,
        reason: 'Hidden so that a smaller group cannot be worked out by subtraction.',
      };
  }
}

export function cycleSummary(cycle: CycleInfo): UnitResults['cycle'] {
  return {
    id: cycle.id,
    label: cycle.label,
    periodStart: cycle.periodStart,
    periodEnd: cycle.periodEnd,
    status: cycle.status,
  };
}

function hide(visibility: CellVisibility, min: number, what: string): HiddenFigure | null {
  return visibility.hidden ? hiddenFigure(visibility.code, min, what) : null;
}

/** The items a tree is limited to, as part of a cache key. */
function questionsKey(questions: CycleQuestions): string {
  return JSON.stringify([
    questions.employee.map((q) => q.key),
    questions.customer.map((q) => q.key),
  ]);
}

/** What a view's figures depend on: the cycle, the unit asked for and the reader's scope. */
function viewKey(kind: string, user: CurrentUser, cycle: string, unitId?: string): string {
  return JSON.stringify([
    kind,
    cycle,
    unitId ?? null,
    user.scope?.unitId ?? null,
    user.scope?.path ?? null,
  ]);
}

function viewRoot(user: CurrentUser, units: readonly TreeUnit[], unitId?: string): string | null {
  if (unitId === undefined) return user.scope?.unitId ?? null;
  const unit = units.find((u) => u.id === unitId);
  if (unit === undefined) throw new AnalyticsError(AnalyticsErrorCode.UNIT_NOT_FOUND);
  if (user.scope && !unit.path.startsWith(user.scope.path))
    throw new AnalyticsError(AnalyticsErrorCode.OUT_OF_SCOPE);
  return unit.id;
}

/** The view's units in display order: active ones, and inactive ones that still have responses. */
function shownUnits(
  units: readonly UnitRecord[],
  root: string | null,
  employee: ReadonlyMap<string, StatsByMetric>,
): { unit: UnitRecord; depth: number }[] {
  return treeOrder(units, root).filter(({ unit }) => isShown(unit, employee.get(unit.id)!));
}

/** A unit is listed while active, or when it has responses (it was deactivated since). */
function isShown(unit: UnitRecord, employee: StatsByMetric): boolean {
  return unit.active || responsesOf(employee) > 0;
}

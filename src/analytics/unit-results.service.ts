import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import type { AppConfig } from '../config/app.config';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { CellVisibility, HierarchyCount, suppressHierarchy, SuppressionCode } from './suppression';
import {
  addStats,
  customerMetricDefinitions,
  employeeMetricDefinitions,
  ItemDefinition,
  itemDefinitions,
  ItemValue,
  itemValue,
  MetricValue,
  metricValue,
  StatsByMetric,
  StatSums,
} from './unit-metrics';
import { CycleInfo, statsByUnit, UnitStatsService } from './unit-stats.service';
import { RESPONSE_COUNT_METRIC } from './unit-stats.query';
import { rollUp, TreeUnit, treeOrder } from './unit-tree';

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

export interface UnitResultRow {
  /** null for the whole-company row */
  unitId: string | null;
  name: string;
  externalId: string | null;
  parentId: string | null;
  /** depth below the row the view starts at */
  depth: number;
  /** employee responses in the unit's subtree (counts are not secret; the figures are) */
  responses: number;
  employee: Figure<EmployeeFigures>;
  comments: Figure<{ count: number }>;
  /** customer responses may be identified (privacy rule 4), so these are not suppressed */
  customer: { responses: number; metrics: Record<string, MetricValue> };
}

export interface UnitResults {
  cycle: { id: string; label: string; periodStart: string; periodEnd: string; status: string };
  thresholds: { anonymityMin: number; commentMin: number };
  metrics: {
    employee: { key: string; label: string }[];
    customer: { key: string; label: string }[];
  };
  items: ItemDefinition[];
  /** the whole company, when the view is not limited to one subtree */
  total: UnitResultRow | null;
  units: UnitResultRow[];
}

export interface OwnVisibility {
  /** the unit's own responses as a whole */
  own: CellVisibility;
  /** metric key → its own cell */
  metrics: Map<string, CellVisibility>;
}

const COMPANY = 'company';

/**
 * Employee results per unit subtree for one cycle, with privacy rule 2 applied here so no
 * report, export or API built on it can get around it: figures of groups under ANONYMITY_MIN
 * (comments: COMMENT_MIN) are hidden with a reason, and complementary suppression runs over
 * the whole company tree (whatever the viewer's scope), so no combination of views lets a
 * hidden group be worked out by subtraction.
 */
@Injectable()
export class UnitResultsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: UnitStatsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async forCycle(user: CurrentUser, cycleIdOrLabel: string, unitId?: string): Promise<UnitResults> {
    const { anonymityMin, commentMin } = this.config.get('privacy', { infer: true });
    const cycle = await this.stats.findCycle(cycleIdOrLabel);
    const units = await this.loadUnits();
    const root = this.viewRoot(user, units, unitId);

    const rows = await this.stats.read([cycle]);
    const questions = (await this.stats.questionsFor([cycle])).get(cycle.id)!;
    const employeeDefs = employeeMetricDefinitions(questions.employee);
    const customerDefs = customerMetricDefinitions(questions.customer);
    const items = itemDefinitions(questions.employee);
    const employee = rollUp(units, statsByUnit(rows, 'employee'));
    const customer = rollUp(units, statsByUnit(rows, 'customer'));
    employee.set(COMPANY, companyStats(units, employee));
    customer.set(COMPANY, companyStats(units, customer));

    const tree = (count: (stats: StatsByMetric) => number) => hierarchy(units, employee, count);
    const responses = suppressHierarchy(tree(responsesOf), { min: anonymityMin });
    const comments = suppressHierarchy(tree(responsesOf), { min: commentMin, forced: responses });
    const perMetric = new Map(
      [
        ...employeeDefs.map((d) => [`m:${d.key}`, d.countMetric] as const),
        ...items.map((i) => [`i:${i.key}`, i.key] as const),
      ].map(([name, metric]) => [
        name,
        suppressHierarchy(
          tree((s) => s.get(metric)?.n ?? 0),
          { min: anonymityMin, forced: responses },
        ),
      ]),
    );

    const hide = (visibility: CellVisibility, min: number, what: string): HiddenFigure | null =>
      visibility.hidden ? hiddenFigure(visibility.code, min, what) : null;
    const textKeys = questions.employee.filter((q) => q.kind === 'text').map((q) => q.key);
    const row = (id: string, unit: TreeUnit | null, depth: number): UnitResultRow => {
      const stats = employee.get(id)!;
      const visibility = responses.get(id)!.subtree;
      const metricFigures = Object.fromEntries(
        employeeDefs.map((d) => [
          d.key,
          hide(perMetric.get(`m:${d.key}`)!.get(id)!.subtree, anonymityMin, 'responses') ?? {
            hidden: false as const,
            ...metricValue(d, stats),
          },
        ]),
      );
      const itemFigures = Object.fromEntries(
        items.map((item) => [
          item.key,
          hide(perMetric.get(`i:${item.key}`)!.get(id)!.subtree, anonymityMin, 'answers') ?? {
            hidden: false as const,
            ...itemValue(item, stats),
          },
        ]),
      );
      const customerStats = customer.get(id)!;
      return {
        unitId: unit?.id ?? null,
        name: unit?.name ?? 'Whole company',
        externalId: unit?.externalId ?? null,
        parentId: unit?.parentId ?? null,
        depth,
        responses: responsesOf(stats),
        employee: hide(visibility, anonymityMin, 'responses') ?? {
          hidden: false,
          metrics: metricFigures,
          items: itemFigures,
        },
        comments: hide(comments.get(id)!.subtree, commentMin, 'responses') ?? {
          hidden: false,
          count: textKeys.reduce((total, key) => total + (stats.get(key)?.n ?? 0), 0),
        },
        customer: {
          responses: responsesOf(customerStats),
          metrics: Object.fromEntries(
            customerDefs.map((d) => [d.key, metricValue(d, customerStats)]),
          ),
        },
      };
    };

    const shown = treeOrder(units, root).filter(
      ({ unit }) => unit.active || responsesOf(employee.get(unit.id)!) > 0,
    );
    return {
      cycle: cycleSummary(cycle),
      thresholds: { anonymityMin, commentMin },
      metrics: {
        employee: employeeDefs.map(({ key, label }) => ({ key, label })),
        customer: customerDefs.map(({ key, label }) => ({ key, label })),
      },
      items,
      total: root === null ? row(COMPANY, null, 0) : null,
      units: shown.map(({ unit, depth }) => row(unit.id, unit, depth)),
    };
  }

  /**
   * Which units' own employee figures may be shown in each cycle (response-level suppression
   * over the whole tree, the same cells as forCycle), for unit-level points: by cycle id, then
   * unit id. Units and response counts are read once for all the cycles.
   */
  async ownVisibilityByCycle(
    cycles: readonly CycleInfo[],
  ): Promise<Map<string, Map<string, CellVisibility>>> {
    const { anonymityMin } = this.config.get('privacy', { infer: true });
    const [units, counts] = await Promise.all([
      this.loadUnits(),
      this.stats.read(cycles, { audience: 'employee', metrics: [RESPONSE_COUNT_METRIC] }),
    ]);
    return new Map(
      cycles.map((cycle) => {
        const employee = rollUp(units, statsByUnit(counts, 'employee', cycle.id));
        employee.set(COMPANY, companyStats(units, employee));
        const responses = suppressHierarchy(hierarchy(units, employee, responsesOf), {
          min: anonymityMin,
        });
        return [cycle.id, new Map(units.map((u) => [u.id, responses.get(u.id)!.own]))];
      }),
    );
  }

  /**
   * One cycle's ownVisibilityByCycle, plus each employee metric's own cell (a metric answered
   * by fewer people than the unit's responses can be hidden on its own), as forCycle decides
   * them.
   */
  async ownFigureVisibility(cycle: CycleInfo): Promise<Map<string, OwnVisibility>> {
    const { anonymityMin } = this.config.get('privacy', { infer: true });
    const [units, questions] = await Promise.all([
      this.loadUnits(),
      this.stats.questionsFor([cycle]),
    ]);
    const defs = employeeMetricDefinitions(questions.get(cycle.id)!.employee);
    const counts = await this.stats.read([cycle], {
      audience: 'employee',
      metrics: [RESPONSE_COUNT_METRIC, ...defs.map((d) => d.countMetric)],
    });
    const employee = rollUp(units, statsByUnit(counts, 'employee'));
    employee.set(COMPANY, companyStats(units, employee));
    const tree = (count: (stats: StatsByMetric) => number) => hierarchy(units, employee, count);
    const responses = suppressHierarchy(tree(responsesOf), { min: anonymityMin });
    const perMetric = defs.map(
      (d) =>
        [
          d.key,
          suppressHierarchy(
            tree((s) => s.get(d.countMetric)?.n ?? 0),
            { min: anonymityMin, forced: responses },
          ),
        ] as const,
    );
    return new Map(
      units.map((u) => [
        u.id,
        {
          own: responses.get(u.id)!.own,
          metrics: new Map(perMetric.map(([key, result]) => [key, result.get(u.id)!.own])),
        },
      ]),
    );
  }

  private async loadUnits(): Promise<(TreeUnit & { active: boolean })[]> {
    return this.dataSource.query(
      `SELECT id, parent_id AS "parentId", name, external_id AS "externalId", path,
              deactivated_at IS NULL AS active
         FROM units ORDER BY path`,
    );
  }

  /** The unit a view starts at: the one asked for (inside the user's scope), or the scope's root. */
  private viewRoot(user: CurrentUser, units: readonly TreeUnit[], unitId?: string): string | null {
    if (unitId === undefined) return user.scope?.unitId ?? null;
    const unit = units.find((u) => u.id === unitId);
    if (unit === undefined) throw new AnalyticsError(AnalyticsErrorCode.UNIT_NOT_FOUND);
    if (user.scope && !unit.path.startsWith(user.scope.path))
      throw new AnalyticsError(AnalyticsErrorCode.OUT_OF_SCOPE);
    return unit.id;
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

/** The whole company: the sum of the root units' subtrees. */
function companyStats(
  units: readonly TreeUnit[],
  subtree: ReadonlyMap<string, StatsByMetric>,
): Map<string, StatSums> {
  const total = new Map<string, StatSums>();
  for (const unit of units) {
    if (unit.parentId === null) addStats(total, subtree.get(unit.id)!);
  }
  return total;
}

/** The company tree for suppression: a virtual company row above the root units. */
function hierarchy(
  units: readonly TreeUnit[],
  employee: ReadonlyMap<string, StatsByMetric>,
  count: (stats: StatsByMetric) => number,
): HierarchyCount[] {
  return [
    { id: COMPANY, parentId: null, n: count(employee.get(COMPANY)!) },
    ...units.map((u) => ({
      id: u.id,
      parentId: u.parentId ?? COMPANY,
      n: count(employee.get(u.id)!),
    })),
  ];
}

const responsesOf = (stats: StatsByMetric) => stats.get(RESPONSE_COUNT_METRIC)?.n ?? 0;

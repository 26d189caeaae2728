import { HierarchyCount, suppressHierarchy, UnitSuppression } from './stats/suppression';
import {
  addStats,
  customerMetricDefinitions,
  employeeMetricDefinitions,
  ItemDefinition,
  itemDefinitions,
  MetricDefinition,
  RESPONSE_COUNT_METRIC,
  StatsByMetric,
  StatSums,
} from './stats/unit-metrics';
import { CycleQuestions, statsByUnit, UnitStats } from './unit-stats.service';
import { pathIds, rollUp, TreeUnit } from './stats/unit-tree';

/** The virtual row above the root units: the whole company. */
export const COMPANY = 'company';

type Audience = 'employee' | 'customer';

/**
 * One cycle over the whole company tree, from one read of its stats: subtree sums and the
 * anonymity decisions of privacy rule 2 — figures of groups under the threshold hidden, and
 * complementary suppression over the whole tree whatever the viewer's scope. Each pass runs
 * when first asked for, so a view that needs only the response and metric passes (a trend
 * point) does not pay for the item passes of a full results table.
 */
export class CycleTree {
  readonly employeeDefs: MetricDefinition[];
  readonly customerDefs: MetricDefinition[];
  readonly items: ItemDefinition[];
  readonly textKeys: string[];
  private readonly own: Record<Audience, Map<string, StatsByMetric>>;
  /** the same by unit position */
  private readonly ownAt: Record<Audience, (StatsByMetric | undefined)[]>;
  private readonly layout: UnitLayout;
  private readonly rolledUp: Partial<Record<Audience, Map<string, Map<string, StatSums>>>> = {};
  private readonly counted = new Map<string, Float64Array>();
  private responseCells?: Map<string, UnitSuppression>;
  private commentCells?: Map<string, UnitSuppression>;
  private readonly metricCells = new Map<string, Map<string, UnitSuppression>>();
  private readonly itemCells = new Map<string, Map<string, UnitSuppression>>();

  constructor(
    readonly units: readonly TreeUnit[],
    questions: CycleQuestions,
    stats: readonly UnitStats[],
    readonly thresholds: { anonymityMin: number; commentMin: number },
  ) {
    this.employeeDefs = employeeMetricDefinitions(questions.employee);
    this.customerDefs = customerMetricDefinitions(questions.customer);
    this.items = itemDefinitions(questions.employee);
    this.textKeys = questions.employee.filter((q) => q.kind === 'text').map((q) => q.key);
    this.own = {
      employee: statsByUnit(stats, 'employee'),
      customer: statsByUnit(stats, 'customer'),
    };
    this.ownAt = {
      employee: units.map((u) => this.own.employee.get(u.id)),
      customer: units.map((u) => this.own.customer.get(u.id)),
    };
    this.layout = layoutOf(units);
  }

  /** Every unit's subtree sums and the company's (COMPANY), all metrics. */
  subtrees(audience: Audience): Map<string, Map<string, StatSums>> {
    let sums = this.rolledUp[audience];
    if (sums === undefined) {
      sums = rollUp(this.units, this.own[audience]);
      sums.set(COMPANY, companyStats(this.units, sums));
      this.rolledUp[audience] = sums;
    }
    return sums;
  }

  /**
   * One group's sums (a unit's subtree, or COMPANY), added in the order subtrees() adds them,
   * so they are the very same numbers, without rolling up every other unit.
   */
  groupStats(audience: Audience, id: string): Map<string, StatSums> {
    const all = this.rolledUp[audience];
    if (all !== undefined) return all.get(id)!;
    if (id !== COMPANY) return this.subtreeOf(audience, id);
    const subtree = new Map(
      this.units
        .filter((u) => u.parentId === null)
        .map((u) => [u.id, this.subtreeOf(audience, u.id)]),
    );
    return companyStats(this.units, subtree);
  }

  /** rollUp()'s sums for one unit: the own stats of every unit below it, in the units' order. */
  private subtreeOf(audience: Audience, id: string): Map<string, StatSums> {
    const total = new Map<string, StatSums>();
    const at = this.layout.position.get(id);
    if (at === undefined) return total;
    const own = this.ownAt[audience];
    for (let i = 0; i < own.length; i++) {
      const stats = own[i];
      if (stats !== undefined && this.layout.ancestors[i].includes(at)) addStats(total, stats);
    }
    return total;
  }

  /** The response-count pass: which groups' employee figures may be shown at all. */
  responses(): Map<string, UnitSuppression> {
    this.responseCells ??= suppressHierarchy(this.hierarchy(RESPONSE_COUNT_METRIC), {
      min: this.thresholds.anonymityMin,
    });
    return this.responseCells;
  }

  /** Groups whose comments may be shown (COMMENT_MIN responses). */
  comments(): Map<string, UnitSuppression> {
    this.commentCells ??= suppressHierarchy(this.hierarchy(RESPONSE_COUNT_METRIC), {
      min: this.thresholds.commentMin,
      forced: this.responses(),
    });
    return this.commentCells;
  }

  /** One employee metric's pass: a metric answered by fewer people can be hidden on its own. */
  metric(definition: MetricDefinition): Map<string, UnitSuppression> {
    let cells = this.metricCells.get(definition.key);
    if (cells === undefined) {
      cells = suppressHierarchy(this.hierarchy(definition.countMetric), {
        min: this.thresholds.anonymityMin,
        forced: this.responses(),
      });
      this.metricCells.set(definition.key, cells);
    }
    return cells;
  }

  /** One item's pass (answers to that question). */
  item(key: string): Map<string, UnitSuppression> {
    let cells = this.itemCells.get(key);
    if (cells === undefined) {
      cells = suppressHierarchy(this.hierarchy(key), {
        min: this.thresholds.anonymityMin,
        forced: this.responses(),
      });
      this.itemCells.set(key, cells);
    }
    return cells;
  }

  /**
   * The company tree for suppression, with the subtree count of one metric's respondents (the
   * n of `metric`) per unit: a virtual company row above the root units.
   */
  private hierarchy(metric: string): HierarchyCount[] {
    const counts = this.subtreeCounts(metric);
    return [
      { id: COMPANY, parentId: null, n: counts[this.units.length] },
      ...this.units.map((u, i) => ({ id: u.id, parentId: u.parentId ?? COMPANY, n: counts[i] })),
    ];
  }

  /**
   * The n of `metric` summed over each unit's subtree (as subtrees() would give it), by unit
   * position, the company's last. Whole numbers, so the order of the additions does not matter.
   */
  private subtreeCounts(metric: string): Float64Array {
    let counts = this.counted.get(metric);
    if (counts === undefined) {
      const total = this.units.length;
      const { ancestors, roots } = this.layout;
      const own = this.ownAt.employee;
      counts = new Float64Array(total + 1);
      for (let i = 0; i < total; i++) {
        const stats = own[i];
        const n = stats === undefined ? 0 : countOf(stats, metric);
        if (n !== 0) for (const a of ancestors[i]) counts[a] += n;
      }
      for (const r of roots) counts[total] += counts[r];
      this.counted.set(metric, counts);
    }
    return counts;
  }
}

/** Where each unit sits in a unit list, which units its path passes through, and the roots. */
interface UnitLayout {
  position: Map<string, number>;
  /** each unit's ancestors in the list (itself included), by position: those rollUp() adds it to */
  ancestors: number[][];
  /** positions of the units without a parent */
  roots: number[];
}

/** One layout per unit list: the cycles of one report share their list. */
const layouts = new WeakMap<readonly TreeUnit[], UnitLayout>();

function layoutOf(units: readonly TreeUnit[]): UnitLayout {
  let layout = layouts.get(units);
  if (layout === undefined) {
    const position = new Map(units.map((u, i) => [u.id, i]));
    layout = {
      position,
      ancestors: units.map((u) =>
        pathIds(u.path)
          .map((id) => position.get(id))
          .filter((i): i is number => i !== undefined),
      ),
      roots: units.flatMap((u, i) => (u.parentId === null ? [i] : [])),
    };
    layouts.set(units, layout);
  }
  return layout;
}

/** The n of a metric (0 if absent), as stats.get(metric)?.n ?? 0. */
function countOf(stats: StatsByMetric, metric: string): number {
  return stats.countOf !== undefined ? stats.countOf(metric) : (stats.get(metric)?.n ?? 0);
}

export const responsesOf = (stats: StatsByMetric) => stats.get(RESPONSE_COUNT_METRIC)?.n ?? 0;

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

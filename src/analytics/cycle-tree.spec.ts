import fc from 'fast-check';
import { COMPANY, CycleTree, responsesOf } from './cycle-tree';
import { PackedStatsReader } from './stats/packed-stats';
import { suppressHierarchy } from './stats/suppression';
import {
  addStats,
  type StatsByMetric,
  type StatSums,
  type SurveyQuestion,
} from './stats/unit-metrics';
import type { UnitStats } from './unit-stats.service';
import { rollUp, TreeUnit } from './stats/unit-tree';

const question = (key: string, kind: SurveyQuestion['kind'], dimension: string | null) => ({
  key,
  kind,
  dimension,
  text: key,
});
const QUESTIONS = {
  employee: [
    question('eng_a', 'likert5', 'engagement'),
    question('eng_b', 'likert5', 'engagement'),
    question('mgr_a', 'likert5', 'manager'),
    question('enps', 'nps', null),
    question('comment', 'text', null),
  ],
  customer: [question('nps', 'nps', null), question('csat', 'rating5', 'satisfaction')],
};
const EMPLOYEE_METRICS = ['*', 'eng_a', 'eng_b', 'mgr_a', 'enps', 'comment', 'dim:engagement'];
const CUSTOMER_METRICS = ['*', 'nps', 'csat'];
const THRESHOLDS = { anonymityMin: 5, commentMin: 10 };

/** A forest of up to 40 units; each unit's parent comes before it, as paths order them. */
const forest = fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).map((parents) => {
  const units: TreeUnit[] = [];
  parents.forEach((p, i) => {
    const parent = i === 0 || p % 4 === 0 ? null : units[p % i];
    units.push({
      id: `u${i}`,
      parentId: parent?.id ?? null,
      name: `Unit ${i}`,
      externalId: `U${i}`,
      path: `${parent?.path ?? '/'}u${i}/`,
    });
  });
  return units;
});

/** Per unit and metric: respondents (often few, so cells get hidden) and non-integer sums. */
const statsFor = (units: readonly TreeUnit[]) =>
  fc.array(fc.tuple(fc.nat({ max: 12 }), fc.double({ min: 0, max: 60, noNaN: true })), {
    minLength: units.length * 10,
    maxLength: units.length * 10,
  });

function unitStats(
  units: readonly TreeUnit[],
  draws: [number, number][],
  packed: boolean,
): UnitStats[] {
  const out: UnitStats[] = [];
  const readers = {
    employee: new PackedStatsReader(EMPLOYEE_METRICS),
    customer: new PackedStatsReader(CUSTOMER_METRICS),
  };
  let k = 0;
  for (const unit of units) {
    for (const [audience, metrics] of [
      ['employee', EMPLOYEE_METRICS],
      ['customer', CUSTOMER_METRICS],
    ] as const) {
      const [responses] = draws[k % draws.length];
      if (responses === 0 && k++ % 3 !== 0) continue; // some units have no row at all
      const septets: number[] = [];
      metrics.forEach((metric, position) => {
        const [n, sum] = draws[k++ % draws.length];
        const answered = metric === '*' ? responses : Math.min(n, responses);
        if (answered === 0 && metric !== '*') return;
        septets.push(position, answered, sum, sum * 1.5, answered >> 1, answered >> 2, 0);
      });
      const stats: StatsByMetric = packed
        ? readers[audience].stats(septets)
        : new Map(
            Array.from({ length: septets.length / 7 }, (_, s) => {
              const [position, n, sum, sumSq, favorable, promoters, detractors] = septets.slice(
                s * 7,
                s * 7 + 7,
              );
              const sums = { n, sum, sumSq, favorable, promoters, detractors };
              return [metrics[position], sums] as const;
            }),
          );
      out.push({ cycleId: 'c', unitId: unit.id, audience, metrics: stats });
    }
  }
  return out;
}

describe(CycleTree.name, () => {
  const cases = forest.chain((units) =>
    fc.tuple(fc.constant(units), statsFor(units), fc.boolean()),
  );

  it("gives one group's sums exactly as the roll-up of every unit does", () => {
    fc.assert(
      fc.property(cases, ([units, draws, packed]) => {
        const stats = unitStats(units, draws, packed);
        const alone = new CycleTree(units, QUESTIONS, stats, THRESHOLDS);
        const rolled = new CycleTree(units, QUESTIONS, stats, THRESHOLDS);
        for (const audience of ['employee', 'customer'] as const) {
          const all = rolled.subtrees(audience);
          for (const id of [COMPANY, ...units.map((u) => u.id)])
            expect(alone.groupStats(audience, id)).toEqual(all.get(id));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('hides exactly the cells that suppression over the rolled-up counts hides', () => {
    fc.assert(
      fc.property(cases, ([units, draws, packed]) => {
        const stats = unitStats(units, draws, packed);
        const tree = new CycleTree(units, QUESTIONS, stats, THRESHOLDS);
        // The company tree as UnitResultsService built it: every unit's stats rolled up.
        const employee = rollUp(
          units,
          new Map(stats.filter((s) => s.audience === 'employee').map((s) => [s.unitId, s.metrics])),
        );
        const company = new Map<string, StatSums>();
        for (const root of units.filter((u) => u.parentId === null))
          addStats(company, employee.get(root.id)!);
        const hierarchy = (count: (s: StatsByMetric) => number) => [
          { id: COMPANY, parentId: null, n: count(company) },
          ...units.map((u) => ({
            id: u.id,
            parentId: u.parentId ?? COMPANY,
            n: count(employee.get(u.id)!),
          })),
        ];
        const min = THRESHOLDS.anonymityMin;
        const responses = suppressHierarchy(hierarchy(responsesOf), { min });
        expect(tree.responses()).toEqual(responses);
        expect(tree.comments()).toEqual(
          suppressHierarchy(hierarchy(responsesOf), {
            min: THRESHOLDS.commentMin,
            forced: responses,
          }),
        );
        for (const definition of tree.employeeDefs)
          expect(tree.metric(definition)).toEqual(
            suppressHierarchy(
              hierarchy((s) => s.get(definition.countMetric)?.n ?? 0),
              { min, forced: responses },
            ),
          );
        for (const item of tree.items)
          expect(tree.item(item.key)).toEqual(
            suppressHierarchy(
              hierarchy((s) => s.get(item.key)?.n ?? 0),
              { min, forced: responses },
            ),
          );
      }),
      { numRuns: 150 },
    );
  });
});

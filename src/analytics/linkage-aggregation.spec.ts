import reference from '../../test/fixtures/analytics/agreement-standard.json';
import { makeCycles, makeRow } from '../../test/fixtures/analytics/linkage-factory';
import { analyzeLinkage } from './linkage-analysis';
import type { LinkageRow, Outcome, SumAggregate } from './linkage.types';

function ok<T>(outcome: Outcome<T>): T {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got: ${outcome.reason}`);
  return outcome;
}

const aggregate = (values: number[]): SumAggregate => ({
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSq: values.reduce((a, b) => a + b * b, 0),
});

/**
 * The R reference case with every unit of two or more respondents (rwg.j gives NA for one),
 * turned into unit rows as SQL aggregates them, plus a noisy item outside the scale.
 */
function rowsFrom(c: (typeof reference.cases)[number]): LinkageRow[] {
  const units = [...new Set(c.unit)];
  const cycle = makeCycles(1)[0].id;
  return units.map((unitId) => {
    const answers = c.responses.filter((_, i) => c.unit[i] === unitId);
    const items = answers[0].length;
    const itemAggregates: Record<string, SumAggregate> = {};
    for (let j = 0; j < items; j++)
      itemAggregates[`eng_${j}`] = aggregate(answers.map((a) => a[j]));
    itemAggregates.noise = aggregate(answers.map((_, i) => (i % 2 === 0 ? 1 : c.options)));
    const scores = answers.map((a) => a.reduce((x, y) => x + y, 0) / items);
    return makeRow(unitId, cycle, 50, 20, {
      employee: {
        n: 10,
        metrics: { engagement: 50 },
        itemMeans: {},
        itemAggregates,
        scoreAggregates: { engagement: aggregate(scores) },
      },
    });
  });
}

describe('agreement in the linkage analysis', () => {
  it.each(reference.cases)(
    'gives r_wg(j) over the scale items and ICC(1)/ICC(2) as multilevel for $name',
    (c) => {
      const rows = rowsFrom(c);
      const items = Object.keys(rows[0].employee.itemAggregates ?? {}).filter((k) =>
        k.startsWith('eng_'),
      );
      const analysis = analyzeLinkage({
        cycles: makeCycles(1),
        rows,
        thresholds: { anonymityMin: 5, minCustomerResponses: 5 },
        primary: { employeeMetric: 'engagement', customerMetric: 'nps' },
        scales: { engagement: items },
        options: { responseOptions: c.options, bootstrapResamples: 20 },
      });
      const rwg = ok(analysis.aggregation.rwg);
      for (const unit of rwg.units) {
        const i = c.expected.units.indexOf(unit.unitId);
        const expected = c.expected.rwgJ[i];
        if (expected === null) continue;
        expect(ok(unit.result).rwgJ).toBeCloseTo(expected, 9);
        expect(ok(unit.result).items).toBe(items.length);
      }
      const summary = ok(analysis.agreement);
      expect(summary.metric).toBe('engagement');
      expect(summary.items).toEqual(items);
      const icc = ok(summary.icc);
      expect(icc.icc1).toBeCloseTo(c.expected.icc1, 9);
      expect(icc.icc2).toBeCloseTo(c.expected.icc2, 9);
      expect(icc.groupSizeK).toBeCloseTo(c.unit.length / new Set(c.unit).size, 12);
    },
  );
});

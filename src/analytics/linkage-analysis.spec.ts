import { defined } from '../../test/fixtures/analytics/helpers';
import {
  buildLinkageInput,
  ITEM_KEYS,
  makeCycles,
  makeRow,
  makeTable,
} from '../../test/fixtures/analytics/linkage-factory';
import {
  correlationPValue,
  fisherConfidenceInterval,
  pearson,
  spearman,
} from './stats/correlation';
import { analyzeLinkage } from './linkage-analysis';
import type { LinkageInput, Outcome } from './linkage.types';
import { partialCorrelation } from './stats/partial-correlation';
import { minimumDetectableCorrelation } from './stats/power';

function ok<T>(outcome: Outcome<T>): T {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got insufficient: ${outcome.reason}`);
  return outcome;
}

describe(analyzeLinkage.name, () => {
  const input = buildLinkageInput({ units: 60, cycles: 3, seed: 5 });
  const sut = analyzeLinkage(input);

  it('analyses the latest cycle by default and includes only units meeting both thresholds', () => {
    expect(sut.status).toBe('ok');
    expect(sut.focusCycle).toEqual({ id: 'c3', label: 'Q3 2024' });
    const focusRows = input.rows.filter((r) => r.cycleId === 'c3');
    const eligible = focusRows.filter((r) => r.employee.n >= 5 && r.customer.n >= 5);
    expect(sut.units.included.map((u) => u.unitId)).toEqual(eligible.map((r) => r.unitId));
    expect(sut.units.excluded).toHaveLength(focusRows.length - eligible.length);
    expect(sut.units.included.length).toBeGreaterThan(40);
  });

  it('reports the primary pair as the primitives compute it over the included units', () => {
    const eligible = input.rows.filter(
      (r) => r.cycleId === 'c3' && r.employee.n >= 5 && r.customer.n >= 5,
    );
    const x = eligible.map((r) => defined(r.employee.metrics.engagement));
    const y = eligible.map((r) => defined(r.customer.metrics.nps));
    const r = defined(pearson(x, y));
    const primary = ok(sut.pairs[0].result);
    expect(sut.pairs[0]).toMatchObject({ employeeMeasure: 'engagement', customerMetric: 'nps' });
    expect(primary.n).toBe(eligible.length);
    expect(primary.r).toBeCloseTo(r, 12);
    expect(primary.ci).toEqual(fisherConfidenceInterval(r, x.length));
    expect(primary.p).toBe(correlationPValue(r, x.length));
    expect(primary.spearman).toBeCloseTo(defined(spearman(x, y)), 12);
    const partial = defined(partialCorrelation(x, y, [eligible.map((u) => defined(u.headcount))]));
    expect(ok(primary.partialForUnitSize).r).toBeCloseTo(partial.r, 12);
    const boot = ok(primary.bootstrapCi);
    expect(boot.lower).toBeLessThan(primary.r);
    expect(boot.upper).toBeGreaterThan(primary.r);
  });

  it('pairs every employee metric and turnover measure with every customer metric', () => {
    expect(sut.pairs.map((p) => `${p.employeeMeasure}~${p.customerMetric}`)).toEqual([
      'engagement~nps',
      'engagement~csat',
      'enps~nps',
      'enps~csat',
    ]);
    expect(sut.turnover.map((p) => `${p.employeeMeasure}~${p.customerMetric}`)).toEqual([
      'turnoverRate~nps',
      'turnoverRate~csat',
      'voluntaryTurnoverRate~nps',
      'voluntaryTurnoverRate~csat',
    ]);
    expect(sut.turnover.every((p) => p.result.status === 'ok')).toBe(true);
  });

  it('compares cross-lagged correlations for every consecutive pair of cycles', () => {
    const comparisons = ok(sut.crossLagged).comparisons;
    expect(comparisons.map((c) => `${c.fromCycleId}->${c.toCycleId}:${c.employeeMeasure}`)).toEqual(
      ['c1->c2:engagement', 'c1->c2:turnoverRate', 'c2->c3:engagement', 'c2->c3:turnoverRate'],
    );
  });

  it('finds engagement first when the data were generated that way, and customers first in the mirror case', () => {
    const employeeFirst = analyzeLinkage(
      buildLinkageInput({ units: 150, cycles: 2, seed: 3, leader: 'employee' }),
    );
    const lag = ok(ok(employeeFirst.crossLagged).comparisons[0].result);
    expect(lag.employeeLeads.r).toBeGreaterThan(lag.customerLeads.r);
    expect(lag.direction).toBe('employee-first');
    // The per-pair sentence is supporting evidence; only the verdict's decision table says "led".
    expect(lag.sentence).toContain('more closely than the reverse');
    expect(employeeFirst.verdict.headline).toMatch(/; engagement led NPS by one quarter\./);

    const customerFirst = analyzeLinkage(
      buildLinkageInput({ units: 150, cycles: 2, seed: 3, leader: 'customer' }),
    );
    expect(ok(ok(customerFirst.crossLagged).comparisons[0].result).direction).toBe(
      'customer-first',
    );
  });

  it('ranks employee items by |r| against the primary customer metric with BH q-values', () => {
    const drivers = ok(sut.drivers);
    expect(drivers.customerMetric).toBe('nps');
    expect(drivers.items.map((i) => i.rank)).toEqual(ITEM_KEYS.map((_, i) => i + 1));
    for (let i = 1; i < drivers.items.length; i++) {
      expect(Math.abs(drivers.items[i - 1].r)).toBeGreaterThanOrEqual(Math.abs(drivers.items[i].r));
    }
    for (const item of drivers.items) expect(item.q).toBeGreaterThanOrEqual(item.p);
  });

  it('checks aggregation with r_wg(j) per included unit and ICC per metric', () => {
    const rwg = ok(sut.aggregation.rwg);
    expect(rwg.units).toHaveLength(sut.units.included.length);
    expect(rwg.medianRwgJ).toBeGreaterThan(0);
    expect(rwg.medianRwgJ).toBeLessThanOrEqual(1);
    const icc = ok(defined(sut.aggregation.icc.find((m) => m.metric === 'engagement')).result);
    expect(icc.groups).toBe(sut.units.included.length);
    expect(icc.icc2).toBeGreaterThan(icc.icc1);
  });

  it('states power for the number of included units', () => {
    const power = ok(sut.power);
    expect(power.n).toBe(sut.units.included.length);
    expect(power.minDetectableR).toBe(minimumDetectableCorrelation(power.n));
    expect(power.unitsNeededForR30).toBe(85);
  });

  it('writes a headline verdict naming the metrics, with caveats', () => {
    // One decision table words the JSON verdict and the page: "Units with higher engagement …".
    expect(sut.verdict.headline).toMatch(/^Units with higher engagement had higher NPS: .*units/);
    expect(sut.verdict.badges[0].code).toMatch(/^link-/);
    expect(sut.verdict.caveats.some((c) => c.includes('not causation'))).toBe(true);
  });

  it('is deterministic for the same input', () => {
    expect(analyzeLinkage(input)).toEqual(sut);
  });

  describe('degenerate input', () => {
    it('is insufficient with fewer than 4 units, saying why', () => {
      const result = analyzeLinkage(
        makeTable([
          makeRow('a', 'c1', 50, 10),
          makeRow('b', 'c1', 60, 20),
          makeRow('c', 'c1', 70, 25),
        ]),
      );
      expect(result.status).toBe('insufficient');
      expect(result.status === 'insufficient' && result.reason).toContain('at least 4 units');
      expect(result.power.status).toBe('insufficient');
      expect(result.verdict.headline).toContain('Not enough data');
    });

    it('is insufficient when the customer metric does not vary', () => {
      const rows = [50, 60, 70, 80, 90].map((e, i) => makeRow(`u${i}`, 'c1', e, 30));
      const result = analyzeLinkage(makeTable(rows));
      expect(result.status === 'insufficient' && result.reason).toContain(
        'nps is the same in every unit',
      );
    });

    it('treats null and NaN metrics as missing for that pair only', () => {
      const rows = [50, 60, 70, 80, 90, 55].map((e, i) => makeRow(`u${i}`, 'c1', e, 10 + i * i));
      rows[0].customer.metrics.nps = null;
      rows[1].employee.metrics.engagement = Number.NaN;
      const primary = ok(analyzeLinkage(makeTable(rows)).pairs[0].result);
      expect(primary.n).toBe(4);
    });

    it('needs two cycles for the cross-lagged analysis and units present in both', () => {
      const rows = [1, 2, 3, 4, 5].map((v) => makeRow(`u${v}`, 'c1', v * 10, v * v));
      expect(analyzeLinkage(makeTable(rows)).crossLagged.status).toBe('insufficient');
      const second = [1, 2, 3].map((v) => makeRow(`u${v}`, 'c2', v * 7, v));
      const lag = ok(analyzeLinkage(makeTable([...rows, ...second], 2)).crossLagged).comparisons[0]
        .result;
      expect(lag.status === 'insufficient' && lag.reason).toContain('found 3');
    });

    it('excludes units below the thresholds with reasons and no employee figures, never going below 3 responses', () => {
      const rows = [
        makeRow('ok1', 'c1', 1, 1),
        makeRow('few', 'c1', 2, 2, {
          employee: { n: 2, metrics: { engagement: 99 }, itemMeans: {} },
        }),
        makeRow('three', 'c1', 3, 3, {
          employee: { n: 3, metrics: { engagement: 3 }, itemMeans: {} },
          customer: { n: 1, metrics: {} },
        }),
        makeRow('gone', 'c0', 4, 4),
      ];
      const input2: LinkageInput = {
        ...makeTable(rows, 1),
        cycles: [
          ...makeCycles(1),
          { id: 'c0', label: 'Q4 2023', start: '2023-10-01', end: '2023-12-31' },
        ],
      };
      input2.thresholds = { anonymityMin: 1, minCustomerResponses: 5 };
      const result = analyzeLinkage(input2);
      expect(result.thresholds.anonymityMin).toBe(3);
      expect(result.units.included.map((u) => u.unitId)).toEqual(['ok1']);
      expect(result.units.excluded).toEqual([
        { unitId: 'few', unitName: 'few', reasons: ['too-few-employee-responses'] },
        { unitId: 'three', unitName: 'three', reasons: ['too-few-customer-responses'] },
        { unitId: 'gone', unitName: 'gone', reasons: ['no-data-in-cycle'] },
      ]);
    });

    it('is insufficient without cycles or with an unknown focus cycle', () => {
      const none = analyzeLinkage({ ...makeTable([]), cycles: [] });
      expect(none.status).toBe('insufficient');
      expect(none.focusCycle).toBeNull();
      const unknown = analyzeLinkage({
        ...makeTable([makeRow('a', 'c1', 1, 1)]),
        focusCycleId: 'nope',
      });
      expect(unknown.status === 'insufficient' && unknown.reason).toContain('nope');
    });

    it('rejects two rows for the same unit in the same cycle', () => {
      expect(() =>
        analyzeLinkage(makeTable([makeRow('a', 'c1', 1, 1), makeRow('a', 'c1', 2, 2)])),
      ).toThrow(RangeError);
    });
  });
});

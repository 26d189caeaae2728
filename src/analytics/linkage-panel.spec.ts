import reference from '../../test/fixtures/analytics/linkage-panel.json';
import { defined } from '../../test/fixtures/analytics/helpers';
import {
  buildLinkageInput,
  makeCycles,
  makeRow,
  makeTable,
} from '../../test/fixtures/analytics/linkage-factory';
import { analyzeLinkage } from './linkage-analysis';
import type { LinkageInput, LinkageRow, Outcome, PanelEstimate } from './linkage.types';
import { quartileSplit } from './stats/quartile-gaps';

/** Reference values from R (test/fixtures/analytics/generate_linkage_panel.R). */
type Case = (typeof reference.cases)[number];

function ok<T>(outcome: Outcome<T>): T {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got: ${outcome.reason}`);
  return outcome;
}

/** |actual − expected| ≤ tolerance · max(1, |expected|). */
function expectClose(actual: number, expected: number, what: string, tolerance = 1e-6) {
  const bound = tolerance * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= bound))
    throw new Error(`${what}: expected ${expected}, got ${actual} (tolerance ${bound})`);
}

function expectEstimate(actual: PanelEstimate, beta: number, se: number, what: string) {
  expectClose(actual.estimate, beta, `${what} estimate`);
  expectClose(actual.se, se, `${what} se`);
  expectClose(actual.ci[0], beta - 1.959963984540054 * se, `${what} CI low`);
  expectClose(actual.ci[1], beta + 1.959963984540054 * se, `${what} CI high`);
}

/** Each unit's mean engagement over its rows, as R's aggregate() takes it. */
function unitEngagementMeans(c: Case) {
  const sums = new Map<string, number[]>();
  for (const r of c.rows) sums.set(r.unit, [...(sums.get(r.unit) ?? []), r.engagement]);
  return [...sums].map(([unit, v]) => ({
    unit,
    engagement: v.reduce((a, b) => a + b, 0) / v.length,
  }));
}

function inputOf(c: Case): LinkageInput {
  const cycles = c.cycles.map((label, i) => ({
    id: label,
    label,
    start: `2025-${String(1 + 3 * i).padStart(2, '0')}-01`,
    end: `2025-${String(3 + 3 * i).padStart(2, '0')}-28`,
  }));
  const rows: LinkageRow[] = c.rows.map((r) => ({
    cycleId: r.cycle,
    unitId: r.unit,
    headcount: r.headcount,
    turnoverRate: r.turnover,
    voluntaryTurnoverRate: null,
    employee: { n: 12, metrics: { engagement: r.engagement }, itemMeans: {} },
    customer: { n: 9, metrics: { nps: r.nps, csat: r.csat } },
  }));
  return {
    cycles,
    rows,
    thresholds: { anonymityMin: 5, minCustomerResponses: 5 },
    primary: { employeeMetric: 'engagement', customerMetric: 'nps' },
    labels: { engagement: 'engagement', nps: 'NPS', csat: 'CSAT' },
    options: { bootstrapResamples: 50, panelResamples: 300, leaverCost: c.leaverCost },
  };
}

describe('linkage panel sections', () => {
  describe.each(reference.cases)('against R on the planted panel: $name', (c) => {
    const panel = analyzeLinkage(inputOf(c)).panel;
    const x = c.expected;

    it('uses every cycle of the range', () => {
      expect(panel.cycles.map((p) => p.id)).toEqual(c.cycles);
      expect(panel.leftOut).toEqual([]);
    });

    it('matches lmer(nps ~ xw + xb + factor(cycle) + (1|unit)) for within and between', () => {
      const bw = ok(panel.betweenWithin);
      expectEstimate(bw.within, x.betweenWithin.beta[1], x.betweenWithin.se[1], 'within');
      expectEstimate(bw.between, x.betweenWithin.beta[2], x.betweenWithin.se[2], 'between');
      expectClose(bw.varUnit, x.betweenWithin.sigma2Unit, 'varUnit');
      expectClose(bw.varResidual, x.betweenWithin.sigma2Residual, 'varResidual');
      expect(bw.units).toBe(x.betweenWithin.groups);
      expect(bw.rows).toBe(x.betweenWithin.rows);
    });

    it('matches the lagged lmer fits in both directions and their standardized paths', () => {
      const lag = ok(panel.lagged);
      expect(lag.rows).toBe(x.lagged.rows);
      expect(lag.units).toBe(x.lagged.units);
      expectEstimate(lag.forward.raw, x.lagged.outcomeY.beta[1], x.lagged.outcomeY.se[1], 'fwd');
      expectEstimate(lag.reverse.raw, x.lagged.outcomeX.beta[1], x.lagged.outcomeX.se[1], 'rev');
      expectClose(lag.forward.std, x.lagged.forward, 'forward std');
      expectClose(lag.reverse.std, x.lagged.reverse, 'reverse std');
      expectClose(lag.difference.estimate, x.lagged.difference, 'difference');
      const ci = defined(lag.difference.ci, 'difference CI');
      expect(ci[0]).toBeLessThan(lag.difference.estimate);
      expect(ci[1]).toBeGreaterThan(lag.difference.estimate);
      expect(lag.shortPanel).toBe(true);
    });

    it('matches type-7 quartiles and Welch t.test for the NPS, CSAT and turnover gaps', () => {
      const q = ok(panel.quartileGaps);
      expect(q.units).toBe(x.quartiles.units);
      const means = unitEngagementMeans(c);
      const split = defined(quartileSplit(means, (m) => m.engagement));
      expectClose(split.q1, x.quartiles.q1, 'q1', 1e-12);
      expectClose(split.q3, x.quartiles.q3, 'q3', 1e-12);
      expect(q).not.toHaveProperty('q1');
      expect([q.topUnits, q.bottomUnits]).toEqual([x.quartiles.topUnits, x.quartiles.bottomUnits]);
      const expected = {
        nps: x.quartiles.nps,
        csat: x.quartiles.csat,
        turnoverRate: x.quartiles.turnover,
      };
      expect(q.gaps.map((g) => g.metric)).toEqual(['nps', 'csat', 'turnoverRate']);
      for (const gap of q.gaps) {
        const r = expected[gap.metric as keyof typeof expected];
        const g = ok(gap.result);
        expect([g.top.units, g.bottom.units]).toEqual([r.topUnits, r.bottomUnits]);
        expectClose(g.top.mean, r.topMean, `${gap.metric} top mean`, 1e-12);
        expectClose(g.bottom.mean, r.bottomMean, `${gap.metric} bottom mean`, 1e-12);
        expectClose(g.difference, r.difference, `${gap.metric} difference`, 1e-12);
        expectClose(g.se, r.se, `${gap.metric} se`, 1e-12);
        expectClose(g.df, r.df, `${gap.metric} df`, 1e-9);
        expectClose(g.ci[0], r.lower, `${gap.metric} CI low`);
        expectClose(g.ci[1], r.upper, `${gap.metric} CI high`);
        expect(Math.abs(g.p - r.p)).toBeLessThanOrEqual(1e-8 * Math.max(r.p, 1e-6));
      }
    });

    it('prices the turnover gap with LEAVER_COST and lists its assumptions', () => {
      const cost = ok(defined(ok(panel.quartileGaps).leaverCost, 'leaver cost'));
      expectClose(cost.headcount, x.leaverCost.headcount, 'headcount', 1e-12);
      expectClose(cost.extraLeaversPerYear, x.leaverCost.extraLeaversPerYear, 'leavers', 1e-9);
      expectClose(cost.extraLeaversCi[0], x.leaverCost.extraLeaversLower, 'leavers low');
      expectClose(cost.extraLeaversCi[1], x.leaverCost.extraLeaversUpper, 'leavers high');
      expectClose(cost.yearlyCost, x.leaverCost.yearlyCost, 'yearly cost', 1e-9);
      expect(cost.costPerLeaver).toBe(c.leaverCost);
      expect(cost.assumptions.length).toBeGreaterThanOrEqual(4);
    });
  });

  it('is deterministic: the same table gives the same bootstrap intervals', () => {
    const input = inputOf(reference.cases[1]);
    expect(analyzeLinkage(input).panel).toEqual(analyzeLinkage(input).panel);
  });

  it('gives no yearly figure without a cost per leaver', () => {
    const input = inputOf(reference.cases[1]);
    const panel = analyzeLinkage({
      ...input,
      options: { ...input.options, leaverCost: null },
    }).panel;
    expect(ok(panel.quartileGaps).leaverCost).toBeNull();
  });

  it('leaves a pilot cycle covering a handful of units out of the panel', () => {
    const input = buildLinkageInput({ units: 40, cycles: 4, seed: 5 });
    const pilotId = input.cycles[1].id;
    const rows = input.rows.filter(
      (r) => r.cycleId !== pilotId || ['u1', 'u2', 'u3', 'u4', 'u5'].includes(r.unitId),
    );
    const panel = analyzeLinkage({ ...input, rows, options: { panelResamples: 100 } }).panel;
    expect(panel.leftOut.map((c) => c.id)).toEqual([pilotId]);
    expect(panel.leftOut[0].reason).toMatch(/pilot/);
    expect(panel.cycles).toHaveLength(3);
    expect(ok(panel.betweenWithin).rows).toBe(rows.filter((r) => r.cycleId !== pilotId).length);
  });

  it('names which comes first only when the CI of the difference excludes zero', () => {
    const led = analyzeLinkage({
      ...buildLinkageInput({ units: 150, cycles: 4, seed: 3 }),
      options: { bootstrapResamples: 50, panelResamples: 300 },
    }).panel;
    const lag = ok(led.lagged);
    const ci = defined(lag.difference.ci);
    expect(lag.direction).toBe(
      ci[0] > 0 ? 'employee-first' : ci[1] < 0 ? 'customer-first' : 'not-shown',
    );
    expect(lag.forward.std).toBeGreaterThan(0);
    expect(lag.pairs).toHaveLength(3);
    expect(lag.pairs.every((p) => p.employeeMeasure === 'engagement')).toBe(true);
  });

  it('reads between against within in plain words', () => {
    // Units differ lastingly (between), and within a unit NPS does not follow engagement.
    const cycles = makeCycles(4);
    const rows: LinkageRow[] = [];
    for (let u = 0; u < 30; u++) {
      for (const [t, cycle] of cycles.entries()) {
        const level = 50 + u;
        const wobble = ((u * 7 + t * 3) % 5) - 2;
        rows.push(makeRow(`u${u}`, cycle.id, level + wobble, 2 * level + ((u + t * 2) % 3)));
      }
    }
    const bw = ok(
      analyzeLinkage({ ...makeTable(rows, 4), options: { panelResamples: 50 } }).panel
        .betweenWithin,
    );
    expect(bw.reading).toBe('between');
    expect(bw.sentence).toMatch(/^Units with higher engagement have higher nps/);
  });

  it('compares quarters only with at least 5 units in each', () => {
    const few = analyzeLinkage({
      ...buildLinkageInput({ units: 14, cycles: 2, seed: 8 }),
      options: { panelResamples: 50 },
    }).panel.quartileGaps;
    expect(few.status).toBe('insufficient');
    expect(few.status === 'insufficient' && few.reason).toMatch(/at least 5 units in each/);
  });

  it('is insufficient, with a reason, for a single cycle', () => {
    const panel = analyzeLinkage(buildLinkageInput({ units: 20, cycles: 1 })).panel;
    expect(panel.betweenWithin.status).toBe('insufficient');
    expect(panel.lagged.status).toBe('insufficient');
    expect(ok(panel.quartileGaps).gaps).toHaveLength(3);
  });
});

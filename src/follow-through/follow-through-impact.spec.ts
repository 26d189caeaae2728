import {
  compareFollowThrough,
  ImpactUnitCycle,
  welchDifference,
  WelchDifference,
} from './follow-through-impact';

function ok(result: ReturnType<typeof welchDifference>): WelchDifference {
  if (result.status !== 'ok') throw new Error(result.reason);
  return result;
}

describe(welchDifference.name, () => {
  // Reference: scipy.stats.ttest_ind(a, b, equal_var=False) and .confidence_interval(0.95).
  it('matches scipy for the t statistic, df, p and the 95% interval', () => {
    const a = [4.2, -1.5, 6.8, 3.3, 0.9, 5.1];
    const b = [-2.0, 1.1, -3.4, 0.2, -0.7, 2.5, -1.9, -0.4];
    const r = ok(welchDifference(a, b));
    expect(r.difference).toBeCloseTo(3.708333333333333, 9);
    expect(r.t).toBeCloseTo(2.663524851201265, 6);
    expect(r.df).toBeCloseTo(7.887024182388683, 6);
    expect(r.p).toBeCloseTo(0.0290091624266421, 6);
    expect(r.ci.lower).toBeCloseTo(0.4897410467907686, 6);
    expect(r.ci.upper).toBeCloseTo(6.926925619875897, 6);
    expect([r.nA, r.nB]).toEqual([6, 8]);
  });

  it('gives the wide interval of tiny groups and calls them exploratory', () => {
    const r = ok(welchDifference([12, 7], [3, -1, 4]));
    expect(r.df).toBeCloseTo(1.7631710154562075, 6);
    expect(r.p).toBeCloseTo(0.14105869511275582, 6);
    expect(r.ci.lower).toBeCloseTo(-6.8756878676079065, 5);
    expect(r.ci.upper).toBeCloseTo(21.87568786760791, 5);
    expect(r.exploratory).toBe(true);
  });

  it('is exploratory when the difference is below what the design can detect', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8];
    const b = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5];
    const r = ok(welchDifference(a, b));
    expect(Math.abs(r.difference)).toBeLessThan(r.minimumDetectable);
    expect(r.exploratory).toBe(true);
  });

  it('is confirmatory for a large difference between groups of five or more', () => {
    const r = ok(welchDifference([10, 11, 12, 10.5, 11.5], [1, 2, 1.5, 2.5, 0.5]));
    expect(r.exploratory).toBe(false);
    expect(r.ci.lower).toBeGreaterThan(0);
  });

  it('declines groups of fewer than two and groups without spread', () => {
    expect(welchDifference([1], [2, 3]).status).toBe('insufficient');
    expect(welchDifference([2, 2], [3, 3, 3]).status).toBe('insufficient');
  });
});

describe(compareFollowThrough.name, () => {
  const cycles = [
    { id: 'c1', label: '2025 Q1' },
    { id: 'c2', label: '2025 Q2' },
  ];
  const unit = (
    cycleId: string,
    unitId: string,
    engagement: number,
    nps: number,
    extra: Partial<ImpactUnitCycle> = {},
  ): ImpactUnitCycle => ({
    cycleId,
    unitId,
    employeeVisible: true,
    engagement,
    customerResponses: 10,
    nps,
    csat: 80,
    ...extra,
  });

  it('compares the change to the next cycle of units that resolved follow-ups on time with the others', () => {
    const units = [
      unit('c1', 'a', 60, 10),
      unit('c2', 'a', 66, 20),
      unit('c1', 'b', 50, 0),
      unit('c2', 'b', 58, 14),
      unit('c1', 'c', 70, 30),
      unit('c2', 'c', 69, 28),
      unit('c1', 'd', 65, 5),
      unit('c2', 'd', 63, 1),
      unit('c1', 'e', 40, -10),
      unit('c2', 'e', 45, -5),
    ];
    const result = compareFollowThrough({
      cycles,
      units,
      followUps: [
        { cycleId: 'c1', unitId: 'a', total: 5, onTime: 5 },
        { cycleId: 'c1', unitId: 'b', total: 4, onTime: 4 },
        { cycleId: 'c1', unitId: 'c', total: 5, onTime: 1 },
        { cycleId: 'c1', unitId: 'd', total: 2, onTime: 0 },
        // e had no follow-ups: it is in neither group
      ],
      plans: [],
      minCustomerResponses: 5,
    });
    const followUps = result.comparisons.find((c) => c.key === 'followUps')!;
    expect([followUps.followed, followUps.others]).toEqual([2, 2]);
    const engagement = followUps.outcomes.find((o) => o.key === 'engagement')!.result;
    if (engagement.status !== 'ok') throw new Error(engagement.reason);
    // (6 + 8) / 2 − (−1 − 2) / 2 = 7 − (−1.5)
    expect(engagement.difference).toBeCloseTo(8.5, 9);
    expect(engagement.exploratory).toBe(true);
    const nps = followUps.outcomes.find((o) => o.key === 'nps')!.result;
    if (nps.status !== 'ok') throw new Error(nps.reason);
    expect(nps.difference).toBeCloseTo(12 - -3, 9);
  });

  it('leaves out employee changes a unit may not show and customer changes with too few answers', () => {
    const units = [
      unit('c1', 'a', 60, 10),
      unit('c2', 'a', 66, 20, { employeeVisible: false, engagement: 99 }),
      unit('c1', 'b', 50, 0, { customerResponses: 2 }),
      unit('c2', 'b', 58, 14),
      unit('c1', 'c', 70, 30),
      unit('c2', 'c', 69, 28),
    ];
    const result = compareFollowThrough({
      cycles,
      units,
      followUps: ['a', 'b', 'c'].map((unitId) => ({ cycleId: 'c1', unitId, total: 1, onTime: 1 })),
      plans: [],
      minCustomerResponses: 5,
    });
    const outcomes = result.comparisons[0].outcomes;
    // a's engagement and b's NPS drop out; all three followed through, nobody is left to compare
    for (const o of outcomes) expect(o.result.status).toBe('insufficient');
    expect(result.comparisons[0].followed).toBe(3);
  });

  it('puts every unit that could plan into the plan comparison, completed plans on one side', () => {
    const units = ['a', 'b', 'c', 'd'].flatMap((id, i) => [
      unit('c1', id, 50 + i, 0),
      unit('c2', id, 50 + i + (i < 2 ? 5 + i : -1 - i), 0),
    ]);
    const hidden = unit('c1', 'x', 10, 0, { employeeVisible: false });
    const result = compareFollowThrough({
      cycles,
      units: [...units, hidden, unit('c2', 'x', 20, 0)],
      followUps: [],
      plans: [
        { cycleId: 'c1', unitId: 'a', completed: true },
        { cycleId: 'c1', unitId: 'b', completed: true },
        { cycleId: 'c1', unitId: 'c', completed: false },
      ],
      minCustomerResponses: 5,
    });
    const plans = result.comparisons.find((c) => c.key === 'actionPlans')!;
    expect([plans.followed, plans.others]).toEqual([2, 2]);
    const engagement = plans.outcomes[0].result;
    if (engagement.status !== 'ok') throw new Error(engagement.reason);
    expect(engagement.meanA).toBeCloseTo(5.5, 9);
    expect(engagement.meanB).toBeCloseTo(-3.5, 9);
  });

  it('warns that a unit may count more than once across several cycle pairs', () => {
    const three = compareFollowThrough({
      cycles: [...cycles, { id: 'c3', label: '2025 Q3' }],
      units: [],
      followUps: [],
      plans: [],
      minCustomerResponses: 5,
    });
    expect(three.pairs).toHaveLength(2);
    expect(three.caveats.join(' ')).toMatch(/more than once/);
  });
});

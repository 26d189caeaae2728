import { reportFingerprint } from '../src/analytics/queries/report-fingerprint.query';
import { RESPONSE_COUNT_METRIC } from '../src/analytics/stats/unit-metrics';
import { UnitStatsService } from '../src/analytics/unit-stats.service';
import { CycleEvents } from '../src/cycles/cycle-events';
import { beginMissingHistory } from '../src/directory/history/employee-history.queries';
import { SealedAnswersService } from '../src/respond/sealed-answers.service';
import {
  answersFor,
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  insertUnit,
  questionKeys,
  seededRandom,
  SeededUnit,
} from './fixtures/analytics-import/seed';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';

interface Row {
  unitId: string | null;
  name: string;
  responses: number;
  employee: {
    hidden: boolean;
    code?: string;
    reason?: string;
    metrics?: Record<string, { hidden: boolean; value: number; n: number }>;
  };
  comments: { hidden: boolean; code?: string };
}

describe('Linkage and unit results API', () => {
  let t: TestApp;
  let q1: string;
  let q2: string;
  let q3: string;
  let parent: SeededUnit;
  let small: SeededUnit;
  let six: SeededUnit;
  let seven: SeededUnit;
  const branches: SeededUnit[] = [];
  /** the engagement index the small unit really has in Q2, to check it never leaks */
  let smallEngagement = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    const random = seededRandom(42);
    const employeeQuestions = await questionKeys(ds, 'employee');
    const customerQuestions = await questionKeys(ds, 'customer');
    const engagementKeys = employeeQuestions
      .filter((q) => q.kind === 'likert5' && q.dimension === 'engagement')
      .map((q) => q.key);

    const root = await insertUnit(ds, 'Company');
    parent = await insertUnit(ds, 'Retail', root);
    small = await insertUnit(ds, 'Kiosk', parent);
    six = await insertUnit(ds, 'Outlet', parent);
    seven = await insertUnit(ds, 'Store', parent);
    for (let i = 1; i <= 12; i++) branches.push(await insertUnit(ds, `Branch ${i}`, root));

    q1 = await insertCycle(ds, 'Q1 2025', '2025-01-01', '2025-03-31', 'closed');
    // Closed, with nothing materialized yet: its stats are aggregated from the responses on the
    // fly until the close listener stores them (the last test).
    q2 = await insertCycle(ds, 'Q2 2025', '2025-04-01', '2025-06-30', 'closed');
    q3 = await insertCycle(ds, 'Q3 2025', '2025-07-01', '2025-09-30', 'open');

    const employees = (unit: SeededUnit, level: number, n: number) =>
      Array.from({ length: n }, () =>
        answersFor(employeeQuestions, level, random, 'More training'),
      );
    const customers = (unit: SeededUnit, level: number, n: number) =>
      Array.from({ length: n }, () => answersFor(customerQuestions, level, random));

    for (const [i, unit] of branches.entries()) {
      const level = -1 + (2 * i) / (branches.length - 1);
      const wobble = (random() - 0.5) * 0.6;
      await insertEmployeeResponses(ds, q1, unit.id, employees(unit, level, 8));
      // Customers follow the employees one cycle later.
      await insertCustomerResponses(ds, q1, unit.id, customers(unit, wobble, 6));
      await insertEmployeeResponses(ds, q2, unit.id, employees(unit, level + wobble, 8));
      await insertCustomerResponses(ds, q2, unit.id, customers(unit, level, 6));
      await ds.query(
        `INSERT INTO employees (email, name, unit_id, hire_date, exit_date, exit_type)
         SELECT 'e' || g || '-' || $1 || '@example.test', 'Employee ' || g, $1::uuid, '2020-01-01',
                CASE WHEN g <= $2 THEN '2025-05-15'::date END,
                CASE WHEN g <= $2 THEN 'voluntary' END
           FROM generate_series(1, 10) g`,
        [unit.id, i % 3],
      );
    }
    // Rows written straight into employees: give them the history the directory would have.
    await beginMissingHistory(ds.manager);
    const smallAnswers = employees(small, -0.8, 3);
    const values = smallAnswers.flatMap((a) => engagementKeys.map((k) => Number(a[k])));
    smallEngagement = ((values.reduce((x, y) => x + y, 0) / values.length - 1) / 4) * 100;
    await insertEmployeeResponses(ds, q2, small.id, smallAnswers);
    await insertEmployeeResponses(ds, q2, six.id, employees(six, 0.5, 6));
    // Four of Store's seven people skipped the eNPS question.
    const sevenAnswers = employees(seven, 0.2, 7).map((a, i) => {
      if (i < 4) delete a.enps;
      return a;
    });
    await insertEmployeeResponses(ds, q2, seven.id, sevenAnswers);
    for (const unit of [small, six, seven])
      await insertCustomerResponses(ds, q2, unit.id, customers(unit, 0, 6));
    // Answers of the open cycle sit in the tables here on purpose: the rule that hides them is
    // explicit, not a side effect of where the respond module keeps them.
    for (const unit of branches) {
      await insertEmployeeResponses(ds, q3, unit.id, employees(unit, 0, 8));
      await insertCustomerResponses(ds, q3, unit.id, customers(unit, 0, 6));
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('returns the whole analysis of a cycle with the previous one for the cross-lag', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    const res = await agent.get(`/api/v1/cycles/${q2}/linkage`).expect(200);
    const body = res.body;
    expect(body.cycles.map((c: { id: string }) => c.id)).toEqual([q1, q2]);
    expect(body.focusCycleId).toBe(q2);
    expect(body.primary).toEqual({ employeeMetric: 'engagement', customerMetric: 'nps' });
    const analysis = body.analysis;
    expect(analysis.status).toBe('ok');
    const pair = analysis.pairs.find(
      (p: { employeeMeasure: string; customerMetric: string }) =>
        p.employeeMeasure === 'engagement' && p.customerMetric === 'nps',
    );
    expect(pair.result.status).toBe('ok');
    expect(pair.result.n).toBe(14); // twelve branches, the 6- and 7-response units
    expect(pair.result.r).toBeGreaterThan(0.5);
    expect(pair.result.bootstrapCi.status).toBe('ok');
    expect(pair.result.partialForUnitSize.status).toBe('ok');
    const customerKeys = body.metrics.customer.map((m: { key: string }) => m.key);
    expect(customerKeys).toEqual(['nps', 'csat', 'relationshipIndex', 'churnRate']);
    expect(body.metrics.employee.map((m: { key: string }) => m.key)).toEqual([
      'engagement',
      'enablement',
      'manager',
      'wellbeing',
      'enps',
    ]);
    expect(analysis.pairs).toHaveLength(5 * 4);
    expect(analysis.turnover).toHaveLength(2 * 4);
    expect(analysis.crossLagged.status).toBe('ok');
    const lag = analysis.crossLagged.comparisons.find(
      (c: { employeeMeasure: string }) => c.employeeMeasure === 'engagement',
    );
    expect(lag.fromCycleId).toBe(q1);
    expect(lag.result.status).toBe('ok');
    expect(lag.result.n).toBe(12);
    expect(analysis.drivers.status).toBe('ok');
    expect(analysis.aggregation.rwg.status).toBe('ok');
    expect(analysis.aggregation.icc[0].metric).toBe('engagement');
    expect(analysis.power.status).toBe('ok');
    expect(typeof analysis.verdict.headline).toBe('string');
    const branch = body.units.find((u: { unitId: string }) => u.unitId === branches[3].id);
    expect(branch.employee.hidden).toBe(false);
    expect(branch.turnoverRate).toBeCloseTo(0, 10);
    const withExits = body.units.find((u: { unitId: string }) => u.unitId === branches[2].id);
    // Two of ten employees left in a 91-day quarter: 2 ÷ 10 × 365 ÷ 91 (less a few headcount days).
    expect(withExits.turnoverRate).toBeGreaterThan(0.8);
    expect(withExits.voluntaryTurnoverRate).toBe(withExits.turnoverRate);
  });

  it('lists units under the thresholds as excluded and hides their employee figures', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    const { body } = await agent.get(`/api/v1/cycles/${q2}/linkage`).expect(200);
    const excluded = body.analysis.units.excluded.find(
      (u: { unitId: string }) => u.unitId === small.id,
    );
    expect(excluded.reasons).toContain('too-few-employee-responses');
    const point = (id: string) => body.units.find((u: { unitId: string }) => u.unitId === id);
    expect(point(small.id).included).toBe(false);
    expect(point(small.id).employee).toMatchObject({ hidden: true, code: 'below-threshold' });
    expect(point(small.id).employee.metrics).toBeUndefined();
    // Shown next to its parent, the smaller sibling is hidden too, though it counts for r.
    expect(point(six.id).employee).toMatchObject({ hidden: true, code: 'complementary' });
    expect(point(six.id).included).toBe(true);
    expect(point(seven.id).employee.hidden).toBe(false);
    expect(typeof point(seven.id).employee.metrics.engagement).toBe('number');
    // Only three people answered Store's eNPS: that one figure is hidden on its own.
    expect(point(seven.id).employee.metrics.enps).toBeNull();
    expect(point(seven.id).employee.hiddenMetrics.enps).toMatchObject({
      hidden: true,
      code: 'below-threshold',
    });
    expect(JSON.stringify(body)).not.toContain(String(smallEngagement));
  });

  it('does not let a parent minus its visible children reveal a hidden unit', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    const { body } = await agent.get(`/api/v1/cycles/${q2}/unit-results`).expect(200);
    const row = (id: string): Row => body.units.find((u: Row) => u.unitId === id);
    expect(row(parent.id).employee.hidden).toBe(false);
    expect(row(parent.id).responses).toBe(16);
    expect(row(small.id).employee).toMatchObject({ hidden: true, code: 'below-threshold' });
    expect(row(small.id).employee.reason).toMatch(/Fewer than 5 responses/);
    expect(row(six.id).employee).toMatchObject({ hidden: true, code: 'complementary' });
    expect(row(seven.id).employee.hidden).toBe(false);
    expect(row(seven.id).employee.metrics!.enps).toMatchObject({ hidden: true });

    // The attack: parent total minus every visible child.
    const visibleChildren = [small, six, seven]
      .map((u) => row(u.id))
      .filter((r) => !r.employee.hidden);
    const engagement = (r: Row) => r.employee.metrics!.engagement;
    const p = engagement(row(parent.id));
    const rest = visibleChildren.reduce(
      (acc, r) => ({
        n: acc.n + engagement(r).n,
        sum: acc.sum + engagement(r).value * engagement(r).n,
      }),
      { n: 0, sum: 0 },
    );
    const residualN = p.n - rest.n;
    const residual = (p.value * p.n - rest.sum) / residualN;
    expect(residualN).toBe(9); // the small unit and its sibling together, never 3
    expect(Math.abs(residual - smallEngagement)).toBeGreaterThan(1e-6);

    expect(body.total.unitId).toBeNull();
    expect(body.total.employee.hidden).toBe(false);
    expect(row(parent.id).comments).toMatchObject({ hidden: false });
    expect(row(seven.id).comments).toMatchObject({ hidden: true, code: 'below-threshold' });
  });

  it('scopes a manager to their subtree and answers 403 outside it', async () => {
    const { agent } = await signedInAgent(t, 'manager', parent.id);
    await agent.get(`/api/v1/cycles/${q2}/unit-results?unitId=${branches[0].id}`).expect(403);
    const own = await agent.get(`/api/v1/cycles/${q2}/unit-results`).expect(200);
    expect(own.body.total).toBeNull();
    expect(own.body.units.map((u: Row) => u.unitId).sort()).toEqual(
      [parent.id, small.id, six.id, seven.id].sort(),
    );
    // Suppression runs over the whole company, so the manager sees the same hidden cells.
    const six_ = own.body.units.find((u: Row) => u.unitId === six.id);
    expect(six_.employee).toMatchObject({ hidden: true, code: 'complementary' });

    const linkage = await agent.get(`/api/v1/linkage`).expect(200);
    const seen = [
      ...linkage.body.analysis.units.included,
      ...linkage.body.analysis.units.excluded,
    ].map((u: { unitId: string }) => u.unitId);
    expect(seen.length).toBeGreaterThan(0);
    for (const id of seen) expect([small.id, six.id, seven.id]).toContain(id);
    expect(linkage.body.scope).toEqual({ unitId: parent.id });
  });

  it('refuses every result of the open cycle and leaves it out of ranges, naming it', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    for (const path of [`/api/v1/cycles/${q3}/unit-results`, `/api/v1/cycles/${q3}/linkage`]) {
      const res = await agent.get(path).expect(409);
      expect(res.body.code).toBe('RESULTS_NOT_YET_AVAILABLE');
      expect(res.body.message).toMatch(
        /^Results of Q3 2025 appear when the cycle closes on \d+ September 2025/,
      );
    }
    const range = await agent.get('/api/v1/linkage').expect(200);
    expect(range.body.cycles.map((c: { id: string }) => c.id)).toEqual([q1, q2]);
    expect(range.body.focusCycleId).toBe(q2);
    expect(range.body.withheld).toEqual([
      expect.objectContaining({ id: q3, label: 'Q3 2025', status: 'open' }),
    ]);
    const to = await agent.get('/api/v1/linkage').query({ to: 'Q3 2025' }).expect(200);
    expect(to.body.cycles).toHaveLength(2);
    expect(to.body.withheld).toHaveLength(1);
  });

  it('analyses a range of cycles by period label and refuses a range that runs backwards', async () => {
    const { agent } = await signedInAgent(t, 'hr');
    const res = await agent
      .get('/api/v1/linkage')
      .query({ from: 'Q1 2025', to: 'Q2 2025', customerMetric: 'csat' })
      .expect(200);
    expect(res.body.cycles).toHaveLength(2);
    expect(res.body.primary.customerMetric).toBe('csat');
    expect(res.body.analysis.crossLagged.comparisons.length).toBeGreaterThan(0);
    const bad = await agent.get('/api/v1/linkage').query({ from: 'Q2 2025', to: 'Q1 2025' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('BAD_CYCLE_RANGE');
    const unknown = await agent.get('/api/v1/linkage').query({ customerMetric: 'nope' });
    expect(unknown.status).toBe(422);
    await agent.get('/api/v1/linkage').query({ to: 'No such cycle' }).expect(404);
  });

  it('materializes stats when a cycle closes and reads the same figures and analysis as the aggregate made before', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    // The answers as closing stores them (small units pooled into their parent), not yet
    // materialized: what the aggregate reads must agree with.
    await t.app.get(SealedAnswersService).release(q2);
    const live = (await agent.get(`/api/v1/cycles/${q2}/unit-results`).expect(200)).body;
    const liveLinkage = (await agent.get(`/api/v1/cycles/${q2}/linkage`).expect(200)).body;
    await t.app.get(CycleEvents).emitClosed({ cycleId: q2, closedAt: new Date() });
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM unit_cycle_stats WHERE cycle_id = $1 AND metric = 'dim:engagement'`,
      [q2],
    );
    expect(count).toBe(15);
    // ...and packed beside them, one row per audience: what the reads below come from.
    const packs: { audience: string; units: number }[] = await t.dataSource.query(
      `SELECT audience, cardinality(unit_ids) AS units FROM unit_cycle_stat_packs
        WHERE cycle_id = $1 ORDER BY audience`,
      [q2],
    );
    expect(packs.map((p) => p.audience)).toEqual(['customer', 'employee']);
    expect(packs.every((p) => p.units > 0)).toBe(true);
    const stored = (await agent.get(`/api/v1/cycles/${q2}/unit-results`).expect(200)).body;
    expect({ ...stored, cycle: null }).toEqual({ ...live, cycle: null });
    // The same analysis to the last digit, bootstrap intervals included: the rows reach it in
    // tree order, not in the order either read returned them.
    const storedLinkage = (await agent.get(`/api/v1/cycles/${q2}/linkage`).expect(200)).body;
    expect(storedLinkage.analysis).toEqual(liveLinkage.analysis);
    expect(storedLinkage.units).toEqual(liveLinkage.units);
  });

  it('reads response counts alone from the count rows as the whole packs and the live aggregate give them', async () => {
    const stats = t.app.get(UnitStatsService);
    const counts = (rows: Awaited<ReturnType<UnitStatsService['read']>>) =>
      rows
        .map((r) => ({
          cycle: r.cycleId,
          unit: r.unitId,
          audience: r.audience,
          sums: r.metrics.get(RESPONSE_COUNT_METRIC),
        }))
        .sort((a, b) =>
          `${a.cycle}${a.unit}${a.audience}`.localeCompare(`${b.cycle}${b.unit}${b.audience}`),
        );
    const closed = (await stats.reads().cycles()).filter((c) => c.id === q1 || c.id === q2);
    expect(closed).toHaveLength(2);
    // Q2 is materialized by now and Q1 is not: one read of each kind in the same call.
    const packed = await t.dataSource.query(
      `SELECT DISTINCT cycle_id AS id FROM unit_cycle_stat_packs WHERE cycle_id = ANY($1)`,
      [[q1, q2]],
    );
    expect(packed.map((p: { id: string }) => p.id)).toEqual([q2]);
    const countsAlone = async () =>
      counts(await stats.read(closed, { metrics: [RESPONSE_COUNT_METRIC] }));
    const fromRows = await countsAlone();
    // Every metric read (the whole packs for Q2), of which the counts are kept.
    const fromPacks = counts(await stats.read(closed));
    expect(fromRows.length).toBeGreaterThan(10);
    expect(fromRows.filter((r) => r.cycle === q2).length).toBeGreaterThan(5);
    expect(fromRows.every((r) => r.sums !== undefined && r.sums.n > 0)).toBe(true);
    expect(fromRows).toEqual(fromPacks);
    // ...and the same again once Q1 is materialized too.
    await stats.materialize(q1);
    expect(await countsAlone()).toEqual(fromPacks);
  });

  it("changes the reports' fingerprint of the stats when a cycle's stats are written again, and only then", async () => {
    const before = await reportFingerprint(t.dataSource.manager);
    expect((await reportFingerprint(t.dataSource.manager)).stats).toBe(before.stats);
    await t.app.get(UnitStatsService).materialize(q2);
    const after = await reportFingerprint(t.dataSource.manager);
    expect(after.stats).not.toBe(before.stats);
    expect(after.units).toBe(before.units);
  });

  it('documents the linkage endpoints in OpenAPI', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cycles/{id}/linkage',
        '/api/v1/linkage',
        '/api/v1/cycles/{id}/unit-results',
      ]),
    );
  });
});

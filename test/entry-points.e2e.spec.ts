import { ReportCache } from '../src/reports/report-cache';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';
import {
  answersFor,
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  questionKeys,
  seededRandom,
} from './fixtures/analytics-import/seed';
import { ReportWorld, seedReportWorld } from './reports.fixtures';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

/**
 * Issue #14.4: the dashboard, the default range and a manager's dashboard open on cycles that
 * stand for the company (or the manager's units); a pilot and a cycle on a few units never
 * replace the headline; every section of a cross-cycle report keeps to its from/to.
 */
describe('Entry points', () => {
  let t: TestApp;
  let world: ReportWorld;
  let hr: Agent;
  let bearer: string;
  let pilot: string;
  let small: string;

  /** A closed cycle with responses from the given units only. */
  async function cycleOn(label: string, start: string, end: string, units: { id: string }[]) {
    const random = seededRandom(11);
    const [employee, customer] = await Promise.all([
      questionKeys(t.dataSource, 'employee'),
      questionKeys(t.dataSource, 'customer'),
    ]);
    const id = await insertCycle(t.dataSource, label, start, end, 'closed');
    for (const [i, unit] of units.entries()) {
      const level = -0.5 + i * 0.3;
      await insertEmployeeResponses(
        t.dataSource,
        id,
        unit.id,
        Array.from({ length: 8 }, () => answersFor(employee, level, random)),
      );
      await insertCustomerResponses(
        t.dataSource,
        id,
        unit.id,
        Array.from({ length: 6 }, () => answersFor(customer, level, random)),
      );
      await t.dataSource.query(
        `INSERT INTO cycle_target_units (cycle_id, unit_id) VALUES ($1, $2)`,
        [id, unit.id],
      );
    }
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReportWorld(t.dataSource);
    // After three good quarters: a 5-unit pilot, then a 4-unit cycle nobody marked (a third of
    // the twelve branches of the best-covered cycles).
    pilot = await cycleOn('2025-Q3', '2025-07-01', '2025-09-30', world.branches.slice(0, 5));
    small = await cycleOn('2025-Q4', '2025-10-01', '2025-12-31', world.branches.slice(3, 7));
    ({ agent: hr } = await signedInAgent(t, 'hr'));
    const page = await hr.get('/account/api-keys');
    const created = await hr
      .post('/account/api-keys')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'tests' });
    bearer = `Bearer ${/<code>(tdm_[^<]+)<\/code>/.exec(created.text)![1]}`;
    const res = await t
      .http()
      .patch(`/api/v1/cycles/${pilot}`)
      .set('Authorization', bearer)
      .send({ pilot: true });
    expect(res.status).toBe(200);
    t.app.get(ReportCache).clear();
  });

  afterAll(async () => {
    await t.close();
  });

  const label = (id: string) => world.cycles.find((c) => c.id === id)?.label;

  it('keeps a pilot and a cycle on a few units out of the headline and "Compare all cycles"', async () => {
    const page = await hr.get('/').expect(200);
    expect(page.text).toContain(`class="button" href="/reports/cycles/${world.latest}"`);
    expect(page.text).toContain(`Compare all ${world.cycles.length} cycles`);
    expect(page.text).not.toContain(`/reports/cycles/${pilot}`);
    // The small cycle closed last: one click away, said to be too small for the headline.
    expect(page.text).not.toContain(`class="button" href="/reports/cycles/${small}"`);
    expect(page.text).toMatch(
      new RegExp(
        `href="/reports/cycles/${small}">[^<]+</a> closed since: it covered too few units`,
      ),
    );

    const range = await hr.get('/api/v1/reports/linkage').expect(200);
    const analysed = (range.body.linkage.cycles as { label: string }[]).map((c) => c.label);
    expect(analysed).toEqual(world.cycles.map((c) => c.label));
    expect(range.body.linkage.focusCycleId).toBe(world.latest);
    const trend = (range.body.trend.points as { cycle: { label: string } }[]).map(
      (p) => p.cycle.label,
    );
    expect(trend).toEqual(world.cycles.map((c) => c.label));
  });

  it("keeps the pilot's own report reachable, its verdict gated as a pilot", async () => {
    const res = await hr.get('/api/v1/reports/cycles/2025-Q3').expect(200);
    expect(res.body.linkage.focusCycleId).toBe(pilot);
    expect(res.body.linkage.analysis.verdict.facts.gate).toBe('pilot');
    // The pilot is nobody's "cycle before": 2025-Q4's trend and cross-lag skip it.
    const after = await hr.get('/api/v1/reports/cycles/2025-Q4').expect(200);
    const trend = (after.body.trend.points as { cycle: { id: string } }[]).map((p) => p.cycle.id);
    expect(trend).not.toContain(pilot);
    expect((after.body.linkage.cycles as { id: string }[]).map((c) => c.id)).toEqual([
      world.latest,
      small,
    ]);
    const index = await hr.get('/reports').expect(200);
    expect(index.text).toMatch(/>2025-Q3<\/a> <span class="tag pilot">Pilot<\/span>/);
    expect(index.text).toContain('>2025-Q3 (pilot)</option>');
  });

  it('keeps every section of a cross-cycle report to its from/to', async () => {
    const [q4, q1] = [world.cycles[0], world.cycles[1]];
    const res = await hr.get(`/api/v1/reports/linkage?from=${q4.label}&to=${q1.label}`).expect(200);
    const inRange = new Set([q4.id, q1.id]);
    expect((res.body.linkage.cycles as { id: string }[]).map((c) => c.id)).toEqual([q4.id, q1.id]);
    expect(res.body.linkage.focusCycleId).toBe(q1.id);
    for (const p of res.body.trend.points as { cycle: { id: string } }[])
      expect(inRange.has(p.cycle.id)).toBe(true);
    expect(res.body.heatmap.cycle.id).toBe(q1.id);
    expect(res.body.responseRates.cycle.id).toBe(q1.id);
    if (res.body.comments !== null) expect(res.body.comments.cycleId ?? q1.id).toBe(q1.id);

    const page = await hr.get(`/reports/linkage?from=${q4.label}&to=${q1.label}`).expect(200);
    expect(page.text).toContain(`${q4.label} to ${q1.label}`);
    for (const later of world.cycles.slice(2))
      expect(page.text).not.toContain(`/reports/cycles/${later.id}"`);

    // A range asked for with a pilot inside leaves the pilot out; naming it as an end keeps it.
    const across = await hr.get(`/api/v1/reports/linkage?from=2025-Q2&to=2025-Q4`).expect(200);
    expect((across.body.linkage.cycles as { id: string }[]).map((c) => c.id)).toEqual([
      world.latest,
      small,
    ]);
    // The headline of a range stays on a cycle with adequate coverage.
    expect(across.body.linkage.focusCycleId).toBe(world.latest);
    const named = await hr.get(`/api/v1/reports/linkage?from=2025-Q3&to=2025-Q4`).expect(200);
    expect((named.body.linkage.cycles as { id: string }[]).map((c) => c.id)).toEqual([
      pilot,
      small,
    ]);
  });

  it('opens a manager on the latest cycle that included their units', async () => {
    // The latest good quarter ran on the branches only; Retail took part in the one before.
    const previous = world.cycles[world.cycles.length - 2];
    await t.dataSource.query(
      `INSERT INTO cycle_target_units (cycle_id, unit_id) SELECT $1, unnest($2::uuid[])`,
      [world.latest, world.branches.map((b) => b.id)],
    );
    t.app.get(ReportCache).clear();
    const { agent: manager } = await signedInAgent(t, 'manager', world.retail.id);
    const home = await manager.get('/').expect(200);
    expect(home.text).toContain(`href="/reports/cycles/${previous.id}"`);
    expect(home.text).not.toContain(`href="/reports/cycles/${world.latest}"`);
    const unit = await manager.get(`/api/v1/reports/units/${world.retail.id}`).expect(200);
    expect(unit.body.cycle.id).toBe(previous.id);
    // A branch manager's units were in it: they open on the latest.
    const { agent: branch } = await signedInAgent(t, 'manager', world.branches[0].id);
    expect((await branch.get('/').expect(200)).text).toContain(
      `href="/reports/cycles/${world.latest}"`,
    );
    await t.dataSource.query(`DELETE FROM cycle_target_units WHERE cycle_id = $1`, [world.latest]);
    t.app.get(ReportCache).clear();
    expect(label(previous.id)).toBe(previous.label);
  });

  describe('the pilot flag', () => {
    it('is set on the new-cycle form, and the form keeps it ticked on an error', async () => {
      const form = await hr.get('/admin/cycles/new').expect(200);
      expect(form.text).toContain('name="pilot"');
      const res = await hr
        .post('/admin/cycles')
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          name: 'Trial',
          periodLabel: '2026-P1',
          periodStart: '2026-01-01',
          periodEnd: '2026-03-31',
          unitIds: world.branches[0].id,
          opensAt: '2030-05-10T09:00',
          closesAt: '2030-05-01T09:00',
          reminderDays: '3',
          recurrence: 'none',
          pilot: 'true',
        });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/id="pilot"[^>]*checked/);
      expect(res.text).toContain('value="Trial"');
    });

    it('is changed on a closed cycle from its page, with a clear error for a bad value', async () => {
      const page = await hr.get(`/admin/cycles/${small}`).expect(200);
      expect(page.text).not.toMatch(/id="pilot"[^>]*checked/);
      const bad = await hr
        .post(`/admin/cycles/${small}/pilot`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), pilot: 'perhaps' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('Pilot is either true or false');
      const ok = await hr
        .post(`/admin/cycles/${small}/pilot`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), pilot: 'true' });
      expect(ok.status).toBe(303);
      const shown = await hr.get(`/admin/cycles/${small}`).expect(200);
      expect(shown.text).toMatch(/id="pilot"[^>]*checked/);
      expect(shown.text).toContain('<span class="tag pilot">Pilot</span>');
      // Unticked (the checkbox posts nothing): no longer a pilot.
      await hr
        .post(`/admin/cycles/${small}/pilot`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) })
        .expect(303);
      const api = await t.http().get(`/api/v1/cycles/${small}`).set('Authorization', bearer);
      expect(api.body.pilot).toBe(false);
    });

    it('is set through the JSON API, also after close, and a bad value is refused clearly', async () => {
      const bad = await t
        .http()
        .patch(`/api/v1/cycles/${small}`)
        .set('Authorization', bearer)
        .send({ pilot: 'perhaps' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('Pilot is either true or false');
      const res = await t
        .http()
        .patch(`/api/v1/cycles/${small}`)
        .set('Authorization', bearer)
        .send({ pilot: true })
        .expect(200);
      expect(res.body).toMatchObject({ id: small, status: 'closed', pilot: true });
      const list = await t.http().get('/api/v1/cycles').set('Authorization', bearer).expect(200);
      expect(
        (list.body.items as { id: string; pilot: boolean }[]).find((c) => c.id === pilot)?.pilot,
      ).toBe(true);
      const cycles = await hr.get('/admin/cycles').expect(200);
      expect(cycles.text).toContain('<span class="tag pilot">Pilot</span>');
    });
  });
});

import { person, PlanOrg, seedPlanOrg } from './follow-through.fixtures';
import { SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { jobsSettled } from './support/jobs';
import { createTestApp, TestApp } from './support/test-app';

type Person = Awaited<ReturnType<typeof person>>;

describe('Team action plans', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let org: PlanOrg;
  let bigManager: Person;
  let smallManager: Person;
  let otherManager: Person;
  let hr: Person;
  let planId: string;
  let actionIds: string[];

  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const past = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const planCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM action_plans`))[0].n as number;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ JOBS_ENABLED: 'true', SMTP_URL: sink.url, ANONYMITY_MIN: '5' });
    org = await seedPlanOrg(t.dataSource);
    bigManager = await person(t, 'manager', org.bigId);
    smallManager = await person(t, 'manager', org.smallId);
    otherManager = await person(t, 'manager', org.otherId);
    hr = await person(t, 'hr');
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('shows a manager their lowest-scoring dimensions from the suppressed results', async () => {
    const page = await bigManager.agent
      .get(`/action-plans/new?cycle=${org.cycleId}&unit=${org.bigId}`)
      .expect(200);
    const order = ['Enablement index', 'Engagement index', 'Manager index', 'Wellbeing index'].map(
      (label) => page.text.indexOf(label),
    );
    expect(order[0]).toBeGreaterThan(0);
    // enablement (all 2s → 25) comes first; the others (4–5) follow
    expect(order.slice(1).every((i) => i > order[0])).toBe(true);
    expect(page.text).toContain('<strong>25</strong> Enablement index');
    expect(page.text).not.toContain('eNPS');
    const basis = await t
      .http()
      .get(`/api/v1/action-plans/basis?cycle=${org.cycleId}&unit=${org.bigId}`)
      .set(bigManager.bearer)
      .expect(200);
    expect(basis.body).toMatchObject({ eligible: true, responses: 8 });
    expect(basis.body.dimensions[0]).toMatchObject({ key: 'enablement', value: 25 });
  });

  it('does not let a manager open a plan for a unit below the anonymity threshold', async () => {
    const page = await smallManager.agent.get(
      `/action-plans/new?cycle=${org.cycleId}&unit=${org.smallId}`,
    );
    expect(page.status).toBe(403);
    expect(page.text).toContain('hidden to protect anonymity');
    const post = await smallManager.agent.post('/action-plans').type('form').send({
      _csrf: smallManager.csrf,
      cycleId: org.cycleId,
      unitId: org.smallId,
      what1: 'Weekly stand-up',
      owner1: 'Sam',
      dueOn1: soon,
    });
    expect(post.status).toBe(403);
    const api = await t
      .http()
      .post('/api/v1/action-plans')
      .set(smallManager.bearer)
      .send({
        cycleId: org.cycleId,
        unitId: org.smallId,
        actions: [{ what: 'Weekly stand-up', owner: 'Sam', dueOn: soon }],
      });
    expect(api.status).toBe(403);
    expect(api.body.code).toBe('BELOW_THRESHOLD');
    const basis = await t
      .http()
      .get(`/api/v1/action-plans/basis?cycle=${org.cycleId}&unit=${org.smallId}`)
      .set(smallManager.bearer)
      .expect(200);
    expect(basis.body).toEqual({
      eligible: false,
      responses: 3,
      reason: 'Fewer than 5 responses: hidden to protect anonymity.',
    });
    expect(await planCount()).toBe(0);
  });

  it('re-shows the plan form with field errors and the typed text', async () => {
    const res = await bigManager.agent
      .post('/action-plans')
      .type('form')
      .send({
        _csrf: bigManager.csrf,
        cycleId: org.cycleId,
        unitId: org.bigId,
        what1: 'Fix the laptop queue',
        owner1: '',
        dueOn1: '2026-02-30',
      })
      .expect(422);
    expect(res.text).toContain('Name who owns this action.');
    expect(res.text).toContain('aria-describedby="dueOn1-error"');
    expect(res.text).toContain('Fix the laptop queue');
    expect(await planCount()).toBe(0);
  });

  it('commits to actions, updates their status and keeps a trail with who and when', async () => {
    const created = await bigManager.agent
      .post('/action-plans')
      .type('form')
      .send({
        _csrf: bigManager.csrf,
        cycleId: org.cycleId,
        unitId: org.bigId,
        what1: '=Fix the laptop queue within a week',
        owner1: 'Priya',
        dueOn1: soon,
        dimension1: 'enablement',
        what2: 'Monthly process clinic',
        owner2: 'Tom',
        dueOn2: past,
      })
      .expect(303);
    planId = created.headers.location.split('/').pop()!;
    const page = await bigManager.agent.get(`/action-plans/${planId}`).expect(200);
    expect(page.text).toContain('&#x3D;Fix the laptop queue within a week');
    expect(page.text).toContain('Overdue');
    actionIds = (
      await t.dataSource.query(
        `SELECT id FROM action_plan_actions WHERE plan_id = $1 ORDER BY position`,
        [planId],
      )
    ).map((r: { id: string }) => r.id);
    expect(actionIds).toHaveLength(2);

    await bigManager.agent
      .post(`/action-plans/${planId}/actions/${actionIds[0]}`)
      .type('form')
      .send({ _csrf: bigManager.csrf, status: 'done', note: 'New process live' })
      .expect(303);
    await bigManager.agent
      .post(`/action-plans/${planId}/actions/${actionIds[1]}`)
      .type('form')
      .send({ _csrf: bigManager.csrf, status: 'dropped' })
      .expect(303);

    const events = await t.dataSource.query(
      `SELECT kind, actor_id, from_state, to_state, note FROM action_plan_events
        WHERE plan_id = $1 ORDER BY id`,
      [planId],
    );
    expect(events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'action_added',
      'action_added',
      'status_changed',
      'status_changed',
    ]);
    expect(events.every((e: { actor_id: string }) => e.actor_id === bigManager.user.id)).toBe(true);
    expect(events[3]).toMatchObject({
      from_state: 'planned',
      to_state: 'done',
      note: 'New process live',
    });

    const api = await t
      .http()
      .get(`/api/v1/action-plans/${planId}`)
      .set(bigManager.bearer)
      .expect(200);
    expect(api.body).toMatchObject({ actions: 2, done: 1, completed: true, overdue: 0 });
  });

  it('refuses a fourth action and a second plan for the same unit and cycle', async () => {
    const add = (what: string) =>
      t
        .http()
        .post(`/api/v1/action-plans/${planId}/actions`)
        .set(bigManager.bearer)
        .send({ what, owner: 'Ana', dueOn: soon });
    await add('Third').expect(201);
    const fourth = await add('Fourth');
    expect(fourth.status).toBe(422);
    expect(fourth.body.code).toBe('TOO_MANY_ACTIONS');
    const again = await t
      .http()
      .post('/api/v1/action-plans')
      .set(bigManager.bearer)
      .send({
        cycleId: org.cycleId,
        unitId: org.bigId,
        actions: [{ what: 'x', owner: 'y', dueOn: soon }],
      });
    expect(again.status).toBe(409);
    expect(await planCount()).toBe(1);
  });

  it("emails the plan to the unit's active employees through SMTP", async () => {
    const res = await bigManager.agent
      .post(`/action-plans/${planId}/share`)
      .type('form')
      .send({ _csrf: bigManager.csrf })
      .expect(303);
    expect(res.headers.location).toBe(`/action-plans/${planId}`);
    await sink.waitFor(org.bigEmployees.length);
    await jobsSettled(t.dataSource);
    expect(sink.received.map((m) => m.to).sort()).toEqual([...org.bigEmployees].sort());
    // The cycle's label is for staff: employees read "the pulse survey".
    expect(sink.received[0].subject).toContain('what we will do after the pulse survey');
    expect(sink.received[0].raw).not.toContain(org.cycleLabel);
    expect(sink.received[0].raw).toContain('Priya');
    const [event] = await t.dataSource.query(
      `SELECT data FROM action_plan_events WHERE plan_id = $1 AND kind = 'shared'`,
      [planId],
    );
    expect(event.data).toEqual({ recipients: org.bigEmployees.length, round: 1 });
  });

  it('gives a manager of another unit 403 on every plan route', async () => {
    const { agent, csrf, bearer } = otherManager;
    const action = actionIds[0];
    const responses = [
      await agent.get(`/action-plans/${planId}`),
      await agent.get(`/action-plans/new?cycle=${org.cycleId}&unit=${org.bigId}`),
      await agent.get(`/action-plans/export.csv?unit=${org.bigId}`),
      await agent.post('/action-plans').type('form').send({
        _csrf: csrf,
        cycleId: org.cycleId,
        unitId: org.bigId,
        what1: 'x',
        owner1: 'y',
        dueOn1: soon,
      }),
      await agent
        .post(`/action-plans/${planId}/actions`)
        .type('form')
        .send({ _csrf: csrf, what: 'x', owner: 'y', dueOn: soon }),
      await agent
        .post(`/action-plans/${planId}/actions/${action}`)
        .type('form')
        .send({ _csrf: csrf, status: 'planned' }),
      await agent.post(`/action-plans/${planId}/share`).type('form').send({ _csrf: csrf }),
      await t.http().get(`/api/v1/action-plans/${planId}`).set(bearer),
      await t.http().get(`/api/v1/action-plans?unit=${org.bigId}`).set(bearer),
      await t.http().get(`/api/v1/action-plans/export.csv?unit=${org.bigId}`).set(bearer),
      await t
        .http()
        .get(`/api/v1/action-plans/basis?cycle=${org.cycleId}&unit=${org.bigId}`)
        .set(bearer),
      await t
        .http()
        .post('/api/v1/action-plans')
        .set(bearer)
        .send({
          cycleId: org.cycleId,
          unitId: org.bigId,
          actions: [{ what: 'x', owner: 'y', dueOn: soon }],
        }),
      await t
        .http()
        .post(`/api/v1/action-plans/${planId}/actions`)
        .set(bearer)
        .send({ what: 'x', owner: 'y', dueOn: soon }),
      await t
        .http()
        .patch(`/api/v1/action-plans/${planId}/actions/${action}`)
        .set(bearer)
        .send({ status: 'planned' }),
      await t.http().post(`/api/v1/action-plans/${planId}/share`).set(bearer),
    ];
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 403));
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM action_plan_events WHERE actor_id = $1`,
      [otherManager.user.id],
    );
    expect(n).toBe(0);
    const list = await t.http().get('/api/v1/action-plans').set(bearer).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('shows HR which units have plans, which cannot plan and which are overdue', async () => {
    await t.dataSource.query(
      `UPDATE action_plan_actions SET status = 'in_progress' WHERE id = $1`,
      [actionIds[1]],
    );
    const page = await hr.agent.get(`/action-plans?cycle=${org.cycleId}`).expect(200);
    // the region (its whole subtree) and the big branch; the two others are hidden
    expect(page.text).toMatch(/<strong>2<\/strong> units can plan/);
    expect(page.text).toMatch(/<strong>1<\/strong> have a plan/);
    expect(page.text).toMatch(/<strong>1<\/strong> with overdue actions/);
    expect(page.text).toContain(`/action-plans/${planId}`);
    expect(page.text).toContain('Results hidden');

    const coverage = await t
      .http()
      .get(`/api/v1/action-plans/coverage?cycle=${org.cycleId}`)
      .set(hr.bearer)
      .expect(200);
    const byUnit = new Map(
      coverage.body.units.map((u: { unitId: string }) => [u.unitId, u] as const),
    );
    expect(byUnit.get(org.bigId)).toMatchObject({
      eligible: true,
      plan: { id: planId, overdue: 1 },
    });
    expect(byUnit.get(org.smallId)).toMatchObject({ eligible: false, plan: null });
    expect(byUnit.get(org.otherId)).toMatchObject({ eligible: false, plan: null });
    expect(byUnit.get(org.rootId)).toMatchObject({ eligible: true, plan: null, responses: 17 });
  });

  it('exports every action as CSV with formula-like cells neutralized', async () => {
    const csv = await hr.agent.get(`/action-plans/export.csv?cycle=${org.cycleId}`).expect(200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'plan_id,cycle,unit,position,what,owner,due_on,dimension,status,done_on,overdue,shared_on',
    );
    expect(lines).toHaveLength(4);
    expect(csv.text).toContain(`'=Fix the laptop queue within a week`);
    expect(csv.text).not.toMatch(/,=Fix/);
  });

  it('lets an executive read plans but not change them', async () => {
    const exec = await person(t, 'executive');
    await exec.agent.get(`/action-plans/${planId}`).expect(200);
    const update = await t
      .http()
      .patch(`/api/v1/action-plans/${planId}/actions/${actionIds[0]}`)
      .set(exec.bearer)
      .send({ status: 'planned' });
    expect(update.status).toBe(403);
    expect(update.body.code).toBe('READ_ONLY');
  });
});

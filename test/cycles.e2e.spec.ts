import { CycleClosedEvent, CycleEvents } from '../src/cycles/cycle-events';
import {
  addMonthsToDate,
  CycleLifecycleService,
  recurrenceLabel,
} from '../src/cycles/cycle-lifecycle.service';
import { InvitationTokensService } from '../src/delivery/invitation-tokens.service';
import { OutboxService } from '../src/delivery/outbox.service';
import { cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last value ${JSON.stringify(value)}`);
    await sleep(200);
  }
}

describe('Cycles', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  let org: Awaited<ReturnType<typeof seedOrg>>;
  let bearer: string;
  const closed: CycleClosedEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'true' }); // no SMTP_URL: mail goes to the outbox
    t.app.get(CycleEvents).onClosed((e) => {
      closed.push(e);
    });
    ({ agent } = await signedInAgent(t, 'hr'));
    org = await seedOrg(t.dataSource, 2);
    const page = await agent.get('/account/api-keys');
    const created = await agent
      .post('/account/api-keys')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'tests' });
    bearer = `Bearer ${/<code>(tdm_[^<]+)<\/code>/.exec(created.text)![1]}`;
  });

  afterAll(async () => {
    await t.close();
  });

  it('re-renders the form with the error and the typed values when it closes before it opens', async () => {
    const form = await agent.get('/admin/cycles/new').expect(200);
    const res = await agent
      .post('/admin/cycles')
      .type('form')
      .send({
        ...cycleInput([org.rootId], {
          name: 'Backwards',
          opensAt: '2030-05-10T09:00',
          closesAt: '2030-05-01T09:00',
        }),
        reminderDays: '3, 7',
        unitIds: org.rootId,
        _csrf: csrfFrom(form.text),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The cycle must close after it opens.');
    expect(res.text).toContain('value="Backwards"');
    expect(res.text).toContain('value="3, 7"');
  });

  it('validates reminder days and target units field by field', async () => {
    const form = await agent.get('/admin/cycles/new').expect(200);
    const res = await agent
      .post('/admin/cycles')
      .type('form')
      .send({
        ...cycleInput([]),
        reminderDays: '3, soon',
        unitIds: '',
        _csrf: csrfFrom(form.text),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Reminder days are whole numbers');
    expect(res.text).toContain('Choose at least one unit.');
    expect(res.text).toMatch(/id="unitIds"[^>]*aria-invalid="true"/);
  });

  it('creates, launches and reports a cycle through the JSON API', async () => {
    const input = cycleInput([org.unitIds[1]], { customerSurveyId: null, reminderDays: [2] });
    const created = await t
      .http()
      .post('/api/v1/cycles')
      .set('Authorization', bearer)
      .send(input)
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      reminderDays: [2],
      unitIds: [org.unitIds[1]],
    });

    const taken = await t
      .http()
      .post('/api/v1/cycles')
      .set('Authorization', bearer)
      .send({ ...input });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('PERIOD_LABEL_TAKEN');

    const launched = await t
      .http()
      .post(`/api/v1/cycles/${created.body.id}/launch`)
      .set('Authorization', bearer)
      .expect(202);
    expect(launched.body.status).toBe('open');
    expect(launched.body.counts.employee.invited).toBe(2); // one branch, employees only
    await t
      .http()
      .post(`/api/v1/cycles/${created.body.id}/launch`)
      .set('Authorization', bearer)
      .expect(202);

    const status = await until(
      async () =>
        (
          await t
            .http()
            .get(`/api/v1/cycles/${created.body.id}/status`)
            .set('Authorization', bearer)
        ).body,
      (b) => b.employee.sent === 2,
    );
    expect(status).toMatchObject({ status: 'open', customer: { invited: 0 } });
    const units = await t
      .http()
      .get(`/api/v1/cycles/${created.body.id}/units`)
      .set('Authorization', bearer)
      .expect(200);
    expect(units.body.items).toEqual([
      expect.objectContaining({
        unitId: org.unitIds[1],
        employee: expect.objectContaining({ sent: 2 }),
      }),
    ]);
    const list = await t.http().get('/api/v1/cycles').set('Authorization', bearer).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
  });

  it('opens, closes and recurs by itself through jobs, and its links die when it closes', async () => {
    const now = Date.now();
    const input = cycleInput([org.rootId], {
      name: 'Monthly pulse',
      opensAt: new Date(now + 2_000).toISOString(),
      closesAt: new Date(now + 9_000).toISOString(),
      reminderDays: [],
      recurrence: 'monthly',
    });
    const created = await t
      .http()
      .post('/api/v1/cycles')
      .set('Authorization', bearer)
      .send(input)
      .expect(201);
    const id = created.body.id as string;
    const launched = await t
      .http()
      .post(`/api/v1/cycles/${id}/launch`)
      .set('Authorization', bearer)
      .expect(202);
    expect(launched.body.status).toBe('scheduled');
    expect(launched.body.counts.employee.invited).toBe(0);

    const opened = await until(
      async () =>
        (await t.http().get(`/api/v1/cycles/${id}/status`).set('Authorization', bearer)).body,
      (b) => b.status === 'open' && b.employee.sent === 6 && b.customer.sent === 6,
    );
    expect(opened.employee.invited).toBe(6);
    const outbox = await t.app.get(OutboxService).list(1);
    const mail = await t.app.get(OutboxService).show(outbox.items[0].name);
    const token = /\/s\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    expect((await t.app.get(InvitationTokensService).resolve(token))?.usable).toBe(true);
    // Staff see the message but not the person's link, and cannot download it raw.
    const page = await agent.get(`/admin/outbox/${outbox.items[0].name}`).expect(200);
    expect(page.text).toContain('Message-ID');
    expect(page.text).not.toContain(token);
    await agent.get(`/admin/outbox/${outbox.items[0].name}/raw`).expect(404);

    await until(
      async () =>
        (await t.http().get(`/api/v1/cycles/${id}`).set('Authorization', bearer)).body.status,
      (s) => s === 'closed',
    );
    const resolved = await t.app.get(InvitationTokensService).resolve(token);
    expect(resolved).toMatchObject({ usable: false, cycle: { status: 'closed' } });
    // Listeners and the recurrence run in the close job, just after the status changes.
    const [next] = await until<Array<{ id: string }>>(
      () => t.dataSource.query(`SELECT id FROM cycles WHERE previous_cycle_id = $1`, [id]),
      (rows) => rows.length === 1,
    );
    expect(closed.filter((e) => e.cycleId === id)).toHaveLength(1);
    const nextCycle = (await t.http().get(`/api/v1/cycles/${next.id}`).set('Authorization', bearer))
      .body;
    expect(nextCycle).toMatchObject({
      status: 'scheduled',
      recurrence: 'monthly',
      periodStart: addMonthsToDate(input.periodStart, 1),
      periodLabel: recurrenceLabel(addMonthsToDate(input.periodStart, 1), 'monthly'),
      previousCycleId: id,
    });
    expect(
      new Date(nextCycle.opensAt).getTime() - new Date(input.opensAt).getTime(),
    ).toBeGreaterThan(27 * 86_400_000);
  }, 60_000);

  it('finishes the launch of a recurrence created before a crash instead of creating another', async () => {
    const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const post = async (overrides: Record<string, unknown>) =>
      (
        await t
          .http()
          .post('/api/v1/cycles')
          .set('Authorization', bearer)
          .send(
            cycleInput([org.rootId], { opensAt: future(30), closesAt: future(40), ...overrides }),
          )
          .expect(201)
      ).body.id as string;
    const prev = await post({ recurrence: 'monthly' });
    // The crash: the next cycle was created and linked, but its launch never ran.
    const orphan = await post({ recurrence: 'monthly' });
    await t.dataSource.query(`UPDATE cycles SET previous_cycle_id = $2 WHERE id = $1`, [
      orphan,
      prev,
    ]);
    const lifecycle = t.app.get(CycleLifecycleService);
    const next = await lifecycle.createNextRecurrence(prev);
    expect(next).toMatchObject({ id: orphan, status: 'scheduled' });
    expect(await lifecycle.createNextRecurrence(prev)).toMatchObject({ id: orphan });
    const linked: unknown[] = await t.dataSource.query(
      `SELECT id FROM cycles WHERE previous_cycle_id = $1`,
      [prev],
    );
    expect(linked).toHaveLength(1);
    // A recurrence made from scratch is launched in the transaction that creates it.
    const fresh = await post({ recurrence: 'monthly' });
    const made = await lifecycle.createNextRecurrence(fresh);
    expect(made).toMatchObject({ status: 'scheduled', previousCycleId: fresh });
    const [launch] = await t.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM audit_events WHERE action = 'cycle.launch' AND target_id = $1`,
      [made!.id],
    );
    expect(Number(launch.n)).toBe(1);
  });

  it('documents the survey and cycle API in OpenAPI', async () => {
    const docs = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/surveys',
        '/api/v1/surveys/{id}/copy',
        '/api/v1/cycles',
        '/api/v1/cycles/{id}/launch',
        '/api/v1/cycles/{id}/status',
        '/api/v1/cycles/{id}/units',
      ]),
    );
    // Fields with a default value document their own type, not "object".
    const schemas = docs.body.components.schemas;
    const typeOf = (schema: string, property: string): unknown =>
      schemas[schema].properties[property].type;
    expect(typeOf('CreateCycleDto', 'name')).toBe('string');
    expect(typeOf('CreateCycleDto', 'periodStart')).toBe('string');
    expect(typeOf('CreateCycleDto', 'pilot')).toBe('boolean');
    expect(typeOf('ExtendCycleDto', 'closesAt')).toBe('string');
    expect(typeOf('CreateSurveyDto', 'name')).toBe('string');
    expect(typeOf('QuestionDto', 'text')).toBe('string');
    expect(typeOf('QuestionDto', 'required')).toBe('boolean');
    // So do nullable ones (a string or a number, or null), which TypeScript records as Object.
    expect(typeOf('CreateCycleDto', 'employeeSurveyId')).toBe('string');
    expect(typeOf('CreateEmployeeDto', 'exitDate')).toBe('string');
    expect(typeOf('UpdateSettingsDto', 'companyName')).toBe('string');
    expect(typeOf('LinkageUnitPointDto', 'turnoverRate')).toBe('number');
    const scalarsAsObjects = Object.entries(
      schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>,
    ).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(
          ([, p]) =>
            p.type === 'object' &&
            (p.format !== undefined || ['string', 'number'].includes(typeof p.example)),
        )
        .map(([key]) => `${name}.${key}`),
    );
    expect(scalarsAsObjects).toEqual([]);
  });

  it('shifts recurring periods by whole months, keeping month ends', () => {
    expect(addMonthsToDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToDate('2026-03-31', 3)).toBe('2026-06-30');
    expect(addMonthsToDate('2026-01-15', 1)).toBe('2026-02-15');
    expect(recurrenceLabel('2026-04-01', 'quarterly')).toBe('2026-Q2');
    expect(recurrenceLabel('2026-11-01', 'monthly')).toBe('2026-11');
  });
});

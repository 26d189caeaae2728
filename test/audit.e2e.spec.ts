import { randomUUID } from 'node:crypto';
import { AuditService } from '../src/audit/audit.service';
import { cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, createUser, csrfFrom, signedInAgent, TestApp } from './support/test-app';

type Agent = Awaited<ReturnType<typeof signedInAgent>>;

interface EventRow {
  id: string;
  action: string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_api_key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  changes: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  details: Record<string, unknown>;
}

const CLIENT_IP = '203.0.113.77';
const AGENT = 'AuditSpec/1.0 (test)';

/**
 * The audit log end to end: each family of changes (users and roles, API keys, settings,
 * directory and response imports, surveys, cycles, downloads) leaves a row with who, from where,
 * what and the changed fields, never a password, hash, token or answer; rows cannot be changed
 * through the application's own connection; the page, CSV and API filter and page; only
 * administrators read it.
 */
describe('Audit log', () => {
  let t: TestApp;
  let admin: Agent;
  let apiKey: string;
  let apiKeyId: string;
  const auth = () => ({ Authorization: `Bearer ${apiKey}`, 'User-Agent': AGENT });

  /** Rows of one action, oldest first, optionally only after a given id. */
  const events = async (action: string, afterId = '0'): Promise<EventRow[]> =>
    t.dataSource.query(`SELECT * FROM audit_events WHERE action = $1 AND id > $2 ORDER BY id`, [
      action,
      afterId,
    ]);
  const lastId = async (): Promise<string> =>
    (await t.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_events`))[0].id;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
    admin = await signedInAgent(t, 'admin');
    const created = await admin.agent
      .post('/account/api-keys')
      .set('X-Forwarded-For', CLIENT_IP)
      .set('User-Agent', AGENT)
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Audit spec key' })
      .expect(200);
    apiKey = /tdm_[A-Za-z0-9_-]+/.exec(created.text)![0];
    const [row] = await events('api_key.create');
    apiKeyId = row.target_id!;
  });

  afterAll(() => t.close());

  it('cannot be changed or emptied through the application connection (trigger)', async () => {
    const before = await lastId();
    expect(Number(before)).toBeGreaterThan(0);
    for (const sql of [
      `UPDATE audit_events SET action = 'forged' WHERE id = ${before}`,
      `DELETE FROM audit_events WHERE id = ${before}`,
      `DELETE FROM audit_events WHERE false`,
      `TRUNCATE audit_events`,
    ])
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    const [row] = await t.dataSource.query(`SELECT action FROM audit_events WHERE id = $1`, [
      before,
    ]);
    expect(row.action).not.toBe('forged');
    expect(await lastId()).toBe(before);
    // Inserting stays possible: the log grows.
    await t.dataSource.query(
      `INSERT INTO audit_events (actor_kind, action) VALUES ('system', 'settings.update')`,
    );
    expect(Number(await lastId())).toBeGreaterThan(Number(before));
  });

  it('records API keys: created (prefix, never the key) from where, and revoked', async () => {
    const [created] = await events('api_key.create');
    expect(created).toMatchObject({
      actor_kind: 'user',
      actor_user_id: admin.user.id,
      actor_email: admin.user.email,
      ip: CLIENT_IP,
      user_agent: AGENT,
      target_type: 'api_key',
      target_label: 'Audit spec key',
    });
    expect(created.changes.after).toMatchObject({
      name: 'Audit spec key',
      prefix: apiKey.slice(0, 10),
    });
    expect(JSON.stringify(created)).not.toContain(apiKey);

    const other = await admin.agent
      .post('/account/api-keys')
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Short-lived' })
      .expect(200);
    const otherKey = /tdm_[A-Za-z0-9_-]+/.exec(other.text)![0];
    const [short] = (await events('api_key.create')).filter(
      (e) => e.target_label === 'Short-lived',
    );
    await admin.agent
      .post(`/account/api-keys/${short.target_id}/revoke`)
      .type('form')
      .send({ _csrf: admin.csrf })
      .expect(303);
    const [revoked] = await events('api_key.revoke');
    expect(revoked.target_id).toBe(short.target_id);
    expect(revoked.changes.before).toEqual({ revokedAt: null });
    expect(typeof revoked.changes.after!.revokedAt).toBe('string');
    const all = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_events`));
    expect(all).not.toContain(otherKey);
  });

  it('records users and roles, and a password change without the password', async () => {
    const person = await createUser(t, 'hr');
    const [invited] = (await events('user.invite')).filter((e) => e.target_id === person.id);
    expect(invited.changes.after).toMatchObject({ email: person.email, role: 'hr' });

    const from = await lastId();
    const post = (path: string, body: Record<string, string> = {}) =>
      admin.agent
        .post(path)
        .set('X-Forwarded-For', CLIENT_IP)
        .type('form')
        .send({ _csrf: admin.csrf, ...body })
        .expect(303);
    await post(`/admin/users/${person.id}/role`, { role: 'executive', unitId: '' });
    await post(`/admin/users/${person.id}/disable`);
    await post(`/admin/users/${person.id}/enable`);

    const invitedEmail = `invited-${randomUUID()}@example.test`;
    await admin.agent
      .post('/admin/users')
      .set('X-Forwarded-For', CLIENT_IP)
      .type('form')
      .send({ _csrf: admin.csrf, email: invitedEmail, name: 'Ivy Invited', role: 'hr', unitId: '' })
      .expect(200);
    const [byAdmin] = await events('user.invite', from);
    expect(byAdmin).toMatchObject({
      actor_user_id: admin.user.id,
      ip: CLIENT_IP,
      target_label: invitedEmail,
      changes: { after: { email: invitedEmail, role: 'hr', disabled: false } },
    });

    const [role] = await events('user.role_change', from);
    expect(role).toMatchObject({
      actor_user_id: admin.user.id,
      ip: CLIENT_IP,
      target_type: 'user',
      target_id: person.id,
      target_label: person.email,
    });
    expect(role.changes).toEqual({ before: { role: 'hr' }, after: { role: 'executive' } });
    const [disabled] = await events('user.disable', from);
    expect(disabled.changes).toEqual({ before: { disabled: false }, after: { disabled: true } });
    expect((await events('user.enable', from))[0].changes.after).toEqual({ disabled: false });

    const self = await signedInAgent(t, 'executive');
    const newPassword = `a brand new passphrase ${randomUUID()}`;
    await self.agent
      .post('/account/password')
      .type('form')
      .send({
        _csrf: self.csrf,
        current: self.user.password,
        next: newPassword,
        confirm: newPassword,
      })
      .expect(303);
    const [changed] = await events('user.password_change', from);
    expect(changed).toMatchObject({ actor_user_id: self.user.id, target_id: self.user.id });
    const all = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_events`));
    expect(all).not.toContain(newPassword);
    expect(all).not.toContain(self.user.password);
    expect(all).not.toMatch(/\$argon2/);
  });

  it('records settings changed through the API with the key that changed them', async () => {
    await t
      .http()
      .put('/api/v1/settings')
      .set(auth())
      .send({ companyName: 'Acme Audit' })
      .expect(200);
    await t
      .http()
      .put('/api/v1/settings')
      .set(auth())
      .send({ companyName: 'Acme Audit' })
      .expect(200);
    const rows = await events('settings.update');
    const [changed, same] = rows.filter((e) => e.actor_kind === 'api_key');
    expect(changed).toMatchObject({
      actor_user_id: admin.user.id,
      actor_api_key_id: apiKeyId,
      user_agent: AGENT,
      target_type: 'settings',
    });
    expect(changed.changes).toEqual({
      before: { companyName: null },
      after: { companyName: 'Acme Audit' },
    });
    // Saving the same values again is recorded, with no field changed.
    expect(same.changes).toEqual({ before: {}, after: {} });
  });

  it('records directory imports of employees, history and customers', async () => {
    const from = await lastId();
    const upload = (kind: string, csv: string) =>
      t
        .http()
        .post(`/api/v1/imports/${kind}`)
        .set(auth())
        .attach('file', Buffer.from(csv), `${kind}.csv`)
        .expect(200);
    await upload('units', 'external_id,name,parent_external_id\nAU-1,Audit unit,\n');
    await upload(
      'employees',
      'external_id,email,name,unit_external_id,hire_date,exit_date,exit_type,customer_facing\nAE1,ae1@example.test,Ana Audit,AU-1,2021-03-01,,,true\n',
    );
    await upload(
      'history',
      'employee_id,effective_date,event,unit,exit_type,name,email\nAE2,2022-01-10,hire,AU-1,,Bo Audit,ae2@example.test\n',
    );
    await upload('accounts', 'external_id,name,unit_external_id\nAC1,Audit Customer,AU-1\n');
    await upload('contacts', 'email,name,account_external_id\nac1@example.test,Cy Contact,AC1\n');
    // A dry run writes nothing, so records nothing.
    await t
      .http()
      .post('/api/v1/imports/units?dryRun=true')
      .set(auth())
      .attach('file', Buffer.from('external_id,name,parent_external_id\nAU-2,Dry,\n'), 'u.csv')
      .expect(200);
    const rows = await events('directory.import', from);
    expect(rows.map((r) => r.target_id)).toEqual([
      'units',
      'employees',
      'history',
      'accounts',
      'contacts',
    ]);
    expect(rows.every((r) => r.actor_api_key_id === apiKeyId)).toBe(true);
    expect(rows[1].details).toMatchObject({ kind: 'employees', rows: 1, created: 1 });
    // Who was imported is in the directory, not in the log.
    expect(JSON.stringify(rows)).not.toContain('ae1@example.test');
  });

  it('records single directory edits: units and accounts by value, people without their own data', async () => {
    const from = await lastId();
    const api = t.http();
    const unit = await api
      .post('/api/v1/units')
      .set(auth())
      .send({ name: 'Edit unit', externalId: 'EU-1' })
      .expect(201);
    await api
      .patch(`/api/v1/units/${unit.body.id}`)
      .set(auth())
      .send({ name: 'Edited unit' })
      .expect(200);
    const employee = await api
      .post('/api/v1/employees')
      .set(auth())
      .send({
        email: 'dana.private@example.test',
        name: 'Dana Private',
        unitId: unit.body.id,
        hireDate: '2023-05-02',
      })
      .expect(201);
    await api
      .patch(`/api/v1/employees/${employee.body.id}`)
      .set(auth())
      .send({ email: 'dana.new@example.test', customerFacing: true })
      .expect(200);
    await api.delete(`/api/v1/employees/${employee.body.id}`).set(auth()).expect(204);
    await api.post(`/api/v1/employees/${employee.body.id}/reactivate`).set(auth()).expect(200);
    const account = await api
      .post('/api/v1/accounts')
      .set(auth())
      .send({ name: 'Edit Customer Ltd', unitId: unit.body.id, externalId: 'EC-1' })
      .expect(201);
    const contact = await api
      .post('/api/v1/contacts')
      .set(auth())
      .send({
        email: 'erin.private@example.test',
        name: 'Erin Private',
        accountId: account.body.id,
      })
      .expect(201);
    await api
      .patch(`/api/v1/contacts/${contact.body.id}`)
      .set(auth())
      .send({ name: 'Erin Renamed', language: 'de' })
      .expect(200);

    const rows: EventRow[] = await t.dataSource.query(
      `SELECT * FROM audit_events WHERE id > $1 AND action LIKE 'directory.%' ORDER BY id`,
      [from],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'directory.unit_create',
      'directory.unit_update',
      'directory.employee_create',
      'directory.employee_update',
      'directory.employee_deactivate',
      'directory.employee_reactivate',
      'directory.account_create',
      'directory.contact_create',
      'directory.contact_update',
    ]);
    expect(rows.every((r) => r.actor_api_key_id === apiKeyId)).toBe(true);
    const [, unitEdit, hired, edited] = rows;
    expect(unitEdit).toMatchObject({ target_type: 'unit', target_label: 'Edited unit' });
    expect(unitEdit.changes).toEqual({
      before: { name: 'Edit unit' },
      after: { name: 'Edited unit' },
    });
    expect(hired).toMatchObject({
      target_type: 'employee',
      target_id: employee.body.id,
      target_label: null,
    });
    expect(hired.changes.after).toMatchObject({
      name: '[personal data]',
      email: '[personal data]',
      unitId: unit.body.id,
      hireDate: '2023-05-02',
    });
    // The email changed and is recorded as changed, without either address.
    expect(edited.changes).toEqual({
      before: { email: '[personal data]', customerFacing: false },
      after: { email: '[personal data]', customerFacing: true },
    });
    expect(rows[6]).toMatchObject({
      target_type: 'customer_account',
      target_label: 'Edit Customer Ltd',
    });
    expect(rows[8].changes).toEqual({
      before: { name: '[personal data]', language: null },
      after: { name: '[personal data]', language: 'de' },
    });
    const logged = JSON.stringify(rows);
    for (const personal of [
      'Dana Private',
      'dana.private',
      'dana.new',
      'Erin Private',
      'Erin Renamed',
      'erin.private',
    ])
      expect(logged).not.toContain(personal);
  });

  it('records response imports without their answers', async () => {
    const from = await lastId();
    const comment = `a very particular comment ${randomUUID()}`;
    const responses = Array.from({ length: 3 }, (_, i) => ({
      cycleLabel: 'AUDIT-2024-Q1',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
      respondentType: 'employee',
      unitExternalId: 'AU-1',
      answers: { enps: 9 - i, eng_proud: 4, comment },
    }));
    const res = await t.http().post('/api/v1/imports/responses').set(auth()).send({ responses });
    expect(res.status).toBe(200);
    const [row] = await events('responses.import', from);
    expect(row).toMatchObject({ actor_api_key_id: apiKeyId, target_type: 'response_import' });
    expect(row.details).toMatchObject({
      format: 'json',
      employeeResponses: 3,
      customerResponses: 0,
    });
    expect(JSON.stringify(row)).not.toContain(comment);
  });

  it('records surveys: created, edited, questions, copied, and locked by a launch', async () => {
    const from = await lastId();
    const created = await t
      .http()
      .post('/api/v1/surveys')
      .set(auth())
      .send({ name: 'Audit pulse', audience: 'employee' })
      .expect(201);
    const surveyId = created.body.id as string;
    const question = await t
      .http()
      .post(`/api/v1/surveys/${surveyId}/questions`)
      .set(auth())
      .send({
        kind: 'likert5',
        text: 'I can see how my work matters.',
        dimension: 'engagement',
        required: true,
      })
      .expect(201);
    await t
      .http()
      .put(`/api/v1/surveys/${surveyId}/questions/${question.body.questions[0].id}`)
      .set(auth())
      .send({
        kind: 'likert5',
        text: 'I see how my work matters.',
        dimension: 'engagement',
        required: true,
      })
      .expect(200);
    await admin.agent
      .post(`/admin/surveys/${surveyId}`)
      .type('form')
      .send({ _csrf: admin.csrf, name: 'Audit pulse (renamed)', description: '' })
      .expect(303);
    await t.http().post(`/api/v1/surveys/${surveyId}/copy`).set(auth()).expect(201);

    expect((await events('survey.create', from))[0]).toMatchObject({
      target_id: surveyId,
      target_label: 'Audit pulse',
      changes: { after: { name: 'Audit pulse', audience: 'employee', description: '' } },
    });
    const [added] = await events('survey.question_add', from);
    expect(added.changes.after).toMatchObject({ text: 'I can see how my work matters.' });
    const [edited] = await events('survey.question_update', from);
    expect(edited.changes).toEqual({
      before: { text: 'I can see how my work matters.' },
      after: { text: 'I see how my work matters.' },
    });
    const [renamed] = await events('survey.update', from);
    expect(renamed.changes).toEqual({
      before: { name: 'Audit pulse' },
      after: { name: 'Audit pulse (renamed)' },
    });
    const exported = (
      await admin.agent.get(`/admin/surveys/${surveyId}/translations/de/csv`).expect(200)
    ).text.replace(/^\uFEFF/, '');
    const [header, firstString] = exported.trim().split(/\r?\n/);
    const translated = `${header}\n${firstString}"Ich sehe, wie meine Arbeit zählt."\n`;
    const imported = await admin.agent
      .post(`/admin/surveys/${surveyId}/translations/de?_csrf=${encodeURIComponent(admin.csrf)}`)
      .attach('file', Buffer.from(translated), 'de.csv');
    expect(imported.status).toBe(200);
    const [translation] = await events('survey.translations_import', from);
    expect(translation.details).toEqual({ language: 'de', saved: 1 });
    expect(Object.values(translation.changes.after!)).toEqual([
      'Ich sehe, wie meine Arbeit zählt.',
    ]);
    expect((await events('survey.copy', from))[0].details).toEqual({
      copiedFrom: { id: surveyId, name: 'Audit pulse (renamed)' },
    });
  });

  it('records webhook endpoints registered, disabled and deleted, never their secret', async () => {
    const from = await lastId();
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(auth())
      .send({ url: 'https://127.0.0.1:9/hooks/tandem', events: ['cycle.closed'] })
      .expect(201);
    const id = created.body.id as string;
    const secret = created.body.secret as string;
    expect(secret.length).toBeGreaterThan(10);
    await t.http().patch(`/api/v1/webhooks/${id}`).set(auth()).send({ enabled: false }).expect(200);
    await t.http().delete(`/api/v1/webhooks/${id}`).set(auth()).expect(204);
    const [made] = await events('webhook.create', from);
    expect(made).toMatchObject({
      actor_api_key_id: apiKeyId,
      target_type: 'webhook',
      target_id: id,
      changes: { after: { url: 'https://127.0.0.1:9/hooks/tandem', events: ['cycle.closed'] } },
    });
    expect((await events('webhook.disable', from))[0].changes).toEqual({
      before: { enabled: true },
      after: { enabled: false },
    });
    expect((await events('webhook.delete', from))[0].changes.before).toMatchObject({
      url: 'https://127.0.0.1:9/hooks/tandem',
    });
    const all = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_events`));
    expect(all).not.toContain(secret);
  });

  describe('cycles and downloads', () => {
    let cycleId: string;
    let label: string;
    let from: string;

    beforeAll(async () => {
      from = await lastId();
      const org = await seedOrg(t.dataSource);
      const input = cycleInput([org.rootId]);
      label = input.periodLabel;
      const created = await t.http().post('/api/v1/cycles').set(auth()).send(input).expect(201);
      cycleId = created.body.id as string;
      await t
        .http()
        .patch(`/api/v1/cycles/${cycleId}`)
        .set(auth())
        .send({ pilot: true })
        .expect(200);
      await t.http().post(`/api/v1/cycles/${cycleId}/launch`).set(auth()).expect(202);
    });

    it('records launch, reminder, extension and close, each with its fields', async () => {
      const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
      await t.http().post(`/api/v1/cycles/${cycleId}/remind`).set(auth()).expect(202);
      await t
        .http()
        .post(`/api/v1/cycles/${cycleId}/extend`)
        .set(auth())
        .send({ closesAt })
        .expect(200);
      await t.http().post(`/api/v1/cycles/${cycleId}/close`).set(auth()).expect(200);

      const [created] = await events('cycle.create', from);
      expect(created).toMatchObject({
        actor_api_key_id: apiKeyId,
        target_id: cycleId,
        target_label: label,
      });
      expect(created.changes.after).toMatchObject({
        periodLabel: label,
        pilot: false,
        recurrence: 'none',
      });
      expect((await events('cycle.update', from))[0].changes).toEqual({
        before: { pilot: false },
        after: { pilot: true },
      });
      const [launch] = await events('cycle.launch', from);
      expect(launch).toMatchObject({
        actor_api_key_id: apiKeyId,
        target_type: 'cycle',
        target_id: cycleId,
        target_label: label,
        changes: { before: { status: 'draft' }, after: { status: 'scheduled' } },
      });
      const locks = await events('survey.lock', from);
      expect(locks.map((l) => l.details.lockedBy)).toEqual([
        { cycleId, cycleLabel: label },
        { cycleId, cycleLabel: label },
      ]);
      const [remind] = await events('cycle.remind', from);
      expect(remind.details).toMatchObject({ queued: expect.any(Number) });
      const [extend] = await events('cycle.extend', from);
      expect(extend.changes.after).toEqual({ closesAt });
      expect(extend.changes.before!.closesAt).not.toBe(closesAt);
      const [close] = await events('cycle.close', from);
      expect(close).toMatchObject({
        actor_api_key_id: apiKeyId,
        changes: { after: { status: 'closed' } },
      });
    });

    it('records downloads of personal data and report tables, but not failed ones', async () => {
      const start = await lastId();
      await admin.agent
        .get('/admin/employees/export.csv?status=all')
        .set('X-Forwarded-For', CLIENT_IP)
        .expect(200);
      await t.http().get('/api/v1/contacts/export.csv').set(auth()).expect(200);
      await admin.agent.get('/follow-ups/export.csv').expect(200);
      await admin.agent.get(`/reports/cycles/${cycleId}/response-rates.csv`).expect(200);
      await admin.agent.get(`/reports/cycles/${randomUUID()}/response-rates.csv`).expect(404);
      const rows = await events('export.download', start);
      expect(rows.map((r) => [r.target_id, r.actor_kind])).toEqual([
        ['/admin/employees/export.csv', 'user'],
        ['/api/v1/contacts/export.csv', 'api_key'],
        ['/follow-ups/export.csv', 'user'],
        [`/reports/cycles/${cycleId}/response-rates.csv`, 'user'],
      ]);
      expect(rows[0]).toMatchObject({
        ip: CLIENT_IP,
        target_label: 'employees.csv',
        details: { query: { status: 'all' } },
      });
    });
    it('has a download on record before the file arrives, even where the handler sends it', async () => {
      const start = await lastId();
      // A slow audit write: a record made after the file was sent would not be there yet.
      const audit = t.app.get(AuditService);
      const record = audit.record.bind(audit);
      const slow = jest.spyOn(audit, 'record').mockImplementation(async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return record(...args);
      });
      try {
        await admin.agent.get('/admin/employees/export.csv?status=all').expect(200);
        await admin.agent.get(`/reports/cycles/${cycleId}/response-rates.csv`).expect(200);
        const rows = await events('export.download', start);
        expect(rows.map((r) => r.target_id)).toEqual([
          '/admin/employees/export.csv',
          `/reports/cycles/${cycleId}/response-rates.csv`,
        ]);
      } finally {
        slow.mockRestore();
      }
    });
  });

  describe('reading the log', () => {
    it('filters by action or area, actor, target and days, and pages (API)', async () => {
      const get = (query: string) => t.http().get(`/api/v1/audit?${query}`).set(auth()).expect(200);
      const cycles = await get('action=cycle');
      expect(cycles.body.items.length).toBeGreaterThanOrEqual(4);
      expect(
        cycles.body.items.every((e: { action: string }) => e.action.startsWith('cycle.')),
      ).toBe(true);
      const closes = await get('action=cycle.close');
      expect(closes.body.total).toBe(1);
      const close = closes.body.items[0];
      expect(close.actor).toMatchObject({ kind: 'api_key', apiKeyId, email: admin.user.email });
      const byTarget = await get(`targetType=cycle&targetId=${close.target.id}`);
      expect(byTarget.body.items.map((e: { action: string }) => e.action)).toEqual([
        'cycle.close',
        'cycle.extend',
        'cycle.remind',
        'cycle.launch',
        'cycle.update',
        'cycle.create',
      ]);
      const mine = await get(`actor=${encodeURIComponent(admin.user.email)}&pageSize=200`);
      const all = await get('pageSize=200');
      expect(mine.body.total).toBeGreaterThan(0);
      expect(mine.body.total).toBeLessThan(all.body.total);
      expect(
        mine.body.items.every(
          (e: { actor: { email: string } }) => e.actor.email === admin.user.email,
        ),
      ).toBe(true);
      const byKey = await get(`actor=${apiKeyId}&pageSize=200`);
      expect(
        byKey.body.items.every(
          (e: { actor: { apiKeyId: string } }) => e.actor.apiKeyId === apiKeyId,
        ),
      ).toBe(true);
      const system = await get('actor=system&pageSize=200');
      expect(
        system.body.items.every((e: { actor: { kind: string } }) => e.actor.kind === 'system'),
      ).toBe(true);

      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      expect((await get(`from=${today}&to=${today}`)).body.total).toBe(all.body.total);
      expect((await get(`from=${tomorrow}`)).body.total).toBe(0);
      expect((await get(`to=2020-01-01`)).body.total).toBe(0);

      const page1 = await get('pageSize=3&page=1');
      const page2 = await get('pageSize=3&page=2');
      expect(page1.body).toMatchObject({ page: 1, pageSize: 3, total: all.body.total });
      expect(page1.body.pages).toBe(Math.ceil(all.body.total / 3));
      const ids = [...page1.body.items, ...page2.body.items].map((e: { id: string }) =>
        Number(e.id),
      );
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(6);

      const bad = await t.http().get('/api/v1/audit?from=2024-02-30&action=DROP TABLE').set(auth());
      expect(bad.status).toBe(400);
    });

    it('shows the page with filters kept, refuses a bad day with its message, and downloads CSV', async () => {
      const page = await admin.agent.get('/admin/audit?action=cycle&actor=').expect(200);
      expect(page.text).toContain('cycle.close');
      expect(page.text).not.toContain('<code>settings.update</code>');
      expect(page.text).toMatch(/<option value="cycle" selected>/);

      const bad = await admin.agent.get('/admin/audit?from=2024-13-01&actor=someone').expect(422);
      expect(bad.text).toContain('must be a date written as YYYY-MM-DD');
      expect(bad.text).toContain('value="someone"');
      expect(bad.text).toContain('value="2024-13-01"');

      // A survey named like a formula is a text cell in the CSV.
      await t
        .http()
        .post('/api/v1/surveys')
        .set(auth())
        .send({ name: '=HYPERLINK("x")', audience: 'customer' })
        .expect(201);
      const csv = await admin.agent.get('/admin/audit/export.csv?action=survey.create').expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe(
        'id,occurred_at,actor_kind,actor_email,actor_user_id,actor_api_key_id,ip,user_agent,action,target_type,target_id,target_label,before,after,details',
      );
      expect(lines.slice(1).every((l) => l.includes(',survey.create,survey,'))).toBe(true);
      expect(lines.length - 1).toBe((await events('survey.create')).length);
      expect(csv.text).toContain(`'=HYPERLINK`);
      // The download of the log is itself recorded.
      const [download] = (await events('export.download')).filter(
        (e) => e.target_label === 'audit-log.csv',
      );
      expect(download.details).toMatchObject({ query: { action: 'survey.create' } });
    });

    it('is for administrators only', async () => {
      for (const role of ['hr', 'executive', 'manager'] as const) {
        const unitId =
          role === 'manager'
            ? (await t.dataSource.query(`SELECT id FROM units LIMIT 1`))[0].id
            : null;
        const other = await signedInAgent(t, role, unitId);
        await other.agent.get('/admin/audit').expect(403);
        await other.agent.get('/admin/audit/export.csv').expect(403);
        await other.agent.get('/api/v1/audit').expect(403);
      }
      const hr = await signedInAgent(t, 'hr');
      const made = await hr.agent
        .post('/account/api-keys')
        .type('form')
        .send({ _csrf: hr.csrf, name: 'hr key' })
        .expect(200);
      const hrKey = /tdm_[A-Za-z0-9_-]+/.exec(made.text)![0];
      await t
        .http()
        .get('/api/v1/audit')
        .set({ Authorization: `Bearer ${hrKey}` })
        .expect(403);
      await t.http().get('/api/v1/audit').expect(401);
      const anonymous = await t.http().get('/admin/audit');
      expect([302, 303, 401]).toContain(anonymous.status);
      expect(csrfFrom((await admin.agent.get('/admin/audit').expect(200)).text)).toBeTruthy();
    });
  });
});

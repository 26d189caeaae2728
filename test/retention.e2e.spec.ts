import { randomBytes } from 'node:crypto';
import { JobQueue } from '../src/jobs/job-queue.service';
import { RETENTION_CRON, RETENTION_QUEUE } from '../src/privacy/retention-job';
import { monthsBefore } from '../src/privacy/retention.service';
import {
  answersFor,
  insertCycle,
  questionKeys,
  seededRandom,
} from './fixtures/analytics-import/seed';
import { person } from './follow-through.fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Bearer = { Authorization: string };

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

/**
 * The retention policy: off by default, set on its page or through the API (recorded in the
 * audit log), a dry run that lists what would go and changes nothing, applying it after the
 * confirmation, and the daily job that applies it on its own.
 */
describe('Retention policy', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof person>>;
  let api: Bearer;
  const tag = randomBytes(4).toString('hex');
  let unitId = '';
  let accountId = '';
  let cycleId = '';
  let textKey = '';
  const ids = {
    staleContact: '',
    recentlyInvited: '',
    freshContact: '',
    oldComment: '',
    newComment: '',
    longGone: '',
    justLeft: '',
    working: '',
  };

  const contactsLeft = async () =>
    (await t.dataSource.query(`SELECT id FROM contacts ORDER BY id`)).map(
      (r: { id: string }) => r.id,
    );
  const employeeNames = async () =>
    Object.fromEntries(
      (await t.dataSource.query(`SELECT id, name FROM employees`)).map(
        (r: { id: string; name: string }) => [r.id, r.name],
      ),
    );
  const commentOf = async (responseId: string) => {
    const [row] = await t.dataSource.query(
      `SELECT answers->>$2 AS comment FROM customer_responses WHERE id = $1`,
      [responseId, textKey],
    );
    return row.comment as string;
  };

  async function addContact(name: string, createdDaysAgo: number): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/contacts')
      .set(api)
      .send({
        name: `${name} ${tag}`,
        email: `${name.toLowerCase()}.${tag}@customer.test`,
        accountId,
      })
      .expect(201);
    await t.dataSource.query(`UPDATE contacts SET created_at = $2 WHERE id = $1`, [
      res.body.id,
      ago(createdDaysAgo),
    ]);
    return res.body.id;
  }

  async function addEmployee(name: string, exitDaysAgo: number | null): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/employees')
      .set(api)
      .send({
        name: `${name} ${tag}`,
        email: `${name.toLowerCase()}.${tag}@northwind.test`,
        unitId,
        hireDate: '2018-01-01',
        ...(exitDaysAgo === null
          ? {}
          : { exitDate: ago(exitDaysAgo).toISOString().slice(0, 10), exitType: 'voluntary' }),
      })
      .expect(201);
    return res.body.id;
  }

  async function addResponse(contactId: string | null, daysAgo: number, comment: string) {
    const answers = answersFor(
      await questionKeys(t.dataSource, 'customer'),
      0,
      seededRandom(3),
      comment,
    );
    const [row] = await t.dataSource.query(
      `INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, submitted_at, answers)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [cycleId, unitId, accountId, contactId, ago(daysAgo), JSON.stringify(answers)],
    );
    return row.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'true' });
    admin = await person(t, 'admin');
    api = admin.bearer;
    const unit = await t
      .http()
      .post('/api/v1/units')
      .set(api)
      .send({ name: `Harbour ${tag}`, externalId: `U-${tag}` })
      .expect(201);
    unitId = unit.body.id;
    const account = await t
      .http()
      .post('/api/v1/accounts')
      .set(api)
      .send({ name: `Pier Stores ${tag}`, unitId, externalId: `A-${tag}` })
      .expect(201);
    accountId = account.body.id;
    cycleId = await insertCycle(t.dataSource, `R-${tag}`, '2024-01-01', '2024-03-31');
    const questions = await questionKeys(t.dataSource, 'customer');
    textKey = questions.find((q) => q.kind === 'text')!.key;

    // Added three years ago, last invited thirty months ago: stale after 24 months.
    ids.staleContact = await addContact('Stale', 3 * 365);
    await t.dataSource.query(
      `INSERT INTO invitations (cycle_id, audience, contact_id, account_id, unit_id, email, delivery_state, sent_at, created_at)
       VALUES ($1, 'customer', $2, $3, $4, 'stale.${tag}@customer.test', 'sent', $5, $5)`,
      [cycleId, ids.staleContact, accountId, unitId, ago(30 * 30)],
    );
    // Added three years ago, invited a month ago: kept.
    ids.recentlyInvited = await addContact('Invited', 3 * 365);
    await t.dataSource.query(
      `INSERT INTO invitations (cycle_id, audience, contact_id, account_id, unit_id, email, delivery_state, sent_at, created_at)
       VALUES ($1, 'customer', $2, $3, $4, 'invited.${tag}@customer.test', 'sent', $5, $5)`,
      [cycleId, ids.recentlyInvited, accountId, unitId, ago(30)],
    );
    ids.freshContact = await addContact('Fresh', 10);
    // A comment given two years ago and one given last month.
    ids.oldComment = await addResponse(ids.recentlyInvited, 2 * 365, `Old remark ${tag}`);
    ids.newComment = await addResponse(ids.freshContact, 30, `New remark ${tag}`);
    // Left two years ago, left last month, still working.
    ids.longGone = await addEmployee('Gone', 2 * 365);
    ids.justLeft = await addEmployee('Left', 30);
    ids.working = await addEmployee('Working', null);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is off by default: the preview lists nothing and applying changes nothing', async () => {
    const policy = await t.http().get('/api/v1/retention').set(api).expect(200);
    expect(policy.body).toMatchObject({
      customerCommentMonths: null,
      contactMonths: null,
      departedEmployeeMonths: null,
      lastRunAt: null,
    });
    const preview = await t.http().get('/api/v1/retention/preview').set(api).expect(200);
    expect(preview.body.total).toBe(0);
    const page = await admin.agent.get('/admin/settings/retention/preview').expect(200);
    expect(page.text).toContain('The policy is off');
    const apply = await t.http().post('/api/v1/retention/apply').set(api).expect(409);
    expect(apply.body.message).toMatch(/policy is off/);
    expect(await contactsLeft()).toHaveLength(3);
  });

  it('refuses bad periods with a clear message and keeps what was typed', async () => {
    const bad = await t
      .http()
      .put('/api/v1/retention')
      .set(api)
      .send({ customerCommentMonths: 0, contactMonths: null, departedEmployeeMonths: null })
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/customerCommentMonths/);
    const page = await admin.agent
      .post('/admin/settings/retention')
      .type('form')
      .send({ _csrf: admin.csrf, customerCommentMonths: 'twelve', contactMonths: '24' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('Enter a whole number of months from 1 to 600');
    expect(page.text).toContain('value="twelve"');
    expect(page.text).toContain('value="24"');
    const policy = await t.http().get('/api/v1/retention').set(api).expect(200);
    expect(policy.body.contactMonths).toBeNull();
  });

  it('saves the policy on its page and records the change in the audit log', async () => {
    const saved = await admin.agent
      .post('/admin/settings/retention')
      .type('form')
      .send({
        _csrf: admin.csrf,
        customerCommentMonths: '12',
        contactMonths: '24',
        departedEmployeeMonths: '18',
      })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/settings/retention');
    const page = await admin.agent.get('/admin/settings/retention').expect(200);
    expect(page.text).toContain('Retention policy saved.');
    expect(page.text).toContain('value="18"');
    const [row] = await t.dataSource.query(
      `SELECT actor_email, changes FROM audit_events WHERE action = 'privacy.retention_update'`,
    );
    expect(row.actor_email).toBe(admin.user.email);
    expect(row.changes).toEqual({
      before: { customerFeedbackMonths: null, contactMonths: null, departedEmployeeMonths: null },
      after: { customerFeedbackMonths: 12, contactMonths: 24, departedEmployeeMonths: 18 },
    });
  });

  it('previews exactly the out-of-date records and changes nothing (dry run)', async () => {
    const preview = await t.http().get('/api/v1/retention/preview').set(api).expect(200);
    const idsOf = (group: { items: { id: string }[] }) => group.items.map((i) => i.id);
    expect(idsOf(preview.body.customerComments)).toEqual([ids.oldComment]);
    expect(idsOf(preview.body.contacts)).toEqual([ids.staleContact]);
    expect(idsOf(preview.body.employees)).toEqual([ids.longGone]);
    expect(preview.body.total).toBe(3);
    expect(new Date(preview.body.contacts.cutoff).getTime()).toBe(
      monthsBefore(new Date(preview.body.at), 24).getTime(),
    );

    const page = await admin.agent.get('/admin/settings/retention/preview').expect(200);
    expect(page.text).toContain(`Stale ${tag} &lt;stale.${tag}@customer.test&gt;`);
    expect(page.text).toContain(`Gone ${tag}`);
    expect(page.text).toContain('In all, <strong>3</strong> to remove.');

    expect(await contactsLeft()).toHaveLength(3);
    expect(await commentOf(ids.oldComment)).toBe(`Old remark ${tag}`);
    expect((await employeeNames())[ids.longGone]).toBe(`Gone ${tag}`);
  });

  it('applies the policy after the confirmation, and records each erasure and the run', async () => {
    const applied = await admin.agent
      .post('/admin/settings/retention/apply')
      .type('form')
      .send({ _csrf: admin.csrf })
      .expect(303);
    expect(applied.headers.location).toBe('/admin/settings/retention');
    const page = await admin.agent.get('/admin/settings/retention').expect(200);
    expect(page.text).toContain(
      'Retention applied. Erased: 1 customer comments, 1 contacts, 1 departed employees.',
    );

    expect(await contactsLeft()).toEqual([ids.recentlyInvited, ids.freshContact].sort());
    expect(await commentOf(ids.oldComment)).toBe('[erased]');
    expect(await commentOf(ids.newComment)).toBe(`New remark ${tag}`);
    const names = await employeeNames();
    expect(names[ids.longGone]).toBe('Erased employee');
    expect(names[ids.justLeft]).toBe(`Left ${tag}`);
    expect(names[ids.working]).toBe(`Working ${tag}`);

    const audit: Array<{
      action: string;
      target_id: string | null;
      actor_kind: string;
      details: Record<string, unknown>;
    }> = await t.dataSource.query(
      `SELECT action, target_id, actor_kind, details FROM audit_events
          WHERE action IN ('privacy.erase', 'privacy.retention_apply') ORDER BY id`,
    );
    expect(audit.map((a) => [a.action, a.target_id, a.actor_kind])).toEqual([
      ['privacy.erase', ids.staleContact, 'user'],
      ['privacy.erase', ids.longGone, 'user'],
      ['privacy.retention_apply', null, 'user'],
    ]);
    expect(audit[0].details).toMatchObject({ reason: 'retention' });
    expect(audit[2].details).toMatchObject({ textsErased: 1, contacts: 1, employees: 1 });
    const all = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_events`));
    expect(all).not.toContain(`stale.${tag}`);
    expect(all).not.toContain(`Gone ${tag}`);

    const again = await t.http().get('/api/v1/retention/preview').set(api).expect(200);
    expect(again.body.total).toBe(0);
  });

  it('documents the privacy endpoints in OpenAPI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { summary?: string }>>;
    for (const [path, method] of [
      ['/api/v1/contacts/{id}/erase', 'post'],
      ['/api/v1/contacts/{id}/export', 'get'],
      ['/api/v1/employees/{id}/erase', 'post'],
      ['/api/v1/employees/{id}/export', 'get'],
      ['/api/v1/retention', 'get'],
      ['/api/v1/retention', 'put'],
      ['/api/v1/retention/preview', 'get'],
      ['/api/v1/retention/apply', 'post'],
    ])
      expect({ path, method, summary: paths[path]?.[method]?.summary }).toEqual({
        path,
        method,
        summary: expect.any(String),
      });
    expect(doc.body.components.schemas.RetentionPolicyDto.properties).toHaveProperty(
      'departedEmployeeMonths',
    );
  });

  it('runs every day from the job queue, as Tandem itself', async () => {
    const [schedule] = await t.dataSource.query(
      `SELECT cron, timezone FROM pgboss.schedule WHERE name = $1`,
      [RETENTION_QUEUE],
    );
    expect(schedule).toEqual({ cron: RETENTION_CRON, timezone: 'UTC' });

    // Another person left long ago; the next daily run erases them.
    const gone = await addEmployee('Departed', 3 * 365);
    await t.app.get(JobQueue).send(RETENTION_QUEUE, { data: {}, key: `test-${tag}` });
    const deadline = Date.now() + 60_000;
    while ((await employeeNames())[gone] !== 'Erased employee') {
      if (Date.now() > deadline) throw new Error('the retention job did not run within a minute');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const [run] = await t.dataSource.query(
      `SELECT actor_kind, details FROM audit_events WHERE action = 'privacy.retention_apply'
        ORDER BY id DESC LIMIT 1`,
    );
    expect(run).toMatchObject({ actor_kind: 'system', details: { employees: 1, contacts: 0 } });
    const policy = await t.http().get('/api/v1/retention').set(api).expect(200);
    expect(policy.body.lastRun).toEqual({ customerComments: 0, contacts: 0, employees: 1 });
  });
});

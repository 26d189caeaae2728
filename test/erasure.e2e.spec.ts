import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailTransport } from '../src/delivery/mail-transport.service';
import { FollowUpOpener } from '../src/follow-through/follow-up-opener.service';
import { ReportCache } from '../src/reports/report-cache';
import { answersFor, questionKeys, seededRandom } from './fixtures/analytics-import/seed';
import { person } from './follow-through.fixtures';
import { ReportWorld, seedReportWorld } from './reports.fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Bearer = { Authorization: string };

/**
 * Erasure on request (GDPR Art. 17) in the report specs' company: a contact who answered the
 * latest closed cycle (with a comment, a follow-up and its trail, an invitation, an outbox
 * message and an uploaded directory file) and an employee who served the contact's account
 * and left during a reported quarter. After each erasure every report's JSON is byte-identical,
 * served from the cache or rebuilt; afterwards nothing they were is stored anywhere.
 */
describe('Erasure of a contact and an employee', () => {
  let t: TestApp;
  let world: ReportWorld;
  let hr: Bearer;
  let hrUserId: string;
  let reader: Bearer;
  const marker = `zq${randomBytes(6).toString('hex')}`;
  const contact = {
    id: '',
    name: `Zelda Quill ${marker}`,
    email: `zelda.${marker}@customer.test`,
    comment: `Zelda says the invoices are wrong ${marker}`,
  };
  const employee = {
    id: '',
    name: `Otto Brandt ${marker}`,
    email: `otto.${marker}@northwind.test`,
    externalId: `EXT-${marker}`,
  };
  let accountId = '';
  let responseId = '';
  let followUpId = '';
  /** Another person's line in the same uploaded file, which must stay. */
  const bystander = `bystander.${marker.slice(2)}@customer.test`;

  /** Every JSON report a reader can fetch for the seeded cycles. */
  const reportPaths = () => {
    const [first, second, latest] = world.cycles;
    const branch = world.branches[3].id;
    return [
      `/api/v1/reports/cycles/${latest.id}`,
      `/api/v1/reports/cycles/${second.id}`,
      `/api/v1/reports/linkage?from=${first.label}&to=${latest.label}`,
      `/api/v1/linkage?from=${first.label}&to=${latest.label}`,
      `/api/v1/cycles/${latest.id}/linkage`,
      `/api/v1/cycles/${second.id}/linkage`,
      `/api/v1/cycles/${latest.id}/unit-results`,
      `/api/v1/reports/units/${branch}?cycle=${latest.id}`,
      `/api/v1/reports/units/${branch}?cycle=${second.id}`,
      `/api/v1/reports/units/${world.root.id}?cycle=${second.id}`,
    ];
  };

  const reports = async (): Promise<string[]> => {
    const bodies: string[] = [];
    for (const path of reportPaths()) {
      const res = await t.http().get(path).set(reader);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      bodies.push(res.text);
    }
    return bodies;
  };

  /** Every row of every table (the job queue's included), as text, that holds the text. */
  const rowsHolding = async (text: string): Promise<string[]> => {
    const tables: Array<{ name: string }> = await t.dataSource.query(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`,
    );
    const found: string[] = [];
    for (const { name } of tables) {
      const rows: unknown[] = await t.dataSource.query(
        `SELECT 1 FROM ${name} x WHERE position(lower($1) IN lower(x::text)) > 0 LIMIT 1`,
        [text],
      );
      if (rows.length > 0) found.push(name);
    }
    return found;
  };

  const outboxMentioning = (text: string): string[] => {
    const dir = t.app.get(MailTransport).outboxDir;
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'utf8').includes(text));
  };

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReportWorld(t.dataSource);
    const hrPerson = await person(t, 'hr');
    hr = hrPerson.bearer;
    hrUserId = hrPerson.user.id;
    reader = (await person(t, 'admin')).bearer;
    const ds = t.dataSource;
    const latest = world.latest;
    const branch = world.branches[3].id;

    // The employee, then the account they look after, then its contact: through the API.
    const created = await t
      .http()
      .post('/api/v1/employees')
      .set(hr)
      .send({
        name: employee.name,
        email: employee.email,
        externalId: employee.externalId,
        unitId: branch,
        hireDate: '2021-03-01',
        customerFacing: true,
      })
      .expect(201);
    employee.id = created.body.id;
    const account = await t
      .http()
      .post('/api/v1/accounts')
      .set(hr)
      .send({
        name: `Quill Household ${marker}`,
        unitId: branch,
        externalId: `ACC-${marker}`,
        relationshipEmployeeEmails: [employee.email],
      })
      .expect(201);
    accountId = account.body.id;
    const madeContact = await t
      .http()
      .post('/api/v1/contacts')
      .set(hr)
      .send({ name: contact.name, email: contact.email, accountId })
      .expect(201);
    contact.id = madeContact.body.id;

    // Both were invited in the latest cycle; the contact answered, as respond stores it.
    const invitation = async (
      who: 'employee' | 'customer',
      id: string,
      email: string,
      name: string,
    ) => {
      const [row]: { id: string }[] = await ds.query(
        `INSERT INTO invitations (cycle_id, audience, employee_id, contact_id, account_id, unit_id,
                                  email, recipient_name, delivery_state, sent_at, responded,
                                  last_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sent', now(), true, $9) RETURNING id`,
        [
          latest,
          who,
          who === 'employee' ? id : null,
          who === 'customer' ? id : null,
          who === 'customer' ? accountId : null,
          branch,
          email,
          name,
          `450 mailbox busy for ${email} (retried)`,
        ],
      );
      await ds.query(
        `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'survey')`,
        [createHash('sha256').update(randomBytes(32)).digest(), row.id],
      );
      return row.id;
    };
    await invitation('employee', employee.id, employee.email, employee.name);
    const contactInvitation = await invitation('customer', contact.id, contact.email, contact.name);
    const customerQuestions = await questionKeys(ds, 'customer');
    const answers = answersFor(customerQuestions, -1, seededRandom(11), contact.comment);
    expect(Object.values(answers)).toContain(contact.comment);
    const [response]: { id: string }[] = await ds.query(
      `INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, invitation_id,
                                       language, answers)
       VALUES ($1, $2, $3, $4, $5, 'en', $6) RETURNING id`,
      [latest, branch, accountId, contact.id, contactInvitation, JSON.stringify(answers)],
    );
    responseId = response.id;

    // Its follow-up, assigned to the employee, with staff naming the customer in the trail.
    await t.app.get(FollowUpOpener).openPending({ cycleId: latest });
    const [followUp]: { id: string }[] = await ds.query(
      `SELECT id FROM follow_ups WHERE response_id = $1`,
      [responseId],
    );
    followUpId = followUp.id;
    await t
      .http()
      .post(`/api/v1/follow-ups/${followUpId}/assign`)
      .set(hr)
      .send({ assigneeId: employee.id, note: `Otto will ring ${contact.name}` })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/follow-ups/${followUpId}/notes`)
      .set(hr)
      .send({ note: `Left a message at ${contact.email}` })
      .expect(200);

    // The employee then left in 2025-Q1: their exit counts in that quarter's turnover.
    await t
      .http()
      .patch(`/api/v1/employees/${employee.id}`)
      .set(hr)
      .send({ exitDate: '2025-02-14', exitType: 'voluntary' })
      .expect(200);

    // A message to each in the outbox, and an uploaded contacts file naming both customers.
    const transport = t.app.get(MailTransport);
    for (const [to, toName] of [
      [contact.email, contact.name],
      [employee.email, employee.name],
      [bystander, 'Bystander'],
    ])
      await transport.send({
        to,
        toName,
        subject: 'Your survey',
        text: `Hello ${toName}`,
        html: `<p>Hello ${toName}</p>`,
        messageId: `<${randomBytes(8).toString('hex')}@tandem.test>`,
      });
    await ds.query(
      `INSERT INTO directory_imports (kind, user_id, file_name, content, content_sha256, summary)
       VALUES ('contacts', $1, 'contacts.csv', $2, 'x', $3)`,
      [
        hrUserId,
        `email,name,account_external_id\n${contact.email},${contact.name},ACC-${marker}\n${bystander},Bystander,ACC-${marker}\n`,
        JSON.stringify({ samples: [`${contact.name} <${contact.email}>`, bystander] }),
      ],
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('exports everything stored about the contact as JSON, and records the export', async () => {
    const res = await t.http().get(`/api/v1/contacts/${contact.id}/export`).set(hr).expect(200);
    const data = res.body;
    expect(data.format).toBe('tandem-personal-data/1');
    expect(data.subject).toEqual({ kind: 'contact', id: contact.id });
    expect(data.contact).toMatchObject({
      name: contact.name,
      email: contact.email,
      account: { id: accountId, externalId: `ACC-${marker}` },
    });
    expect(data.invitations).toHaveLength(1);
    expect(data.invitations[0]).toMatchObject({
      email: contact.email,
      responded: true,
      cycle: { id: world.latest, label: '2025-Q2' },
    });
    expect(data.invitations[0]).not.toHaveProperty('tokenHash');
    expect(data.responses).toHaveLength(1);
    const response = data.responses[0];
    expect(response.id).toBe(responseId);
    expect(response.answers).toContainEqual(
      expect.objectContaining({ answer: contact.comment, question: expect.any(String) }),
    );
    expect(response.followUps).toHaveLength(1);
    const notes = response.followUps[0].events.map((e: { note: string | null }) => e.note);
    expect(notes).toEqual(
      expect.arrayContaining([
        `Otto will ring ${contact.name}`,
        `Left a message at ${contact.email}`,
      ]),
    );
    // Nobody else: not the staff who wrote the notes, not the employee who was assigned.
    expect(res.text).not.toContain(employee.name);
    expect(res.text).not.toContain(employee.email);
    expect(res.text).not.toContain(bystander);
    expect(res.text).not.toMatch(/actorName|assignee/);
    const [audit] = await t.dataSource.query(
      `SELECT target_type, target_id, target_label FROM audit_events
        WHERE action = 'privacy.export' AND target_id = $1`,
      [contact.id],
    );
    expect(audit).toEqual({ target_type: 'contact', target_id: contact.id, target_label: null });
  });

  it("exports the employee's record, history and invitations, and says their answers are anonymous", async () => {
    const res = await t.http().get(`/api/v1/employees/${employee.id}/export`).set(hr).expect(200);
    const data = res.body;
    expect(data.employee).toMatchObject({
      name: employee.name,
      email: employee.email,
      externalId: employee.externalId,
      exitDate: '2025-02-14',
      exitType: 'voluntary',
      accounts: [{ id: accountId, externalId: `ACC-${marker}`, name: `Quill Household ${marker}` }],
    });
    expect(data.history.map((h: { kind: string; date: string }) => `${h.kind} ${h.date}`)).toEqual(
      expect.arrayContaining(['exit 2025-02-14']),
    );
    expect(data.invitations).toHaveLength(1);
    expect(data.invitations[0]).toMatchObject({ audience: 'employee', responded: true });
    expect(data.followUpsAssigned).toBe(1);
    expect(data.notice).toMatch(/anonymous/);
    expect(data).not.toHaveProperty('responses');
    // No customer's data in an employee's export.
    expect(res.text).not.toContain(contact.email);
    expect(res.text).not.toContain(contact.comment);
  });

  it('refuses a manager and an executive', async () => {
    const manager = (await person(t, 'manager', world.branches[3].id)).bearer;
    await t.http().post(`/api/v1/contacts/${contact.id}/erase`).set(manager).expect(403);
    await t.http().get(`/api/v1/employees/${employee.id}/export`).set(manager).expect(403);
    const executive = (await person(t, 'executive')).bearer;
    await t.http().post(`/api/v1/employees/${employee.id}/erase`).set(executive).expect(403);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM contacts WHERE id = $1`,
      [contact.id],
    );
    expect(n).toBe(1);
  });

  it('erases the contact: every report JSON stays byte-identical, cached or rebuilt', async () => {
    const before = await reports();
    expect(before.join('')).toContain('turnover');

    const res = await t.http().post(`/api/v1/contacts/${contact.id}/erase`).set(hr).expect(200);
    expect(res.body).toEqual({
      subject: 'contact',
      id: contact.id,
      reason: 'request',
      invitations: 1,
      links: 1,
      responses: 1,
      comments: 1,
      followUps: 1,
      outboxMessages: 1,
    });

    expect(await reports()).toEqual(before);
    t.app.get(ReportCache).clear();
    expect(await reports()).toEqual(before);

    // The scores stay with the cycle, unit and account; the person and their words are gone.
    const [stored] = await t.dataSource.query(
      `SELECT contact_id, invitation_id, account_id, answers FROM customer_responses WHERE id = $1`,
      [responseId],
    );
    expect(stored.contact_id).toBeNull();
    expect(stored.invitation_id).toBeNull();
    expect(stored.account_id).toBe(accountId);
    expect(Object.values(stored.answers)).toContain('[erased]');
    expect(
      Object.values(stored.answers).filter((v) => typeof v === 'number').length,
    ).toBeGreaterThan(3);
    const [followUp] = await t.dataSource.query(
      `SELECT contact_id, comment, reasons FROM follow_ups WHERE id = $1`,
      [followUpId],
    );
    expect(followUp).toMatchObject({ contact_id: null, comment: '[erased]' });
    expect(followUp.reasons).toContain('comment');
  });

  it('erases the employee: every report JSON stays byte-identical, turnover included', async () => {
    const before = await reports();

    const res = await t.http().post(`/api/v1/employees/${employee.id}/erase`).set(hr).expect(200);
    expect(res.body).toMatchObject({
      subject: 'employee',
      id: employee.id,
      invitations: 1,
      links: 1,
      outboxMessages: 1,
    });

    expect(await reports()).toEqual(before);
    t.app.get(ReportCache).clear();
    expect(await reports()).toEqual(before);

    // An anonymous record with its dated history stays.
    const [row] = await t.dataSource.query(
      `SELECT name, email, external_id, exit_date::text AS exit_date, exit_type, erased_at
         FROM employees WHERE id = $1`,
      [employee.id],
    );
    expect(row).toMatchObject({
      name: 'Erased employee',
      email: null,
      external_id: null,
      exit_date: '2025-02-14',
      exit_type: 'voluntary',
    });
    expect(row.erased_at).not.toBeNull();
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM unit_assignments WHERE employee_id = $1`,
      [employee.id],
    );
    expect(n).toBeGreaterThan(0);
  });

  it('leaves their names, addresses, id and comment nowhere in the database or the outbox', async () => {
    for (const text of [
      contact.name,
      contact.email,
      contact.comment,
      employee.name,
      employee.email,
      employee.externalId,
    ]) {
      expect({ text, tables: await rowsHolding(text) }).toEqual({ text, tables: [] });
      expect({ text, outbox: outboxMentioning(text) }).toEqual({ text, outbox: [] });
    }
    // Other people's data in the same places stays.
    expect(outboxMentioning(bystander)).toHaveLength(2);
    const [upload] = await t.dataSource.query(
      `SELECT content FROM directory_imports WHERE file_name = 'contacts.csv'`,
    );
    expect(upload.content).toBe(
      `email,name,account_external_id\n${bystander},Bystander,ACC-${marker}\n`,
    );
  });

  it('records each erasure in the audit log with counts, never the erased data', async () => {
    const rows: Array<{ action: string; target_type: string; details: Record<string, unknown> }> =
      await t.dataSource.query(
        `SELECT action, target_type, target_id, details FROM audit_events
          WHERE action = 'privacy.erase' ORDER BY id`,
      );
    expect(rows.map((r) => [r.action, r.target_type])).toEqual([
      ['privacy.erase', 'contact'],
      ['privacy.erase', 'employee'],
    ]);
    expect(rows[0].details).toMatchObject({ reason: 'request', responses: 1, textsErased: 1 });
    const trail = await t.http().get('/api/v1/audit?action=privacy').set(reader).expect(200);
    expect(trail.body.items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['privacy.erase', 'privacy.export']),
    );
  });

  it('says so when the person is gone or already erased', async () => {
    await t.http().post(`/api/v1/contacts/${contact.id}/erase`).set(hr).expect(404);
    const again = await t.http().post(`/api/v1/employees/${employee.id}/erase`).set(hr).expect(410);
    expect(again.body.message).toMatch(/already been erased/);
  });

  it("changes the reports when, instead, the employee's record is deleted outright (control)", async () => {
    const before = await reports();
    await t.dataSource.query(`DELETE FROM employees WHERE id = $1`, [employee.id]);
    t.app.get(ReportCache).clear();
    const after = await reports();
    const changed = reportPaths().filter((_, i) => after[i] !== before[i]);
    expect(changed).toEqual(
      expect.arrayContaining([
        `/api/v1/reports/cycles/${world.cycles[1].id}`,
        `/api/v1/reports/linkage?from=${world.cycles[0].label}&to=${world.cycles[2].label}`,
      ]),
    );
  });
});

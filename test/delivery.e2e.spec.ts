import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { jobId } from '../src/jobs/job-queue.service';
import { hashToken } from '../src/delivery/tokens';
import {
  cycleInput,
  ReceivedMail,
  seedOrg,
  SmtpSink,
  startSmtpSink,
} from './support/delivery-fixtures';
import { jobsSettled } from './support/jobs';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

describe('Paired cycle delivery end to end', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  let csrf: string;
  let cycleId: string;
  let org: Awaited<ReturnType<typeof seedOrg>>;
  let firstWave: ReceivedMail[];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      SMTP_URL: sink.url,
      COMPANY_NAME: 'Acme Bank',
    });
    ({ agent, csrf } = await signedInAgent(t, 'hr'));
    org = await seedOrg(t.dataSource);
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const recipients = () => [...org.employees, ...org.contacts];

  it('creates a cycle over three units and launches it from the admin pages', async () => {
    const input = cycleInput([org.rootId]);
    const form = await agent.get('/admin/cycles/new').expect(200);
    const created = await agent
      .post('/admin/cycles')
      .type('form')
      .send({ ...input, reminderDays: '3, 7', unitIds: org.rootId, _csrf: csrfFrom(form.text) });
    expect(created.status).toBe(303);
    cycleId = created.headers.location.split('/').pop()!;

    const confirm = await agent.get(`/admin/cycles/${cycleId}/launch`).expect(200);
    expect(confirm.text).toContain('<strong>9</strong> employees');
    expect(confirm.text).toContain('<strong>9</strong> customer contacts');
    await agent
      .post(`/admin/cycles/${cycleId}/launch`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
  });

  it('delivers exactly one mail to every active recipient and none to the excluded', async () => {
    await sink.waitFor(recipients().length);
    await jobsSettled(t.dataSource);
    for (const address of recipients()) expect(sink.countFor(address)).toBe(1);
    for (const address of org.excluded) expect(sink.countFor(address)).toBe(0);
    expect(sink.received).toHaveLength(recipients().length);
    firstWave = [...sink.received];
  });

  it('puts a working personal link in each mail, stored only as a hash', async () => {
    const hasRespondRoute = (await t.http().get(`/s/${'x'.repeat(43)}`)).status !== 404;
    for (const mail of firstWave) {
      expect(mail.surveyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await t.dataSource.query(
        `SELECT i.email FROM invitation_tokens t JOIN invitations i ON i.id = t.invitation_id
          WHERE t.token_hash = $1 AND t.purpose = 'survey'`,
        [hashToken(mail.surveyToken!)],
      );
      expect(rows).toEqual([{ email: mail.to }]);
      expect(mail.raw).toContain('Acme Bank');
      if (hasRespondRoute) expect((await t.http().get(`/s/${mail.surveyToken}`)).status).toBe(200);
    }
    const stored = await t.dataSource.query(`SELECT token_hash FROM invitation_tokens`);
    for (const { token_hash } of stored)
      expect(Buffer.isBuffer(token_hash) && token_hash.length).toBe(32);
  });

  it('promises employees anonymity and gives customers a one-click unsubscribe', () => {
    const employeeMail = firstWave.find((m) => org.employees.includes(m.to))!;
    expect(employeeMail.raw).toMatch(/anonymous/i);
    expect(employeeMail.headers['list-unsubscribe']).toBeUndefined();
    const customerMail = firstWave.find((m) => org.contacts.includes(m.to))!;
    expect(customerMail.headers['list-unsubscribe']).toMatch(
      /^<http:\/\/127\.0\.0\.1:3999\/u\/[A-Za-z0-9_-]{43}>$/,
    );
    expect(customerMail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(customerMail.unsubscribeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('shows sent counts on the cycle page and through the API', async () => {
    const page = await agent.get(`/admin/cycles/${cycleId}`).expect(200);
    expect(page.text).toContain('<dt>Sent</dt><dd>9 of 9</dd>');
    const status = await agent.get(`/api/v1/cycles/${cycleId}/status`).expect(200);
    expect(status.body.employee).toMatchObject({ invited: 9, sent: 9, failed: 0 });
    expect(status.body.customer).toMatchObject({ invited: 9, sent: 9 });
  });

  it('sends nothing twice when the launch is submitted again', async () => {
    await agent
      .post(`/admin/cycles/${cycleId}/launch`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await agent
      .post(`/admin/cycles/${cycleId}/launch`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    await jobsSettled(t.dataSource);
    expect(sink.received).toHaveLength(recipients().length);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM invitations WHERE cycle_id = $1`,
      [cycleId],
    );
    expect(n).toBe(18);
    // Set-based and one-by-one queueing name a job the same way, so each dedupes the other.
    const [{ id }] = await t.dataSource.query(`SELECT md5('delivery-send|k:0')::uuid AS id`);
    expect(id).toBe(jobId('delivery-send', 'k:0'));
  });

  it('reminds only those who have not answered', async () => {
    const answered = firstWave.filter((_, i) => i % 3 === 0);
    for (const mail of answered)
      await t.dataSource.query(
        `UPDATE invitations SET responded = true
          WHERE id = (SELECT invitation_id FROM invitation_tokens WHERE token_hash = $1)`,
        [hashToken(mail.surveyToken!)],
      );
    const before = sink.received.length;
    const opensAt = (
      await t.dataSource.query(`SELECT opens_at FROM cycles WHERE id = $1`, [cycleId])
    )[0].opens_at;
    await t.app
      .get(CycleLifecycleService)
      .tick(new Date(new Date(opensAt).getTime() + 3.1 * 86_400_000));
    const expected = recipients().filter((a) => !answered.some((m) => m.to === a));
    await sink.waitFor(before + expected.length);
    await jobsSettled(t.dataSource);
    const reminders = sink.received.slice(before);
    expect(reminders.map((m) => m.to).sort()).toEqual(expected.sort());
    for (const m of reminders) expect(m.subject).toMatch(/^Reminder/);
  });

  it('unsubscribes a contact from the link, idempotently, and sends them nothing more', async () => {
    const contact = org.contacts.find((a) => sink.countFor(a) === 2)!;
    const mail = sink.received.filter((m) => m.to === contact).pop()!;
    const page = await t.http().get(`/u/${mail.unsubscribeToken}`).expect(200);
    expect(page.text).toContain(contact);
    // RFC 8058 one-click, as a mail client sends it, twice.
    for (let i = 0; i < 2; i++)
      await t
        .http()
        .post(`/u/${mail.unsubscribeToken}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
    const [row] = await t.dataSource.query(
      `SELECT subscribed, unsubscribed_at FROM contacts WHERE email = $1`,
      [contact],
    );
    expect(row.subscribed).toBe(false);
    expect(row.unsubscribed_at).not.toBeNull();
    expect((await t.http().get(`/u/${mail.unsubscribeToken}`)).text).toContain(
      'already unsubscribed',
    );

    const before = sink.received.length;
    const expectedRound2 = recipients().filter((a) => sink.countFor(a) === 2 && a !== contact);
    const opensAt = (
      await t.dataSource.query(`SELECT opens_at FROM cycles WHERE id = $1`, [cycleId])
    )[0].opens_at;
    await t.app
      .get(CycleLifecycleService)
      .tick(new Date(new Date(opensAt).getTime() + 7.1 * 86_400_000));
    await sink.waitFor(before + expectedRound2.length);
    await jobsSettled(t.dataSource);
    const round2 = sink.received.slice(before).map((m) => m.to);
    expect(round2.sort()).toEqual(expectedRound2.sort());
    expect(round2).not.toContain(contact);
  });

  it('rejects unknown unsubscribe links', async () => {
    expect((await t.http().get(`/u/${'A'.repeat(43)}`)).status).toBe(404);
  });
});

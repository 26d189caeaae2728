import { addBusinessDays } from '../src/follow-through/business-days';
import { FollowUpDigestService } from '../src/follow-through/follow-up-digest.service';
import { FollowUpOpener } from '../src/follow-through/follow-up-opener.service';
import { HeardYouService } from '../src/follow-through/heard-you.service';
import { customerForm, nextIp, person } from './follow-through.fixtures';
import {
  cycleInput,
  ReceivedMail,
  seedOrg,
  SmtpSink,
  startSmtpSink,
} from './support/delivery-fixtures';
import { jobsSettled } from './support/jobs';
import { createTestApp, csrfFrom, TestApp } from './support/test-app';

type Person = Awaited<ReturnType<typeof person>>;

describe('Customer follow-ups end to end (real SMTP)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let org: Awaited<ReturnType<typeof seedOrg>>;
  let branchOne: string;
  let branchTwo: string;
  let managerOne: Person;
  let managerTwo: Person;
  let invitations: ReceivedMail[];
  let detractor: ReceivedMail;
  let unsubscriber: ReceivedMail;
  let detractorFollowUp: string;
  let unsubscriberFollowUp: string;
  let cycleId: string;

  const mailsTo = (address: string) => sink.received.filter((m) => m.to === address);
  const contactsOf = (unitIndex: number) =>
    invitations.filter((m) => org.contacts.includes(m.to) && m.to.includes(`-${unitIndex}-`));

  const answer = async (mail: ReceivedMail, answers: Parameters<typeof customerForm>[1]) => {
    const form = await customerForm(t.dataSource, answers);
    await t
      .http()
      .post(`/s/${mail.surveyToken}`)
      .set('X-Forwarded-For', nextIp())
      .type('form')
      .send(form)
      .expect(303);
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      SMTP_URL: sink.url,
      COMPANY_NAME: 'Acme Bank',
    });
    org = await seedOrg(t.dataSource);
    [, branchOne, branchTwo] = org.unitIds;
    managerOne = await person(t, 'manager', branchOne);
    managerTwo = await person(t, 'manager', branchTwo);

    // Launch a paired cycle through the admin pages; the delivery worker mails everyone.
    const hr = await person(t, 'hr');
    const form = await hr.agent.get('/admin/cycles/new').expect(200);
    const created = await hr.agent
      .post('/admin/cycles')
      .type('form')
      .send({
        ...cycleInput([org.rootId]),
        reminderDays: '3, 7',
        unitIds: org.rootId,
        _csrf: csrfFrom(form.text),
      })
      .expect(303);
    cycleId = created.headers.location.split('/').pop()!;
    await hr.agent
      .post(`/admin/cycles/${cycleId}/launch`)
      .type('form')
      .send({ _csrf: hr.csrf })
      .expect(303);
    await sink.waitFor(org.employees.length + org.contacts.length);
    invitations = [...sink.received];
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it("opens a follow-up for the serving unit from a detractor's answer, and none for a promoter", async () => {
    [detractor, unsubscriber] = contactsOf(1);
    const [promoter] = contactsOf(2);
    await answer(detractor, { nps: 3, csat: 2, likert: 2, comment: 'Nobody called me back.' });
    await answer(unsubscriber, { nps: 5, csat: 3 });
    await answer(promoter, { nps: 10, csat: 5, likert: 5 });

    // The minute job does this; run it now rather than wait for the clock. The hourly and
    // cycle-close sweeps find nothing more.
    const opener = t.app.get(FollowUpOpener);
    expect(await opener.openPending({ recent: true })).toBe(2);
    expect(await opener.openPending({ recent: false })).toBe(0);
    expect(await opener.openPending({ cycleId })).toBe(0);

    const rows: {
      id: string;
      unit_id: string;
      reasons: string[];
      email: string;
      state: string;
      due_at: Date;
      submitted_at: Date;
    }[] = await t.dataSource.query(
      `SELECT f.id, f.unit_id, f.reasons, ct.email, f.state, f.due_at, r.submitted_at
         FROM follow_ups f JOIN contacts ct ON ct.id = f.contact_id
         JOIN customer_responses r ON r.id = f.response_id ORDER BY ct.email`,
    );
    expect(rows.map((r) => r.unit_id)).toEqual([branchOne, branchOne]);
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get(detractor.to)!.reasons).toEqual(['detractor', 'low_csat', 'comment']);
    expect(byEmail.get(unsubscriber.to)!.reasons).toEqual(['detractor']);
    for (const row of rows) {
      expect(row.state).toBe('open');
      expect(new Date(row.due_at).toISOString()).toBe(
        addBusinessDays(new Date(row.submitted_at), 2).toISOString(),
      );
    }
    detractorFollowUp = byEmail.get(detractor.to)!.id;
    unsubscriberFollowUp = byEmail.get(unsubscriber.to)!.id;

    const [opened] = await t.dataSource.query(
      `SELECT kind, actor_id, to_state FROM follow_up_events WHERE follow_up_id = $1`,
      [detractorFollowUp],
    );
    expect(opened).toEqual({ kind: 'opened', actor_id: null, to_state: 'open' });
  });

  it('lists the follow-up, with the answer attached, for that unit’s manager only', async () => {
    const list = await managerOne.agent.get('/follow-ups').expect(200);
    expect(list.text).toContain(`/follow-ups/${detractorFollowUp}`);
    const page = await managerOne.agent.get(`/follow-ups/${detractorFollowUp}`).expect(200);
    expect(page.text).toContain('Nobody called me back.');
    expect(page.text).toContain('3 out of 10');
    expect(page.text).toContain('Detractor (NPS 0–6), Low satisfaction (1–2), Comment');

    const other = await managerTwo.agent.get('/follow-ups?state=all').expect(200);
    expect(other.text).not.toContain(detractorFollowUp);
    const api = await t
      .http()
      .get('/api/v1/follow-ups?state=all')
      .set(managerTwo.bearer)
      .expect(200);
    expect(api.body.total).toBe(0);
  });

  it("sends the daily digest to that unit's manager once, through SMTP", async () => {
    const digests = t.app.get(FollowUpDigestService);
    const before = sink.received.length;
    expect(await digests.queueDaily(new Date())).toBe(1);
    await sink.waitFor(before + 1);
    await jobsSettled(t.dataSource);
    const digest = mailsTo(managerOne.user.email);
    expect(digest).toHaveLength(1);
    expect(digest[0].subject).toBe('2 new customer follow-ups for your team');
    expect(digest[0].raw).toContain(`/follow-ups/${detractorFollowUp}`);
    expect(mailsTo(managerTwo.user.email)).toHaveLength(0);

    // The cron firing again, or a second instance, sends nothing more today.
    expect(await digests.queueDaily(new Date())).toBe(0);
    expect(await digests.send(managerOne.user.id, new Date().toISOString().slice(0, 10))).toBe(
      'already-sent',
    );
    await jobsSettled(t.dataSource);
    expect(mailsTo(managerOne.user.email)).toHaveLength(1);
    expect(sink.received).toHaveLength(before + 1);
  });

  it('records each step with who and when: assigned, contacted, a note', async () => {
    const page = await managerOne.agent.get(`/follow-ups/${detractorFollowUp}`).expect(200);
    const assignee = /<option value="([0-9a-f-]{36})" >Employee 1\.0/.exec(page.text)?.[1];
    expect(assignee).toBeDefined();
    const step = (path: string, form: Record<string, string>) =>
      managerOne.agent
        .post(`/follow-ups/${detractorFollowUp}/${path}`)
        .type('form')
        .send({ _csrf: managerOne.csrf, ...form })
        .expect(303);
    await step('assign', { assigneeId: assignee!, assignNote: 'Knows the account' });
    await step('contacted', { contactNote: 'Called on Tuesday' });
    await step('notes', { note: 'Agreed a fix for the statements' });

    const events = await t.dataSource.query(
      `SELECT kind, actor_id, actor_name, from_state, to_state, note, at FROM follow_up_events
        WHERE follow_up_id = $1 ORDER BY id`,
      [detractorFollowUp],
    );
    expect(events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'assigned',
      'contacted',
      'note',
    ]);
    for (const e of events.slice(1)) {
      expect(e.actor_id).toBe(managerOne.user.id);
      expect(e.at).toBeInstanceOf(Date);
    }
    expect(events[1]).toMatchObject({
      from_state: 'open',
      to_state: 'assigned',
      note: 'Knows the account',
    });
    expect(events[2]).toMatchObject({ from_state: 'assigned', to_state: 'contacted' });
  });

  it('re-shows the resolve form with the error and the typed text when nothing was said about what was done', async () => {
    const res = await managerOne.agent
      .post(`/follow-ups/${detractorFollowUp}/resolve`)
      .type('form')
      .send({ _csrf: managerOne.csrf, resolution: '  ', message: 'Thanks for your patience' })
      .expect(422);
    expect(res.text).toContain('aria-describedby="resolution-error"');
    expect(res.text).toContain('Say what was done.');
    expect(res.text).toContain('Thanks for your patience');
  });

  it('resolves with "we heard you" and the customer gets exactly one email', async () => {
    const before = sink.received.length;
    const res = await managerOne.agent
      .post(`/follow-ups/${detractorFollowUp}/resolve`)
      .type('form')
      .send({
        _csrf: managerOne.csrf,
        resolution: 'Fixed the statement run and apologised',
        sendHeardYou: 'true',
        message: 'Thank you for telling us.',
      })
      .expect(303);
    expect(res.headers.location).toBe(`/follow-ups/${detractorFollowUp}`);
    await sink.waitFor(before + 1);
    await jobsSettled(t.dataSource);
    const mails = mailsTo(detractor.to).filter((m) => m.subject.includes('we heard you'));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Acme Bank: we heard you');
    expect(mails[0].raw).toContain('Thank you for telling us.');
    expect(mails[0].headers['list-unsubscribe']).toMatch(/\/u\/[A-Za-z0-9_-]{43}>$/);
    // The way out works like the survey emails' (the cycle may close before anyone clicks).
    const unsubscribe = await t.http().get(`/u/${mails[0].unsubscribeToken}`).expect(200);
    expect(unsubscribe.text).toContain(detractor.to);

    // Resolving again is refused and sends nothing more.
    await managerOne.agent
      .post(`/follow-ups/${detractorFollowUp}/resolve`)
      .type('form')
      .send({ _csrf: managerOne.csrf, resolution: 'Again', sendHeardYou: 'true' })
      .expect(422);
    await jobsSettled(t.dataSource);
    expect(mailsTo(detractor.to).filter((m) => m.subject.includes('we heard you'))).toHaveLength(1);

    const [row] = await t.dataSource.query(
      `SELECT state, heard_you, resolved_by_id, resolved_at <= due_at AS on_time FROM follow_ups WHERE id = $1`,
      [detractorFollowUp],
    );
    expect(row).toEqual({
      state: 'resolved',
      heard_you: 'sent',
      resolved_by_id: managerOne.user.id,
      on_time: true,
    });
    const kinds = await t.dataSource.query(
      `SELECT kind FROM follow_up_events WHERE follow_up_id = $1 ORDER BY id`,
      [detractorFollowUp],
    );
    expect(kinds.slice(-2).map((k: { kind: string }) => k.kind)).toEqual([
      'resolved',
      'heard_you_sent',
    ]);
  });

  it('sends no email to a customer who unsubscribed, and says so in the trail', async () => {
    await t
      .http()
      .post(`/u/${unsubscriber.unsubscribeToken}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect((r) => expect(r.status).toBeLessThan(400));
    const page = await managerOne.agent.get(`/follow-ups/${unsubscriberFollowUp}`).expect(200);
    expect(page.text).toContain('has unsubscribed, so no “we heard you” email can be sent');
    expect(page.text).not.toContain('name="sendHeardYou"');

    const before = sink.received.length;
    await managerOne.agent
      .post(`/follow-ups/${unsubscriberFollowUp}/resolve`)
      .type('form')
      .send({ _csrf: managerOne.csrf, resolution: 'Called them', sendHeardYou: 'true' })
      .expect(303);
    await jobsSettled(t.dataSource);
    expect(sink.received).toHaveLength(before);
    expect(mailsTo(unsubscriber.to).filter((m) => m.subject.includes('we heard you'))).toHaveLength(
      0,
    );
    const [row] = await t.dataSource.query(`SELECT heard_you FROM follow_ups WHERE id = $1`, [
      unsubscriberFollowUp,
    ]);
    expect(row.heard_you).toBe('suppressed');
    const [last] = await t.dataSource.query(
      `SELECT kind, note FROM follow_up_events WHERE follow_up_id = $1 ORDER BY id DESC LIMIT 1`,
      [unsubscriberFollowUp],
    );
    expect(last).toEqual({
      kind: 'heard_you_suppressed',
      note: 'Not sent: the customer has unsubscribed.',
    });
  });

  it('holds back a queued "we heard you" email when the customer unsubscribed in the meantime', async () => {
    // As if the email had been queued just before the customer clicked unsubscribe.
    await t.dataSource.query(
      `UPDATE follow_ups SET heard_you = 'queued', heard_you_sent_at = NULL WHERE id = $1`,
      [unsubscriberFollowUp],
    );
    const before = sink.received.length;
    expect(await t.app.get(HeardYouService).send(unsubscriberFollowUp)).toBe('suppressed');
    expect(await t.app.get(HeardYouService).send(unsubscriberFollowUp)).toBe('skipped');
    await jobsSettled(t.dataSource);
    expect(sink.received).toHaveLength(before);
  });

  it('gives a manager of another unit 403 on every follow-up route, pages and API', async () => {
    const id = detractorFollowUp;
    const { agent, csrf, bearer } = managerTwo;
    const form = (path: string, body: Record<string, string>) =>
      agent
        .post(`/follow-ups/${id}/${path}`)
        .type('form')
        .send({ _csrf: csrf, ...body });
    const responses = [
      await agent.get(`/follow-ups/${id}`),
      await agent.get(`/follow-ups?unit=${branchOne}`),
      await agent.get(`/follow-ups/export.csv?unit=${branchOne}`),
      await form('assign', { assigneeId: managerOne.user.id }),
      await form('contacted', {}),
      await form('notes', { note: 'x' }),
      await form('resolve', { resolution: 'x' }),
      await t.http().get(`/api/v1/follow-ups/${id}`).set(bearer),
      await t.http().get(`/api/v1/follow-ups?unit=${branchOne}`).set(bearer),
      await t.http().get(`/api/v1/follow-ups/export.csv?unit=${branchOne}`).set(bearer),
      await t
        .http()
        .post(`/api/v1/follow-ups/${id}/assign`)
        .set(bearer)
        .send({ assigneeId: managerOne.user.id }),
      await t.http().post(`/api/v1/follow-ups/${id}/contacted`).set(bearer).send({}),
      await t.http().post(`/api/v1/follow-ups/${id}/notes`).set(bearer).send({ note: 'x' }),
      await t.http().post(`/api/v1/follow-ups/${id}/resolve`).set(bearer).send({ note: 'x' }),
    ];
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 403));
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM follow_up_events WHERE actor_id = $1`,
      [managerTwo.user.id],
    );
    expect(n).toBe(0);
  });

  it('exports follow-ups as CSV with formula-like cells neutralized', async () => {
    await t.dataSource.query(
      `UPDATE follow_ups SET comment = '=HYPERLINK("http://x")' WHERE id = $1`,
      [unsubscriberFollowUp],
    );
    const csv = await managerOne.agent.get('/follow-ups/export.csv?state=all').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toContain('id,state,overdue,unit,account');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const api = await t
      .http()
      .get('/api/v1/follow-ups/export.csv?state=all')
      .set(managerOne.bearer)
      .expect(200);
    expect(api.text).toBe(csv.text);
  });

  it('serves the JSON API with the trail and takes notes through it with a bearer key', async () => {
    const detail = await t
      .http()
      .get(`/api/v1/follow-ups/${detractorFollowUp}`)
      .set(managerOne.bearer)
      .expect(200);
    expect(detail.body).toMatchObject({ state: 'resolved', unitId: branchOne, heardYou: 'sent' });
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toContain('heard_you_sent');
    const filtered = await t
      .http()
      .get('/api/v1/follow-ups?state=resolved&reason=comment')
      .set(managerOne.bearer)
      .expect(200);
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toEqual([detractorFollowUp]);
    await t
      .http()
      .post(`/api/v1/follow-ups/${detractorFollowUp}/notes`)
      .set(managerOne.bearer)
      .send({})
      .expect(400);
    const note = await t
      .http()
      .post(`/api/v1/follow-ups/${detractorFollowUp}/notes`)
      .set(managerOne.bearer)
      .send({ note: 'Customer confirmed it is fixed' })
      .expect(200);
    expect(note.body.events.at(-1)).toMatchObject({
      kind: 'note',
      note: 'Customer confirmed it is fixed',
    });
  });
});

import { ApiKeysService } from '../src/auth/api-keys.service';
import { CycleClosedEvent, CycleEvents } from '../src/cycles/cycle-events';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { InvitationSender, SEND_QUEUE } from '../src/delivery/invitation-sender.service';
import { JOB_SCHEMA } from '../src/jobs/job-queue.service';
import { cycleInput, Org, seedOrg, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

type SendBatch = Parameters<InvitationSender['handle']>[0];
type Agent = Awaited<ReturnType<typeof signedInAgent>>;

const DAY_MS = 86_400_000;

/** "16 January 2026", as respondent pages and emails write a deadline's day. */
const dayOf = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);

const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * Steering a live cycle by hand: a reminder now (through delivery's rule and the real SMTP
 * sink), a later closing date, closing now, each in the cycle's history; and the launch warning
 * about groups too small to ever show results. Workers are off: each test hands the queued
 * sends to the sender itself, as a worker would.
 */
describe('Steering a live cycle', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let hr: Agent;
  let apiKey: string;
  const closed: CycleClosedEvent[] = [];

  /**
   * Hands every send job waiting in the queue for this cycle (new, or set to retry) to the
   * sender, as a worker would, until none is left.
   */
  const sendQueued = async (cycleId: string, depth = 0): Promise<number> => {
    const jobs: Array<{ id: string; data: { invitationId: string; round: number } }> =
      await t.dataSource.query(
        `SELECT j.id, j.data FROM ${JOB_SCHEMA}.job j
           JOIN invitations i ON i.id = (j.data->>'invitationId')::uuid
          WHERE j.name = $1 AND j.state IN ('created', 'retry') AND i.cycle_id = $2`,
        [SEND_QUEUE, cycleId],
      );
    if (jobs.length === 0 || depth > 5) return 0;
    const batch = jobs.map((j) => ({
      id: j.id,
      name: SEND_QUEUE,
      data: j.data,
      retryCount: 0,
      retryLimit: 10,
    })) as unknown as SendBatch;
    await t.app.get(InvitationSender).handle(batch);
    // What a worker does with a handled batch: its jobs are done.
    await t.dataSource.query(
      `UPDATE ${JOB_SCHEMA}.job SET state = 'completed'
        WHERE name = $1 AND id = ANY($2::uuid[]) AND state IN ('created', 'active')`,
      [SEND_QUEUE, jobs.map((j) => j.id)],
    );
    // A send another claim held is set to retry; its turn comes once that one is recorded.
    return jobs.length + (await sendQueued(cycleId, depth + 1));
  };

  const received = (address: string) => sink.received.filter((m) => m.to === address);

  /** A launched, open cycle over a fresh org whose invitations went out `daysAgo` days ago. */
  async function openCycle(overrides: Record<string, unknown> = {}, daysAgo = 2) {
    const org = await seedOrg(t.dataSource);
    const cycle = await t.app.get(CyclesService).create(
      cycleInput([org.rootId], {
        opensAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
        ...overrides,
      }),
    );
    await t.app.get(CycleLaunchService).launch(cycle.id);
    await sendQueued(cycle.id);
    await t.dataSource.query(
      `UPDATE invitations SET sent_at = now() - make_interval(days => $2) WHERE cycle_id = $1 AND sent_at IS NOT NULL`,
      [cycle.id, daysAgo],
    );
    return { org, cycleId: cycle.id };
  }

  const api = (method: 'post' | 'get', path: string) =>
    t.http()[method](path).set('Authorization', `Bearer ${apiKey}`);

  const historyOf = async (cycleId: string) =>
    (await api('get', `/api/v1/cycles/${cycleId}/history`).expect(200)).body.items as Array<{
      kind: string;
      actorName: string | null;
      at: string;
      data: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url });
    t.app.get(CycleEvents).onClosed((e) => {
      closed.push(e);
    });
    hr = await signedInAgent(t, 'hr');
    apiKey = (await t.app.get(ApiKeysService).create(hr.user.id, 'steering')).key;
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  describe('a reminder now', () => {
    let org: Org;
    let cycleId: string;
    let answered: string;
    let unsubscribed: string;
    let due: string[];

    beforeAll(async () => {
      ({ org, cycleId } = await openCycle());
      answered = org.employees[0];
      unsubscribed = org.contacts[0];
      await t.dataSource.query(
        `UPDATE invitations SET responded = true WHERE cycle_id = $1 AND email = $2`,
        [cycleId, answered],
      );
      // The contact unsubscribes with the link in their invitation (RFC 8058 one-click POST).
      const token = received(unsubscribed)[0].unsubscribeToken;
      expect(token).toBeTruthy();
      await t.http().post(`/u/${token}`).expect(200);
      due = [...org.employees, ...org.contacts].filter((a) => a !== answered && a !== unsubscribed);
    });

    it('goes only to those who have not answered and have not unsubscribed', async () => {
      const before = sink.received.length;
      const res = await hr.agent
        .post(`/admin/cycles/${cycleId}/remind`)
        .type('form')
        .send({ _csrf: hr.csrf })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/cycles/${cycleId}`);
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain(
        `Reminder on its way to ${due.length} people who have not answered.`,
      );

      expect(await sendQueued(cycleId)).toBe(due.length);
      const reminders = sink.received.slice(before);
      expect(reminders.map((m) => m.to).sort()).toEqual([...due].sort());
      expect(received(answered)).toHaveLength(1);
      expect(received(unsubscribed)).toHaveLength(1);
      for (const address of due) expect(received(address)).toHaveLength(2);
    });

    it('reaches nobody twice within the window: a second press, by page or API, queues nobody', async () => {
      const before = sink.received.length;
      const res = await hr.agent
        .post(`/admin/cycles/${cycleId}/remind`)
        .type('form')
        .send({ _csrf: hr.csrf })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/cycles/${cycleId}`);
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain(
        'Nobody to remind: everyone has answered, unsubscribed or was emailed in the last 24 hours.',
      );
      const viaApi = await api('post', `/api/v1/cycles/${cycleId}/remind`).expect(202);
      expect(viaApi.body).toEqual({ id: cycleId, queued: 0, gapHours: 24 });
      expect(await sendQueued(cycleId)).toBe(0);
      expect(sink.received.length).toBe(before);
    });

    it('skips a planned reminder for whoever a reminder sent now reached within the window', async () => {
      const before = sink.received.length;
      expect(await t.app.get(CycleLifecycleService).remind(cycleId, 1)).toBe(0);
      expect(await sendQueued(cycleId)).toBe(0);
      expect(sink.received.length).toBe(before);
    });

    it('reminds again once the window has passed, and a double press still reminds each person once', async () => {
      // A day and an hour later.
      await t.dataSource.query(
        `UPDATE invitations SET last_reminded_at = last_reminded_at - interval '25 hours' WHERE cycle_id = $1`,
        [cycleId],
      );
      const before = sink.received.length;
      const first = await api('post', `/api/v1/cycles/${cycleId}/remind`).expect(202);
      const second = await api('post', `/api/v1/cycles/${cycleId}/remind`).expect(202);
      // Nothing was sent between the presses, so both queued everyone; the sender decides.
      expect(first.body.queued).toBe(due.length);
      expect(second.body.queued).toBe(due.length);
      await sendQueued(cycleId);
      const reminders = sink.received.slice(before);
      expect(reminders.map((m) => m.to).sort()).toEqual([...due].sort());
      expect(received(unsubscribed)).toHaveLength(1);
      expect(received(answered)).toHaveLength(1);
    });

    it('records each reminder sent now with who and when, newest first', async () => {
      const history = await historyOf(cycleId);
      const now = history.filter((e) => e.kind === 'reminded' && e.actorName !== null);
      expect(now.map((e) => e.data.queued)).toEqual([due.length, due.length, 0, 0, due.length]);
      const byApi = `${hr.user.email}) via API key`;
      expect(now.map((e) => e.actorName?.endsWith(byApi))).toEqual([
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(now.every((e) => e.actorName?.includes(`(${hr.user.email})`))).toBe(true);
      expect(now.every((e) => Math.abs(Date.parse(e.at) - Date.now()) < 60_000)).toBe(true);
      const planned = history.find((e) => e.kind === 'reminded' && e.actorName === null);
      expect(planned?.data).toEqual({ scheduledRound: 1, queued: 0 });
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain('Reminder sent now, queued for');
      expect(page.text).toContain('Planned reminder 1 queued for 0 people');
    });

    it('refuses a reminder for a cycle that is not open', async () => {
      const other = await seedOrg(t.dataSource);
      const draft = await t.app.get(CyclesService).create(cycleInput([other.rootId]));
      const res = await api('post', `/api/v1/cycles/${draft.id}/remind`).expect(409);
      expect(res.body.message).toBe(
        'Reminders go only while the cycle is open; it has not opened yet or is closed.',
      );
      await t.http().post(`/api/v1/cycles/${draft.id}/remind`).expect(401);
    });
  });

  describe('a later closing date', () => {
    it('refuses a time that is not later than the current close, keeping what was typed', async () => {
      const { cycleId } = await openCycle();
      const cycle = await t.app.get(CyclesService).get(cycleId);
      const earlier = new Date(cycle.closesAt.getTime() - DAY_MS).toISOString().slice(0, 16);
      const res = await hr.agent
        .post(`/admin/cycles/${cycleId}/extend`)
        .type('form')
        .send({ _csrf: hr.csrf, closesAt: earlier })
        .expect(422);
      expect(res.text).toContain('The new closing time must be later than the current one.');
      expect(res.text).toContain(`value="${earlier}"`);
      const past = await api('post', `/api/v1/cycles/${cycleId}/extend`)
        .send({ closesAt: new Date(Date.now() - 3_600_000).toISOString() })
        .expect(422);
      expect(past.body.message).toBe('The new closing time must be in the future.');
      await api('post', `/api/v1/cycles/${cycleId}/extend`).send({ closesAt: 'soon' }).expect(400);
      expect((await t.app.get(CyclesService).get(cycleId)).closesAt).toEqual(cycle.closesAt);
      expect(await historyOf(cycleId)).toEqual([]);
    });

    it('moves the close: respondent pages, later reminders and the close job follow the new date', async () => {
      const { org, cycleId } = await openCycle({}, 2);
      const before = await t.app.get(CyclesService).get(cycleId);
      const newClose = new Date(before.closesAt.getTime() + 10 * DAY_MS);
      newClose.setUTCSeconds(0, 0);
      const res = await hr.agent
        .post(`/admin/cycles/${cycleId}/extend`)
        .type('form')
        .send({ _csrf: hr.csrf, closesAt: newClose.toISOString().slice(0, 16) })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/cycles/${cycleId}`);
      expect((await t.app.get(CyclesService).get(cycleId)).closesAt).toEqual(newClose);

      // The respondent's page shows the new date, not the old one.
      const address = org.employees[1];
      const token = received(address)[0].surveyToken;
      const survey = await t.http().get(`/s/${token}`).expect(200);
      expect(survey.text).toContain(dayOf(newClose));
      expect(survey.text).not.toContain(dayOf(before.closesAt));

      // A reminder sent after the change carries the new date.
      const sent = sink.received.length;
      await api('post', `/api/v1/cycles/${cycleId}/remind`).expect(202);
      await sendQueued(cycleId);
      const reminder = sink.received.slice(sent).find((m) => m.to === address);
      expect(reminder).toBeDefined();
      expect(decoded(reminder!.raw)).toContain(dayOf(newClose));

      // The close job follows the new date; the one at the old date finds nothing due.
      const closeJobs: Array<{ start_after: Date }> = await t.dataSource.query(
        `SELECT start_after FROM ${JOB_SCHEMA}.job WHERE name = 'cycle-close' AND data->>'cycleId' = $1 ORDER BY start_after`,
        [cycleId],
      );
      expect(closeJobs.map((j) => new Date(j.start_after).getTime())).toEqual([
        before.closesAt.getTime(),
        newClose.getTime(),
      ]);
      await t.app.get(CycleLifecycleService).closeIfDue(cycleId);
      expect((await t.app.get(CyclesService).get(cycleId)).status).toBe('open');

      const [entry] = await historyOf(cycleId).then((h) => h.filter((e) => e.kind === 'extended'));
      expect(entry).toMatchObject({
        actorName: expect.stringContaining(`(${hr.user.email})`),
        data: { from: before.closesAt.toISOString(), to: newClose.toISOString() },
      });
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain('Closing moved from');
    });

    it('lets a reminder day that fell after the old close go out before the new one', async () => {
      const opensAt = new Date(Date.now() - 2 * DAY_MS);
      const { cycleId } = await openCycle(
        { closesAt: new Date(opensAt.getTime() + 5 * DAY_MS).toISOString(), reminderDays: [3, 7] },
        2,
      );
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toMatch(/\+7 days, [^<]+: after the close, not sent/);

      const newClose = new Date(opensAt.getTime() + 10 * DAY_MS);
      const res = await api('post', `/api/v1/cycles/${cycleId}/extend`)
        .send({ closesAt: newClose.toISOString() })
        .expect(200);
      expect(res.body).toMatchObject({
        id: cycleId,
        status: 'open',
        closesAt: newClose.toISOString(),
      });
      const after = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(after.text).toMatch(/\+7 days, [^<]+: planned/);

      // Day 7.5 after opening: still open, the day-7 reminder is due and queued.
      await t.app.get(CycleLifecycleService).tick(new Date(opensAt.getTime() + 7.5 * DAY_MS));
      const cycle = await t.app.get(CyclesService).get(cycleId);
      expect(cycle.status).toBe('open');
      expect(cycle.reminderRoundsQueued).toBe(2);
      const queued: Array<{ n: number }> = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job j
           JOIN invitations i ON i.id = (j.data->>'invitationId')::uuid
          WHERE j.name = $1 AND i.cycle_id = $2 AND (j.data->>'round')::int = 2`,
        [SEND_QUEUE, cycleId],
      );
      expect(queued[0].n).toBeGreaterThan(0);
    });
  });

  describe('closing now', () => {
    it('asks first, closes through the one close path, and a second close is a clear error', async () => {
      const { org, cycleId } = await openCycle();
      const token = received(org.employees[2])[0].surveyToken;
      await t.http().get(`/s/${token}`).expect(200);

      const confirm = await hr.agent.get(`/admin/cycles/${cycleId}/close`).expect(200);
      expect(confirm.text).toMatch(/Close Pulse \d+ now\?/);
      expect(confirm.text).toContain('cannot be undone');
      expect((await t.app.get(CyclesService).get(cycleId)).status).toBe('open');

      const res = await hr.agent
        .post(`/admin/cycles/${cycleId}/close`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text) })
        .expect(303);
      expect(res.headers.location).toBe(`/admin/cycles/${cycleId}`);
      const cycle = await t.app.get(CyclesService).get(cycleId);
      expect(cycle.status).toBe('closed');
      expect(closed.filter((e) => e.cycleId === cycleId)).toHaveLength(1);
      await t.http().get(`/s/${token}`).expect(404);

      const again = await hr.agent
        .post(`/admin/cycles/${cycleId}/close`)
        .type('form')
        .send({ _csrf: csrfFrom(confirm.text) })
        .expect(409);
      expect(again.text).toContain('This cycle is closed.');
      const viaApi = await api('post', `/api/v1/cycles/${cycleId}/close`).expect(409);
      expect(viaApi.body).toMatchObject({
        code: 'ALREADY_CLOSED',
        message: 'This cycle is closed.',
      });
      expect(closed.filter((e) => e.cycleId === cycleId)).toHaveLength(1);

      const history = await historyOf(cycleId);
      expect(history.filter((e) => e.kind === 'closed')).toEqual([
        expect.objectContaining({
          actorName: expect.stringContaining(`(${hr.user.email})`),
          data: { due: cycle.closesAt.toISOString() },
        }),
      ]);
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain('Closed now (it was due');
      expect(page.text).not.toContain('Close now…');
    });

    it('closes through the API and refuses a cycle that was never launched', async () => {
      const { cycleId } = await openCycle();
      const res = await api('post', `/api/v1/cycles/${cycleId}/close`).expect(200);
      expect(res.body).toMatchObject({ id: cycleId, status: 'closed' });
      expect(closed.filter((e) => e.cycleId === cycleId)).toHaveLength(1);
      await api('post', `/api/v1/cycles/${cycleId}/close`).expect(409);
      await api('post', `/api/v1/cycles/${cycleId}/extend`)
        .send({ closesAt: new Date(Date.now() + 30 * DAY_MS).toISOString() })
        .expect(409);

      const org = await seedOrg(t.dataSource);
      const draft = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
      const refused = await api('post', `/api/v1/cycles/${draft.id}/close`).expect(409);
      expect(refused.body.code).toBe('NOT_LAUNCHED');
      await api('post', `/api/v1/cycles/00000000-0000-4000-8000-000000000000/close`).expect(404);
    });

    it('records a close on schedule as done by Tandem', async () => {
      const { cycleId } = await openCycle();
      await t.dataSource.query(
        `UPDATE cycles SET closes_at = now() - interval '1 minute' WHERE id = $1`,
        [cycleId],
      );
      await t.app.get(CycleLifecycleService).closeIfDue(cycleId);
      const [entry] = await historyOf(cycleId);
      expect(entry).toMatchObject({ kind: 'closed', actorName: null });
      const page = await hr.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain('Closed at its closing time');
      expect(page.text).toContain('Tandem, on schedule');
    });
  });

  describe('the launch warning', () => {
    it('lists the target groups whose headcount can never reach the thresholds, on the page and in the API', async () => {
      // Three people in each branch, nine in the region: below and above ANONYMITY_MIN (5).
      const org = await seedOrg(t.dataSource, 3);
      const [root, branch1, branch2] = org.unitIds;
      const cycle = await t.app.get(CyclesService).create(cycleInput([root]));
      const names = new Map<string, string>(
        (
          await t.dataSource.query(`SELECT id, name FROM units WHERE id = ANY($1::uuid[])`, [
            org.unitIds,
          ])
        ).map((u: { id: string; name: string }) => [u.id, u.name]),
      );
      const page = await hr.agent.get(`/admin/cycles/${cycle.id}/launch`).expect(200);
      expect(page.text).toContain('Groups that will never see their own results');
      expect(page.text).toContain('at least 5 employees answer');
      expect(page.text).toContain(`<th scope="row">${names.get(branch1)}</th>`);
      expect(page.text).toContain(`<th scope="row">${names.get(branch2)}</th>`);
      expect(page.text).not.toContain(`<th scope="row">${names.get(root)}</th>`);

      const res = await api('post', `/api/v1/cycles/${cycle.id}/launch`).expect(202);
      expect(res.body.warnings).toEqual({
        anonymityMin: 5,
        minCustomerResponses: 5,
        smallGroups: expect.arrayContaining([
          {
            unitId: branch1,
            unitName: names.get(branch1),
            employees: 3,
            contacts: 3,
            belowAnonymity: true,
            belowCustomerMinimum: true,
          },
          expect.objectContaining({ unitId: branch2, employees: 3, belowAnonymity: true }),
        ]),
      });
      expect(res.body.warnings.smallGroups).toHaveLength(2);
    });

    it('warns of nothing when every group is large enough', async () => {
      const org = await seedOrg(t.dataSource, 5);
      const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
      const page = await hr.agent.get(`/admin/cycles/${cycle.id}/launch`).expect(200);
      expect(page.text).not.toContain('Groups that will never see their own results');
      const res = await api('post', `/api/v1/cycles/${cycle.id}/launch`).expect(202);
      expect(res.body.warnings.smallGroups).toEqual([]);
    });
  });
});

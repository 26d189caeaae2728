import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { InvitationQueue } from '../src/delivery/invitation-queue.service';
import { InvitationSender, SEND_QUEUE } from '../src/delivery/invitation-sender.service';
import { JOB_SCHEMA, jobId } from '../src/jobs/job-queue.service';
import { cycleInput, Org, seedOrg, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { createTestApp, TestApp } from './support/test-app';

type SendBatch = Parameters<InvitationSender['handle']>[0];

/**
 * The reminder rule is delivery's, written once: the round a cycle queues and the sender's
 * claim of each send must agree on every case. Workers are off, so nothing is sent until a
 * test hands a batch to the sender itself.
 */
describe('Reminder rounds', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let org: Org;
  let cycleId: string;
  let ids: Map<string, string>;

  /** One recipient per way of not being due a first reminder; every one else is due. */
  const cases = () => ({
    answered: org.employees[0],
    bounced: org.employees[1],
    failed: org.employees[2],
    remindedThisRound: org.employees[3],
    neverSent: org.employees[4],
    unsubscribedFromInvitation: org.contacts[0],
    contactDeactivated: org.contacts[1],
    contactUnsubscribed: org.contacts[2],
  });
  const ineligible = () => Object.values(cases());
  const eligible = () =>
    [...org.employees, ...org.contacts].filter((a) => !ineligible().includes(a)).sort();

  const queuedFor = async (round: number): Promise<string[]> => {
    const rows: Array<{ email: string }> = await t.dataSource.query(
      `SELECT i.email FROM ${JOB_SCHEMA}.job j
         JOIN invitations i ON i.id = (j.data->>'invitationId')::uuid
        WHERE j.name = $1 AND (j.data->>'round')::int = $2 AND i.cycle_id = $3
        ORDER BY i.email`,
      [SEND_QUEUE, round, cycleId],
    );
    return rows.map((r) => r.email);
  };

  const remindersSent = async (): Promise<Map<string, number>> => {
    const rows: Array<{ email: string; reminders_sent: number }> = await t.dataSource.query(
      `SELECT email, reminders_sent FROM invitations WHERE cycle_id = $1`,
      [cycleId],
    );
    return new Map(rows.map((r) => [r.email, r.reminders_sent]));
  };

  /** Send jobs of `round` for these recipients, as a worker would fetch them. */
  const batchFor = (addresses: string[], round: number): SendBatch =>
    addresses.map((address) => {
      const invitationId = ids.get(address)!;
      return {
        id: jobId(SEND_QUEUE, `${invitationId}:${round}`),
        name: SEND_QUEUE,
        data: { invitationId, round },
        retryCount: 0,
        retryLimit: 10,
      };
    }) as unknown as SendBatch;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ SMTP_URL: sink.url });
    org = await seedOrg(t.dataSource);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    cycleId = cycle.id;
    await t.app.get(CycleLaunchService).launch(cycleId);
    const rows: Array<{ id: string; email: string }> = await t.dataSource.query(
      `SELECT id, email FROM invitations WHERE cycle_id = $1`,
      [cycleId],
    );
    ids = new Map(rows.map((r) => [r.email, r.id]));

    // The first wave went out; then each case became what its name says.
    await t.dataSource.query(
      `UPDATE invitations SET sent_at = now() - interval '4 days', delivery_state = 'sent' WHERE cycle_id = $1`,
      [cycleId],
    );
    const c = cases();
    const set = (address: string, assignment: string) =>
      t.dataSource.query(`UPDATE invitations SET ${assignment} WHERE id = $1`, [ids.get(address)]);
    await set(c.answered, 'responded = true');
    await set(c.bounced, `delivery_state = 'bounced'`);
    await set(c.failed, `delivery_state = 'failed'`);
    await set(c.remindedThisRound, 'reminders_sent = 1, last_reminded_at = now()');
    await set(c.neverSent, `sent_at = NULL, delivery_state = 'queued'`);
    await set(c.unsubscribedFromInvitation, 'unsubscribed_at = now()');
    await t.dataSource.query(`UPDATE contacts SET deactivated_at = now() WHERE email = $1`, [
      c.contactDeactivated,
    ]);
    await t.dataSource.query(
      `UPDATE contacts SET subscribed = false, unsubscribed_at = now() WHERE email = $1`,
      [c.contactUnsubscribed],
    );
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('queues a reminder round for exactly the eligible invitations', async () => {
    expect(eligible()).toHaveLength(10);
    const queued = await t.app.get(CycleLifecycleService).remind(cycleId, 1);
    expect(queued).toBe(eligible().length);
    expect(await queuedFor(1)).toEqual(eligible());
  });

  it('queues the same round only once', async () => {
    expect(await t.app.get(CycleLifecycleService).remind(cycleId, 1)).toBe(0);
    expect(await t.app.get(InvitationQueue).queueReminders(cycleId, 1)).toBe(0);
    expect(await queuedFor(1)).toEqual(eligible());
  });

  it('sends nothing from a claim the rule refuses, including someone who answered after queueing', async () => {
    const answeredSince = eligible()[0];
    await t.dataSource.query(`UPDATE invitations SET responded = true WHERE id = $1`, [
      ids.get(answeredSince),
    ]);
    const before = await remindersSent();

    // Every recipient's round-1 send, as if each had been queued: the claim decides.
    await t.app.get(InvitationSender).handle(batchFor([...ids.keys()], 1));

    const due = eligible().filter((a) => a !== answeredSince);
    expect(sink.received.map((m) => m.to).sort()).toEqual(due);
    const after = await remindersSent();
    for (const address of ids.keys())
      expect(after.get(address)).toBe(due.includes(address) ? 1 : before.get(address));
    const tokens: Array<{ email: string }> = await t.dataSource.query(
      `SELECT DISTINCT i.email FROM invitation_tokens k JOIN invitations i ON i.id = k.invitation_id
        WHERE i.cycle_id = $1 ORDER BY i.email`,
      [cycleId],
    );
    expect(tokens.map((r) => r.email)).toEqual(due);
  });

  it('lets the next round reach whoever has had fewer reminders than it', async () => {
    const c = cases();
    const answeredSince = eligible()[0];
    const expected = [...eligible().filter((a) => a !== answeredSince), c.remindedThisRound].sort();
    expect(await t.app.get(CycleLifecycleService).remind(cycleId, 2)).toBe(expected.length);
    expect(await queuedFor(2)).toEqual(expected);
  });

  it('refuses round 0 as a reminder round', async () => {
    const invitationsQueued = await queuedFor(0);
    await expect(t.app.get(InvitationQueue).queueReminders(cycleId, 0)).rejects.toThrow(RangeError);
    expect(await queuedFor(0)).toEqual(invitationsQueued);
  });
});

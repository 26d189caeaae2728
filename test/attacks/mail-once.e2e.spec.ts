/**
 * Each email goes once: the delivery faults reported against exactly-once mail, replayed with
 * real app processes and a real SMTP server (see mail-fault-scenarios.ts). Before the fix a
 * SIGTERM mid-delivery repeated messages, a throttled relay outlived the lease and repeated
 * them, and a SIGKILL repeated up to a whole batch and left the rest waiting minutes.
 */
import { randomUUID } from 'node:crypto';
import { version as pgBossVersion } from 'pg-boss/package.json';
import { SEND_QUEUE } from '../../src/delivery/invitation-sender.service';
import { JOB_SCHEMA, jobId, JobQueue } from '../../src/jobs/job-queue.service';
import { createTestApp, TestApp } from '../support/test-app';
import { runFaultScenario } from './mail-fault-scenarios';

const LEASE_SECONDS = 3;
const POOL = 3;

describe('Each email goes once', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Seeds and launches only; the app processes started by each scenario send.
    t = await createTestApp({ DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS) });
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps live send jobs running and fails stalled ones for a retry (pg-boss 10.4 job table)', async () => {
    // keepActive and failStalled write pg-boss's own table; a new pg-boss must be checked anew.
    expect(pgBossVersion).toBe('10.4.2');
    const jobs = t.app.get(JobQueue);
    const keys = [`${randomUUID()}:0`, `${randomUUID()}:0`];
    await jobs.sendMany(
      SEND_QUEUE,
      keys.map((key) => ({ key, data: { invitationId: randomUUID(), round: 0 } })),
    );
    const ids = keys.map((key) => jobId(SEND_QUEUE, key));
    // Both running, both last marked alive a minute ago (as pg-boss's fetch marks them).
    await t.dataSource.query(
      `UPDATE ${JOB_SCHEMA}.job SET state = 'active', started_on = now() - interval '1 minute'
        WHERE name = $1 AND id = ANY($2::uuid[])`,
      [SEND_QUEUE, ids],
    );
    await jobs.keepActive(SEND_QUEUE, [ids[0]]);
    expect(await jobs.failStalled(SEND_QUEUE, 30)).toBe(1);
    const rows: Array<{ id: string; state: string }> = await t.dataSource.query(
      `SELECT id, state FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])`,
      [SEND_QUEUE, ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0])?.state).toBe('active');
    expect(byId.get(ids[1])?.state).toBe('retry');
  });

  it('a SIGTERM mid-delivery doubles nothing, loses nothing and exits within 10 s', async () => {
    const figures = await runFaultScenario(t.app, {
      recipients: 300,
      poolSize: POOL,
      delayMs: 60,
      leaseSeconds: LEASE_SECONDS,
      fault: 'SIGTERM',
      faultAfter: 60,
      timeoutMs: 90_000,
    });
    expect(figures.atExit).toBeLessThan(300); // the instance stopped mid-delivery
    expect(figures.stoppedBy).toBe('SIGTERM'); // Nest's shutdown ran, not the watchdog
    expect(figures.stopMs).toBeLessThan(10_000);
    // What it had claimed and not sent was given back at once, not left to a lease.
    expect(figures.leftLeased).toBe(0);
    expect(figures.doubled).toBe(0);
    expect(figures.lost).toBe(0);
  }, 120_000);

  it('a throttled relay (one connection, slow answers) outlasting the lease doubles nothing', async () => {
    // 150 messages at ~70 ms each on one connection: about 11 s, several leases long.
    const figures = await runFaultScenario(t.app, {
      recipients: 150,
      poolSize: 1,
      delayMs: 60,
      leaseSeconds: LEASE_SECONDS,
      fault: null,
      timeoutMs: 90_000,
    });
    expect(figures.doubled).toBe(0);
    expect(figures.lost).toBe(0);
  }, 120_000);

  it('a SIGKILL mid-delivery doubles at most the messages in flight, loses nothing', async () => {
    const figures = await runFaultScenario(t.app, {
      recipients: 300,
      poolSize: POOL,
      delayMs: 60,
      leaseSeconds: LEASE_SECONDS,
      fault: 'SIGKILL',
      faultAfter: 60,
      timeoutMs: 90_000,
    });
    expect(figures.atExit).toBeLessThan(300);
    expect(figures.doubled).toBeLessThanOrEqual(POOL);
    expect(figures.lost).toBe(0);
    // The dead instance's leases and jobs come back within a few leases, not minutes: timed
    // from the kill to the next instance's first message (its start included), not from the
    // start of the scenario, whose first process start took over 30 s on a busy machine.
    expect(figures.resumedMs).toBeLessThan(60_000);
  }, 120_000);
});

/**
 * Each email goes once: the delivery faults reported against exactly-once mail, replayed with
 * real app processes and a real SMTP server (see mail-fault-scenarios.ts). Before the fix a
 * SIGTERM mid-delivery repeated messages, a throttled relay outlived the lease and repeated
 * them, and a SIGKILL repeated up to a whole batch and left the rest waiting minutes.
 */
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
    const started = Date.now();
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
    // The dead instance's leases and jobs come back within a few leases, not minutes.
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});

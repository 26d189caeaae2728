import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/app.config';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { cycleInput, seedOrg, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { jobsSettled } from './support/jobs';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another app instance on the same database, as a second server (or a restart) would be. */
async function startInstance(
  databaseUrl: string,
  smtpUrl: string,
): Promise<NestFastifyApplication> {
  return createApp(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
      DATA_DIR: tempDir('data'),
      JOBS_ENABLED: 'true',
      SMTP_URL: smtpUrl,
      APP_URL: 'http://127.0.0.1:3999',
    }),
  );
}

/** Each address got its email once, and nothing more is on its way (no job running or due). */
async function expectEachOnce(db: DataSource, sink: SmtpSink, addresses: string[]) {
  await sink.waitFor(addresses.length, 60_000);
  await jobsSettled(db);
  for (const a of addresses) expect(sink.countFor(a)).toBe(1);
  expect(sink.received).toHaveLength(addresses.length);
}

describe('Delivery when things go wrong', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeEach(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ JOBS_ENABLED: 'true', SMTP_URL: sink.url });
  });

  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  it('delivers every message exactly once after the SMTP server refused for a while', async () => {
    const org = await seedOrg(t.dataSource);
    const refuseUntil = Date.now() + 3000;
    sink.refuseMailFrom = () =>
      Date.now() < refuseUntil ? { code: 421, message: 'Try again later' } : null;
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);

    while (sink.mailFromAttempts < 18 && Date.now() < refuseUntil) await sleep(50);
    await sleep(300);
    const [during] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE last_error LIKE '%421%')::int AS refused FROM invitations WHERE cycle_id = $1`,
      [cycle.id],
    );
    expect(during.refused).toBeGreaterThan(0);
    await expectEachOnce(t.dataSource, sink, [...org.employees, ...org.contacts]);
    const states = await t.dataSource.query(
      `SELECT delivery_state, count(*)::int AS n, max(attempts)::int AS attempts FROM invitations WHERE cycle_id = $1 GROUP BY 1`,
      [cycle.id],
    );
    expect(states).toEqual([{ delivery_state: 'sent', n: 18, attempts: expect.any(Number) }]);
    expect(states[0].attempts).toBeGreaterThan(1);
  }, 90_000);

  it('records a permanent refusal on the invitation and shows it on the cycle page', async () => {
    const org = await seedOrg(t.dataSource);
    const unknown = org.contacts[0];
    sink.refuseRcpt = (address) =>
      address === unknown ? { code: 550, message: 'No such user here' } : null;
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);
    await expectEachOnce(
      t.dataSource,
      sink,
      [...org.employees, ...org.contacts].filter((a) => a !== unknown),
    );

    const [row] = await t.dataSource.query(
      `SELECT delivery_state, last_error, sent_at FROM invitations WHERE cycle_id = $1 AND email = $2`,
      [cycle.id, unknown],
    );
    expect(row.delivery_state).toBe('bounced');
    expect(row.last_error).toContain('550');
    expect(row.sent_at).toBeNull();
    const { agent } = await signedInAgent(t, 'hr');
    const page = await agent.get(`/admin/cycles/${cycle.id}`).expect(200);
    expect(page.text).toContain('Emails that could not be delivered');
    expect(page.text).toContain(unknown);
    expect(page.text).toContain('No such user here');
  });

  it('resumes a launch that stopped after creating invitations, sending each once', async () => {
    const org = await seedOrg(t.dataSource);
    const launcher = t.app.get(CycleLaunchService);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    // The crash: invitations exist, the cycle never got to queue their emails.
    await t.dataSource.query(
      `UPDATE cycles SET status = 'scheduled', launched_at = now() WHERE id = $1`,
      [cycle.id],
    );
    await launcher.createInvitations(cycle.id);
    await launcher.createInvitations(cycle.id);
    await jobsSettled(t.dataSource);
    expect(sink.received).toHaveLength(0);

    await Promise.all([launcher.launch(cycle.id), launcher.launch(cycle.id)]);
    await expectEachOnce(t.dataSource, sink, [...org.employees, ...org.contacts]);
  });

  it('sends each email once when two instances launch the same cycle at the same moment', async () => {
    const org = await seedOrg(t.dataSource, 40);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    const second = await startInstance(t.databaseUrl, sink.url);
    try {
      await Promise.all([
        t.app.get(CycleLaunchService).launch(cycle.id),
        second.get(CycleLaunchService).launch(cycle.id),
      ]);
      await expectEachOnce(t.dataSource, sink, [...org.employees, ...org.contacts]);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM invitations WHERE cycle_id = $1`,
        [cycle.id],
      );
      expect(n).toBe(240);
    } finally {
      await second.close();
    }
  }, 90_000);

  it('finishes on a second instance what a stopped instance left half sent, with no repeats', async () => {
    // More recipients than the first instance's in-flight batches (2 loops × 200).
    const org = await seedOrg(t.dataSource, 150);
    const everyone = [...org.employees, ...org.contacts];
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);
    await sink.waitFor(20, 60_000);
    await t.close(); // the first instance stops mid-delivery (finishing only its in-flight batches)
    const sentBefore = sink.received.length;
    expect(sentBefore).toBeLessThan(everyone.length);

    const second = await startInstance(t.databaseUrl, sink.url);
    try {
      await second.get(CycleLaunchService).launch(cycle.id); // someone presses launch again, too
      await expectEachOnce(second.get(DataSource), sink, everyone);
    } finally {
      await second.close();
      t = await createTestApp(); // for afterEach
    }
  }, 120_000);
});

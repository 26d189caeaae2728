import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { findFreePort } from '../src/database/embedded-postgres';
import { SEND_QUEUE } from '../src/delivery/invitation-sender.service';
import { cycleInput, seedOrg, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { parsePrometheusText, Sample, sampleValue } from './support/prometheus-text';
import {
  createOpenCycle,
  createUnit,
  inviteCustomer,
  inviteEmployee,
} from './support/respond-factories';
import { seedReportWorld } from './reports.fixtures';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';

const TOKEN = 'metrics-token-for-the-tests-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('/metrics on the app port (METRICS_TOKEN)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await t.close();
  });

  const scrape = async (): Promise<{ text: string; samples: Sample[] }> => {
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: res.text, samples: parsePrometheusText(res.text) };
  };

  it('refuses a scrape without the token or with a wrong one (401), and a staff session is no token', async () => {
    const none = await t.http().get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.text).not.toContain('tandem_');
    const wrong = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(401);
    const basic = await t.http().get('/metrics').set('Authorization', `Basic ${TOKEN}`);
    expect(basic.status).toBe(401);
    const { agent } = await signedInAgent(t, 'admin');
    const session = await agent.get('/metrics');
    expect(session.status).toBe(401);
    expect(session.text).not.toContain('tandem_');
  });

  it('answers with the Prometheus text format, every series of each family declared', async () => {
    const { samples } = await scrape();
    expect(sampleValue(samples, 'tandem_emails_total', { outcome: 'sent' })).toBe(0);
    expect(sampleValue(samples, 'tandem_report_cache_lookups_total', { result: 'hit' })).toEqual(
      expect.any(Number),
    );
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('times requests by route pattern, and no personal link appears in the metrics', async () => {
    const unitId = await createUnit(t.dataSource);
    const { cycleId } = await createOpenCycle(t.dataSource);
    const employee = await inviteEmployee(t.dataSource, cycleId, unitId);
    const customer = await inviteCustomer(t.dataSource, cycleId, unitId);
    const before = sampleValue(
      (await scrape()).samples,
      'tandem_http_request_duration_seconds_count',
      { method: 'GET', route: '/s/:token', status: '200' },
    );
    await t.http().get(`/s/${employee.token}`).expect(200);
    await t.http().get(`/s/${customer.token}`).expect(200);
    await t.http().get(`/u/${customer.token}`);
    await t.http().get(`/s/${employee.token}/no/such/page`).expect(404);
    await t.http().get('/health').expect(200);

    const { text, samples } = await scrape();
    const count = (labels: Record<string, string>) =>
      sampleValue(samples, 'tandem_http_request_duration_seconds_count', labels);
    expect(count({ method: 'GET', route: '/s/:token', status: '200' })).toBe((before ?? 0) + 2);
    expect(count({ method: 'GET', route: '/health', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    const routes = new Set(
      samples
        .filter((s) => s.name === 'tandem_http_request_duration_seconds_count')
        .map((s) => s.labels.route),
    );
    expect(routes).toContain('/u/:token');
    for (const route of routes) expect(route).toMatch(/^(\/[\w.*:-]*)+$|^unmatched$/);
    for (const token of [employee.token, customer.token]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(0, 12));
    }
  });

  it('shows the depth and age of waiting jobs per queue after a launch queues them', async () => {
    const org = await seedOrg(t.dataSource);
    // Opened a minute ago: its open job has been due for that long.
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);
    const { samples } = await scrape();
    const recipients = org.employees.length + org.contacts.length;
    expect(sampleValue(samples, 'tandem_job_queue_depth', { queue: SEND_QUEUE })).toBe(recipients);
    expect(
      sampleValue(samples, 'tandem_job_queue_oldest_age_seconds', { queue: 'cycle-open' }),
    ).toBeGreaterThanOrEqual(55);
    // The close job and both reminders wait for their days.
    expect(sampleValue(samples, 'tandem_job_queue_scheduled', { queue: 'cycle-close' })).toBe(1);
    expect(sampleValue(samples, 'tandem_job_queue_scheduled', { queue: 'cycle-remind' })).toBe(2);
    expect(sampleValue(samples, 'tandem_job_queue_depth', { queue: 'cycle-close' })).toBe(0);
  });

  it('counts report cache hits: the second read of a report is one', async () => {
    const world = await seedReportWorld(t.dataSource);
    const { agent } = await signedInAgent(t, 'executive');
    const hits = async () =>
      sampleValue((await scrape()).samples, 'tandem_report_cache_lookups_total', {
        result: 'hit',
      })!;
    const misses = async () =>
      sampleValue((await scrape()).samples, 'tandem_report_cache_lookups_total', {
        result: 'miss',
      })!;
    const [hits0, misses0] = [await hits(), await misses()];
    await agent.get(`/api/v1/reports/cycles/${world.latest}`).expect(200);
    const [hits1, misses1] = [await hits(), await misses()];
    expect(misses1).toBeGreaterThan(misses0);
    await agent.get(`/api/v1/reports/cycles/${world.latest}`).expect(200);
    expect(await hits()).toBeGreaterThan(hits1);
    expect(await misses()).toBe(misses1);
    expect(hits1).toBeGreaterThanOrEqual(hits0);
  });
});

describe('/metrics on its own port (METRICS_PORT)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let url: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}/metrics`;
    t = await createTestApp({
      METRICS_PORT: String(port),
      METRICS_TOKEN: TOKEN,
      JOBS_ENABLED: 'true',
      SMTP_URL: sink.url,
    });
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const scrape = async (): Promise<Sample[]> => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return parsePrometheusText(await res.text());
  };

  it('serves /metrics there only, behind the token; the app port has none', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url.replace('/metrics', '/'))).status).toBe(404);
    expect(await scrape()).toEqual(expect.arrayContaining([expect.anything()]));
    const onAppPort = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(onAppPort.status).toBe(404);
  });

  it('counts emails sent, failed for now (421) and bounced (550) as the mail server answered', async () => {
    const org = await seedOrg(t.dataSource);
    const refused = org.contacts[0];
    sink.refuseRcpt = (address) =>
      address === refused ? { code: 550, message: 'No such user here' } : null;
    sink.refuseMailFrom = (attempt) =>
      attempt === 1 ? { code: 421, message: 'Try again later' } : null;
    const before = await scrape();
    const emails = (samples: Sample[], outcome: string) =>
      sampleValue(samples, 'tandem_emails_total', { outcome })!;
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);

    const delivered = org.employees.length + org.contacts.length - 1;
    await sink.waitFor(delivered, 90_000);
    let after = await scrape();
    const deadline = Date.now() + 30_000;
    while (emails(after, 'bounced') < 1 && Date.now() < deadline) {
      await sleep(200);
      after = await scrape();
    }
    expect(emails(after, 'sent') - emails(before, 'sent')).toBe(sink.received.length);
    expect(emails(after, 'bounced') - emails(before, 'bounced')).toBe(1);
    expect(emails(after, 'failed') - emails(before, 'failed')).toBeGreaterThanOrEqual(1);
  }, 150_000);
});

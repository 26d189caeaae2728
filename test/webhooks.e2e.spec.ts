import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, Server } from 'node:https';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { FollowUpOpener } from '../src/follow-through/follow-up-opener.service';
import { WebhookDeliveriesService } from '../src/webhooks/webhook-deliveries.service';
import { buildPayload, WEBHOOK_PAYLOAD_FIELDS } from '../src/webhooks/webhook-events';
import { person, seedPlanOrg } from './follow-through.fixtures';
import { BUILTIN, cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, TestApp } from './support/test-app';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

const CERTS = join(__dirname, 'fixtures', 'webhooks');
const CA_FILE = join(CERTS, 'webhook-receiver.cert.pem');

/**
 * A real HTTPS receiver on loopback, with a self-signed certificate the app trusts through
 * WEBHOOK_CA_FILE; `/flaky` answers 500 twice, then 204.
 */
async function startReceiver() {
  const received: Received[] = [];
  let flakyCalls = 0;
  const tls = {
    cert: readFileSync(CA_FILE),
    key: readFileSync(join(CERTS, 'webhook-receiver.key.pem')),
  };
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const fail = req.url === '/down' || (req.url === '/flaky' && ++flakyCalls <= 2);
      res.writeHead(fail ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: `https://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** The verification recipe of README ("Webhooks"), written out as a receiver would. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  return parts.v1 === expected && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

describe('Webhooks end to end (real HTTPS receiver, real job queue)', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Awaited<ReturnType<typeof person>>;
  const secrets = new Map<string, string>();
  const ids = new Map<string, string>();

  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const bodies = (path: string) =>
    at(path).map(
      (r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> },
    );

  /** Waits (polling, no fixed sleep) until `check` holds; fails after `ms`. */
  async function until(check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('Timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function register(path: string, events: string[]) {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set(admin.bearer)
      .send({ url: `${receiver.url}${path}`, events, description: path });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    secrets.set(path, res.body.secret);
    ids.set(path, res.body.id);
    return res.body as { id: string; secret: string };
  }

  async function log(path: string) {
    const res = await t
      .http()
      .get(`/api/v1/webhooks/${ids.get(path)}/deliveries`)
      .set(admin.bearer)
      .expect(200);
    return res.body.items as Array<Record<string, unknown>>;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_RETRY_LIMIT: '4',
      WEBHOOK_CA_FILE: CA_FILE,
    });
    admin = await person(t, 'admin');
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('refuses private, link-local and non-https targets, even with loopback allowed for tests', async () => {
    for (const url of [
      'https://10.0.0.8/hook',
      'https://192.168.1.20/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'http://93.184.216.34/hook',
    ]) {
      const res = await t
        .http()
        .post('/api/v1/webhooks')
        .set(admin.bearer)
        .send({ url, events: ['cycle.closed'] });
      expect({ url, status: res.status }).toEqual({ url, status: 422 });
      expect(res.body.message).toMatch(/public|https/);
    }
    const none = await t.http().get('/api/v1/webhooks').set(admin.bearer).expect(200);
    expect(none.body).toEqual([]);
    // Only admins register endpoints.
    const hr = await person(t, 'hr');
    await t
      .http()
      .post('/api/v1/webhooks')
      .set(hr.bearer)
      .send({ url: 'https://93.184.216.34/hook', events: ['cycle.closed'] })
      .expect(403);
    await hr.agent.get('/admin/webhooks').expect(403);
  });

  it('signs cycle events, retries a 500 with backoff until it succeeds, and sends nothing to a disabled endpoint', async () => {
    await register('/ok', [
      'cycle.opened',
      'cycle.closed',
      'follow_up.opened',
      'follow_up.resolved',
      'action_plan.shared',
    ]);
    await register('/flaky', ['cycle.closed']);
    const off = await register('/off', ['cycle.opened', 'cycle.closed']);
    await t
      .http()
      .patch(`/api/v1/webhooks/${off.id}`)
      .set(admin.bearer)
      .send({ enabled: false })
      .expect(200);
    // The secret was shown once; neither the list nor the database holds it in clear.
    const listed = await t.http().get('/api/v1/webhooks').set(admin.bearer).expect(200);
    expect(listed.body).toHaveLength(3);
    const stored = JSON.stringify(await t.dataSource.query(`SELECT * FROM webhook_endpoints`));
    for (const secret of secrets.values()) {
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }

    const org = await seedOrg(t.dataSource, 1);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);
    await until(() => at('/ok').length >= 1);
    await t.app.get(CycleLifecycleService).close(cycle.id);
    await until(() => at('/ok').length >= 2 && at('/flaky').length >= 3);

    const [opened, closed] = bodies('/ok');
    expect(opened.type).toBe('cycle.opened');
    expect(closed.type).toBe('cycle.closed');
    expect(Object.keys(closed.data)).toEqual([...WEBHOOK_PAYLOAD_FIELDS['cycle.closed']]);
    expect(closed.data).toMatchObject({ cycleId: cycle.id, name: cycle.name });
    for (const r of [...at('/ok'), ...at('/flaky')]) {
      const path = r.path;
      expect(verify(secrets.get(path)!, String(r.headers['tandem-signature']), r.body)).toBe(true);
      expect(
        verify(
          secrets.get(path === '/ok' ? '/flaky' : '/ok')!,
          String(r.headers['tandem-signature']),
          r.body,
        ),
      ).toBe(false);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(at('/ok')[1].headers['tandem-event']).toBe('cycle.closed');

    // The flaky receiver: 500, 500, then 204; each retry waited longer than the one before.
    const flaky = at('/flaky');
    expect(new Set(flaky.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    expect(new Set(flaky.map((r) => r.headers['tandem-delivery'])).size).toBe(1);
    const gaps = [flaky[1].at - flaky[0].at, flaky[2].at - flaky[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(1900);
    await until(async () => (await log('/flaky'))[0]?.state === 'delivered');
    const [flakyLog] = await log('/flaky');
    expect(flakyLog).toMatchObject({
      eventType: 'cycle.closed',
      attempts: 3,
      responseStatus: 204,
      error: null,
    });
    expect(typeof flakyLog.durationMs).toBe('number');

    // Closing again (its listeners are idempotent) queues nothing new.
    await t.app.get(CycleLifecycleService).close(cycle.id);
    expect((await log('/ok')).length).toBe(2);

    expect(at('/off')).toEqual([]);
    expect(await log('/off')).toEqual([]);
  });

  it('replays a delivery: the same event id, a new delivery id and a fresh valid signature', async () => {
    const before = at('/ok').length;
    const [latest] = await log('/ok');
    const res = await t
      .http()
      .post(`/api/v1/webhooks/${ids.get('/ok')}/deliveries/${String(latest.id)}/replay`)
      .set(admin.bearer)
      .expect(201);
    expect(res.body.replayOf).toBe(latest.id);
    // Who replayed what is in the audit log (the payload is not).
    const [audited] = await t.dataSource.query(
      `SELECT actor_user_id, target_id, details FROM audit_events WHERE action = 'webhook.replay'`,
    );
    expect(audited).toEqual({
      actor_user_id: admin.user.id,
      target_id: ids.get('/ok'),
      details: { eventType: latest.eventType, replayOf: latest.id, delivery: res.body.id },
    });
    await until(() => at('/ok').length === before + 1);
    const again = at('/ok')[before];
    expect(JSON.parse(again.body).id).toBe(latest.eventId);
    expect(again.headers['tandem-delivery']).toBe(res.body.id);
    expect(verify(secrets.get('/ok')!, String(again.headers['tandem-signature']), again.body)).toBe(
      true,
    );
    await until(async () => (await log('/ok'))[0]?.state === 'delivered');

    const refused = await t
      .http()
      .post(`/api/v1/webhooks/${ids.get('/off')}/deliveries/${String(latest.id)}/replay`)
      .set(admin.bearer);
    expect(refused.status).toBe(409);
  });

  it('stops retrying once an endpoint is disabled: the delivery is marked not sent', async () => {
    const down = await register('/down', ['cycle.closed']);
    const key = 'cycle.closed:retry-then-disable';
    const payload = buildPayload('cycle.closed', key, new Date(), { cycleId: 'x' } as never);
    // Every enabled endpoint that chose cycle.closed: /ok, /flaky and /down.
    expect(await t.app.get(WebhookDeliveriesService).publish(key, payload)).toBe(3);
    await until(() => at('/down').length === 1);
    await t
      .http()
      .patch(`/api/v1/webhooks/${down.id}`)
      .set(admin.bearer)
      .send({ enabled: false })
      .expect(200);
    await until(async () => (await log('/down'))[0]?.state === 'skipped');
    expect(at('/down')).toHaveLength(1);
    expect((await log('/down'))[0]).toMatchObject({ attempts: 1, responseStatus: 500 });
  });

  it("refuses to sign with a sealed secret copied from another endpoint's row", async () => {
    const moved = await register('/moved', ['follow_up.resolved']);
    await t.dataSource.query(
      `UPDATE webhook_endpoints SET secret_sealed = (SELECT secret_sealed FROM webhook_endpoints WHERE id = $2)
        WHERE id = $1`,
      [moved.id, ids.get('/ok')],
    );
    const key = 'follow_up.resolved:moved-secret';
    const payload = buildPayload('follow_up.resolved', key, new Date(), {} as never);
    await t.app.get(WebhookDeliveriesService).publish(key, payload);
    await until(async () => (await log('/moved'))[0]?.state === 'failed');
    expect((await log('/moved'))[0]).toMatchObject({
      attempts: 0,
      error: expect.stringMatching(/RESPONSE_KEY/),
    });
    expect(at('/moved')).toEqual([]);
    await t.http().delete(`/api/v1/webhooks/${moved.id}`).set(admin.bearer).expect(204);
  });

  it('keeps finished deliveries 90 days in the log, and waiting ones until they finish', async () => {
    const service = t.app.get(WebhookDeliveriesService);
    const [kept] = await log('/ok');
    await t.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_key, event_type, body, state, created_at)
       VALUES ($1, 'old:1', 'cycle.closed', '{}', 'delivered', now() - interval '91 days'),
              ($1, 'old:2', 'cycle.closed', '{}', 'retrying', now() - interval '91 days'),
              ($1, 'old:3', 'cycle.closed', '{}', 'failed', now() - interval '89 days')`,
      [ids.get('/ok')],
    );
    expect(await service.prune()).toBe(1);
    const left: { event_key: string }[] = await t.dataSource.query(
      `SELECT event_key FROM webhook_deliveries WHERE event_key LIKE 'old:%' ORDER BY event_key`,
    );
    expect(left.map((r) => r.event_key)).toEqual(['old:2', 'old:3']);
    expect((await log('/ok')).map((d) => d.id)).toContain(kept.id);
  });

  it('sends follow-up and action plan events without answers, comments or scores', async () => {
    const org = await seedOrg(t.dataSource, 1);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    await t.app.get(CycleLaunchService).launch(cycle.id);
    const questions: { key: string; kind: string }[] = await t.dataSource.query(
      `SELECT key, kind FROM questions WHERE survey_id = $1`,
      [BUILTIN.customer],
    );
    const answers = Object.fromEntries(
      questions.flatMap((q): Array<[string, unknown]> =>
        q.kind === 'nps' ? [[q.key, 1]] : q.kind === 'text' ? [[q.key, 'Private remark 4711']] : [],
      ),
    );
    await t.dataSource.query(
      `INSERT INTO customer_responses (cycle_id, unit_id, answers) VALUES ($1, $2, $3::jsonb)`,
      [cycle.id, org.unitIds[1], JSON.stringify(answers)],
    );
    await t.app.get(FollowUpOpener).openPending({ cycleId: cycle.id });
    await until(() => bodies('/ok').some((b) => b.type === 'follow_up.opened'));
    const opened = bodies('/ok').find((b) => b.type === 'follow_up.opened')!;
    expect(Object.keys(opened.data)).toEqual([...WEBHOOK_PAYLOAD_FIELDS['follow_up.opened']]);
    expect(opened.data.reasons).toEqual(expect.arrayContaining(['detractor', 'comment']));

    await t
      .http()
      .post(`/api/v1/follow-ups/${String(opened.data.followUpId)}/resolve`)
      .set(admin.bearer)
      .send({ note: 'Called them back' })
      .expect(200);
    await until(() => bodies('/ok').some((b) => b.type === 'follow_up.resolved'));

    const plans = await seedPlanOrg(t.dataSource);
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const plan = await t
      .http()
      .post('/api/v1/action-plans')
      .set(admin.bearer)
      .send({
        cycleId: plans.cycleId,
        unitId: plans.bigId,
        actions: [{ what: 'Fix rota', owner: 'Sam', dueOn: soon }],
      })
      .expect(201);
    await t.http().post(`/api/v1/action-plans/${plan.body.id}/share`).set(admin.bearer).expect(200);
    await until(() => bodies('/ok').some((b) => b.type === 'action_plan.shared'));
    const shared = bodies('/ok').find((b) => b.type === 'action_plan.shared')!;
    expect(shared.data).toMatchObject({
      planId: plan.body.id,
      unitId: plans.bigId,
      round: 1,
      actions: 1,
    });

    const everything = at('/ok')
      .map((r) => r.body)
      .join('\n');
    expect(everything).not.toContain('Private remark 4711');
    expect(everything).not.toContain('Fix rota');
    expect(everything).not.toMatch(/"(answers|nps|csat|comment|email)":/);
  });
});

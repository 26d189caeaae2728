/**
 * delivery: the same survey emails to a local SMTP sink (smtp-server on loopback), first by a
 * bare nodemailer pooled loop, then by Tandem's delivery worker (pg-boss jobs, token hashes,
 * leases, each outcome recorded as the server accepts it), in the same run and with the same
 * pool size.
 *   delivery_raw_msg_per_s  bare pooled nodemailer loop over pre-rendered messages
 *   delivery_msg_per_s      an opened cycle's invitations (created beforehand, as the launch
 *                           benchmark times that) from queueing their sends until the sink has
 *                           accepted every one and each is recorded as sent
 *   delivery_ratio          the second over the first
 */
import 'reflect-metadata';
import { cycleInput } from '../test/support/delivery-fixtures';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../src/config/app.config';
import { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { EmailRenderer } from '../src/delivery/email-renderer.service';
import { generateToken } from '../src/delivery/tokens';
import { withBenchApp } from './support/bench-app';

const MESSAGES = 5000;
const POOL = 5;

/** Accepts and counts every message. */
async function startSink(): Promise<{
  port: number;
  count: () => number;
  close: () => Promise<void>;
}> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    count: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function seed(db: DataSource): Promise<string> {
  const [root]: Array<{ id: string }> = await db.query(
    `INSERT INTO units (external_id, name, path) VALUES ('root', 'Company', '/') RETURNING id`,
  );
  await db.query(`UPDATE units SET path = '/' || id || '/' WHERE id = $1`, [root.id]);
  await db.query(
    `INSERT INTO units (external_id, name, parent_id, path)
     SELECT 'T' || n, 'Team ' || n, $1::uuid, '/' || $1::text || '/' FROM generate_series(1, 50) n`,
    [root.id],
  );
  await db.query(`UPDATE units SET path = path || id || '/' WHERE parent_id IS NOT NULL`);
  await db.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM units WHERE parent_id IS NOT NULL)
     INSERT INTO employees (email, name, unit_id, hire_date)
     SELECT 'person' || g || '@sink.test', 'Person ' || g, u.id, current_date - (g % 2000)
       FROM generate_series(1, $1) g JOIN u ON u.i = g % u.n`,
    [MESSAGES],
  );
  return root.id;
}

async function main(): Promise<void> {
  const sink = await startSink();
  await withBenchApp(
    {
      JOBS_ENABLED: 'true',
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      SMTP_POOL_SIZE: String(POOL),
    },
    async (app) => {
      const mailFrom = app.get<ConfigService<AppConfig, true>>(ConfigService).get('mail', {
        infer: true,
      }).from;
      const db = app.get(DataSource);
      const rootId = await seed(db);

      // 1. The bare pooled loop, with the very messages Tandem renders.
      const renderer = app.get(EmailRenderer);
      const messages = Array.from({ length: MESSAGES }, (_, i) =>
        renderer.render({
          invitationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          audience: 'employee',
          email: `person${i}@sink.test`,
          recipientName: `Person ${i}`,
          closesAt: new Date(Date.now() + 14 * 86_400_000),
          questionCount: 12,
          minutes: 2,
          round: 0,
          surveyToken: generateToken(),
        }),
      );
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: sink.port,
        secure: false,
        pool: true,
        maxConnections: POOL,
        maxMessages: Infinity,
      });
      const rawStarted = process.hrtime.bigint();
      await Promise.all(
        messages.map((m) =>
          transport.sendMail({
            from: mailFrom,
            to: m.to,
            subject: m.subject,
            html: m.html,
            text: m.text,
            messageId: m.messageId,
            headers: m.headers,
          }),
        ),
      );
      const rawSeconds = Number(process.hrtime.bigint() - rawStarted) / 1e9;
      transport.close();
      if (sink.count() !== MESSAGES) throw new Error(`Sink got ${sink.count()} of ${MESSAGES}`);

      // 2. Tandem: launch a cycle to the same number of people and wait for the sink.
      const cycle = await app
        .get(CyclesService)
        .create(cycleInput([rootId], { customerSurveyId: null, reminderDays: [] }));
      // Invitations exist and the cycle is open, as after the first half of a launch.
      const launcher = app.get(CycleLaunchService);
      await launcher.createInvitations(cycle.id);
      await db.query(`UPDATE cycles SET status = 'open', launched_at = now() WHERE id = $1`, [
        cycle.id,
      ]);
      const before = sink.count();
      const started = process.hrtime.bigint();
      await launcher.queueInitialSends(cycle.id);
      const deadline = Date.now() + 300_000;
      while (sink.count() - before < MESSAGES) {
        if (Date.now() > deadline)
          throw new Error(`Only ${sink.count() - before} of ${MESSAGES} delivered`);
        await new Promise((r) => setTimeout(r, 5));
      }
      // Done means recorded, not only accepted by the sink.
      for (;;) {
        const [{ sent }]: Array<{ sent: number }> = await db.query(
          `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent FROM invitations WHERE cycle_id = $1`,
          [cycle.id],
        );
        if (sent === MESSAGES || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await new Promise((r) => setTimeout(r, 500));
      const [{ sent }]: Array<{ sent: number }> = await db.query(
        `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent FROM invitations WHERE cycle_id = $1`,
        [cycle.id],
      );
      if (sink.count() - before !== MESSAGES || sent !== MESSAGES)
        throw new Error(
          `Delivered ${sink.count() - before}, recorded ${sent}, expected ${MESSAGES} each`,
        );

      const raw = MESSAGES / rawSeconds;
      const ours = MESSAGES / seconds;
      console.log(`delivery_raw_msg_per_s: ${Math.round(raw)} msg/s`);
      console.log(`delivery_msg_per_s: ${Math.round(ours)} msg/s`);
      console.log(`delivery_ratio: ${(ours / raw).toFixed(2)}`);
    },
  );
  await sink.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

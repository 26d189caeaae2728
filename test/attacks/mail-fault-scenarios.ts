/**
 * Delivery under faults, end to end: a cycle's emails go through real app processes (the
 * application's own entry point, as `npm start` runs it) to a real SMTP server on loopback that
 * counts what it accepts per recipient. One instance is stopped mid-delivery (SIGTERM or
 * SIGKILL) and another finishes the work; or one instance delivers through a throttled relay.
 * Used by test/attacks/mail-once.e2e.spec.ts and bench/mail-faults.bench.ts.
 */
import { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app.config';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { CycleLaunchService } from '../../src/cycles/cycle-launch.service';
import { CyclesService } from '../../src/cycles/cycles.service';
import { cycleInput, SmtpSink, startSmtpSink } from '../support/delivery-fixtures';

export interface FaultScenario {
  recipients: number;
  /** SMTP connections per instance (SMTP_POOL_SIZE). */
  poolSize: number;
  /** How long the SMTP server takes to accept each message. */
  delayMs: number;
  /** DELIVERY_LEASE_SECONDS of the instances; unset: the default. */
  leaseSeconds?: number;
  /** What happens to the first instance after `faultAfter` messages; null: nothing. */
  fault: 'SIGTERM' | 'SIGKILL' | null;
  faultAfter?: number;
  timeoutMs: number;
}

export interface FaultFigures {
  recipients: number;
  /** Messages beyond the first per recipient. */
  doubled: number;
  /** Recipients who never got one, or whose invitation is not recorded as sent. */
  lost: number;
  /** From the signal to the first instance's exit. */
  stopMs?: number;
  /** How the first instance ended: its exit code, or the signal that ended it. */
  stoppedBy?: string;
  /** Right after the first instance exited: invitations it still held a lease on. */
  leftLeased?: number;
  /** Messages the sink had accepted when the fault struck / when the first instance exited. */
  atFault?: number;
  atExit?: number;
  /** From the fault until the next instance had a new message accepted. */
  resumedMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An app instance in its own process, from src/main.ts (TypeScript compiled on the fly). */
export interface AppProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export function startAppProcess(env: Record<string, string>): AppProcess {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-mail-fault-'));
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join('src', 'main.ts')],
    {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        APP_URL: 'http://127.0.0.1:3999',
        DATA_DIR: dataDir,
        JOBS_ENABLED: 'true',
        SESSION_SECRET: 'fault-test-session-secret-long-enough-0123456789',
        RESPONSE_KEY: 'fault-test-response-key-long-enough-0123456789',
        ADMIN_EMAIL: 'admin@fault.test',
        ADMIN_PASSWORD: 'fault-test-admin-password',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  return { child, exited, output: () => output };
}

/** `n` employees in ten teams under one root unit; returns the root and their addresses. */
export async function seedPeople(
  db: DataSource,
  n: number,
): Promise<{ rootId: string; emails: string[] }> {
  const tag = randomUUID().slice(0, 8);
  const [root]: Array<{ id: string }> = await db.query(
    `INSERT INTO units (external_id, name, path) VALUES ($1, $2, '/') RETURNING id`,
    [`root-${tag}`, `Company ${tag}`],
  );
  await db.query(`UPDATE units SET path = '/' || id || '/' WHERE id = $1`, [root.id]);
  await db.query(
    `INSERT INTO units (external_id, name, parent_id, path)
     SELECT $2 || '-' || t, 'Team ' || t, $1::uuid, '/' || $1::text || '/' FROM generate_series(1, 10) t`,
    [root.id, tag],
  );
  await db.query(`UPDATE units SET path = path || id || '/' WHERE parent_id = $1`, [root.id]);
  const emails: Array<{ email: string }> = await db.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM units WHERE parent_id = $1)
     INSERT INTO employees (email, name, unit_id, hire_date)
     SELECT 'p' || g || '-' || $2 || '@fault.test', 'Person ' || g, u.id, current_date - (g % 2000)
       FROM generate_series(1, $3::int) g JOIN u ON u.i = g % 10
     RETURNING email`,
    [root.id, tag, n],
  );
  return { rootId: root.id, emails: emails.map((e) => e.email) };
}

async function unsent(db: DataSource, cycleId: string): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await db.query(
    `SELECT count(*)::int AS n FROM invitations WHERE cycle_id = $1 AND sent_at IS NULL`,
    [cycleId],
  );
  return n;
}

async function waitUntil(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
  running: AppProcess[] = [],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what()}`);
    if (running.some(hasExited)) throw new Error(`An instance stopped by itself: ${what()}`);
    await sleep(50);
  }
}

const hasExited = (p: AppProcess) => p.child.exitCode !== null || p.child.signalCode !== null;

/**
 * Runs one scenario on the database of `app` (an instance without job workers, which seeds,
 * launches and checks), with app processes doing the sending. Stops every process it started.
 */
export async function runFaultScenario(
  app: INestApplicationContext,
  scenario: FaultScenario,
): Promise<FaultFigures> {
  const db = app.get(DataSource);
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  const databaseUrl = config.get('database', { infer: true }).url;
  if (!databaseUrl) throw new Error('The scenario needs the database URL the app runs on');
  const sink: SmtpSink = await startSmtpSink();
  sink.delayMs = scenario.delayMs;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    SMTP_URL: sink.url,
    SMTP_POOL_SIZE: String(scenario.poolSize),
    ...(scenario.leaseSeconds ? { DELIVERY_LEASE_SECONDS: String(scenario.leaseSeconds) } : {}),
  };
  const processes: AppProcess[] = [];
  const figures: FaultFigures = { recipients: scenario.recipients, doubled: 0, lost: 0 };
  const log = () => processes.map((p, i) => `--- instance ${i + 1}\n${p.output()}`).join('\n');
  try {
    const { rootId, emails } = await seedPeople(db, scenario.recipients);
    const cycle = await app
      .get(CyclesService)
      .create(cycleInput([rootId], { customerSurveyId: null, reminderDays: [] }));
    await app.get(CycleLaunchService).launch(cycle.id);
    const deadline = Date.now() + scenario.timeoutMs;
    const left = () => deadline - Date.now();

    const first = startAppProcess(env);
    processes.push(first);
    if (scenario.fault) {
      const after = scenario.faultAfter ?? Math.floor(scenario.recipients / 4);
      await waitUntil(
        () => sink.received.length >= after,
        left(),
        () => `${sink.received.length} of ${after} messages before the fault\n${log()}`,
        [first],
      );
      figures.atFault = sink.received.length;
      const signalled = Date.now();
      first.child.kill(scenario.fault);
      const exit = await first.exited;
      figures.stopMs = Date.now() - signalled;
      figures.atExit = sink.received.length;
      figures.stoppedBy = exit.signal ?? `exit code ${String(exit.code)}`;
      const [{ n }]: Array<{ n: number }> = await db.query(
        `SELECT count(*)::int AS n FROM invitations WHERE cycle_id = $1 AND sending_until > now()`,
        [cycle.id],
      );
      figures.leftLeased = n;
      processes.push(startAppProcess(env));
      // Messages already on the dead instance's connections still arrive for a moment.
      await sleep(scenario.delayMs + 500);
      const before = sink.received.length;
      await waitUntil(
        () => sink.received.length > before || before >= emails.length,
        left(),
        () => `the next instance sent nothing after ${before} messages\n${log()}`,
        processes.slice(-1),
      );
      figures.resumedMs = Date.now() - signalled;
    }
    await waitUntil(
      async () => sink.received.length >= emails.length && (await unsent(db, cycle.id)) === 0,
      left(),
      () => `${sink.received.length} of ${emails.length} messages delivered\n${log()}`,
      processes.slice(-1),
    );
    // A late repeat would show up now.
    await sleep(Math.max(1000, scenario.delayMs * 3));

    const counts = new Map<string, number>();
    for (const m of sink.received) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
    const unknown = [...counts.keys()].filter((to) => !emails.includes(to));
    if (unknown.length > 0) throw new Error(`Mail to people not invited: ${unknown.join(', ')}`);
    figures.doubled = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    figures.lost = Math.max(
      emails.filter((e) => !counts.has(e)).length,
      await unsent(db, cycle.id),
    );
    return figures;
  } finally {
    for (const p of processes)
      if (p.child.exitCode === null && !p.child.signalCode) p.child.kill('SIGTERM');
    // Up to 15 s for them to stop; the timer goes with them, so nothing is left to keep this
    // process alive once the scenario is over.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(processes.map((p) => p.exited)),
      new Promise((resolve) => (grace = setTimeout(resolve, 15_000))),
    ]);
    clearTimeout(grace);
    for (const p of processes)
      if (p.child.exitCode === null && !p.child.signalCode) p.child.kill('SIGKILL');
    await sink.close();
  }
}

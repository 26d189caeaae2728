/**
 * launch: a paired cycle over 2,000 units with 100,000 recipients (60,000 employees and 40,000
 * customer contacts), opening now. Timed: CycleLaunchService.launch — lock the surveys, create
 * every invitation (INSERT ... SELECT) and queue every send in pg-boss.
 *   launch_100k_s   seconds from the launch call until all invitations exist and all sends are queued
 *   launch_again_s  the same launch repeated (idempotent: nothing new is created or queued)
 */
import 'reflect-metadata';
import { cycleInput } from '../test/support/delivery-fixtures';
import { DataSource } from 'typeorm';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { SEND_QUEUE } from '../src/delivery/invitation-sender.service';
import { JobQueue } from '../src/jobs/job-queue.service';
import { withBenchApp } from './support/bench-app';

const REGIONS = 20;
const BRANCHES_PER_REGION = 99; // 20 + 20 × 99 = 2,000 units
const EMPLOYEES = 60_000;
const CONTACTS = 40_000;

/** The organisation, written set-based (not timed). */
async function seed(db: DataSource): Promise<string[]> {
  await db.query(
    `INSERT INTO units (id, external_id, name, parent_id, path)
     SELECT id, 'R' || n, 'Region ' || n, NULL, '/' || id || '/'
       FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $1) n) r`,
    [REGIONS],
  );
  await db.query(
    `INSERT INTO units (external_id, name, parent_id, path)
     SELECT 'B' || r.external_id || '-' || b, 'Branch ' || b, r.id, r.path
       FROM units r CROSS JOIN generate_series(1, $1) b WHERE r.parent_id IS NULL`,
    [BRANCHES_PER_REGION],
  );
  await db.query(`UPDATE units SET path = path || id || '/' WHERE parent_id IS NOT NULL`);
  await db.query(
    `WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM units)
     INSERT INTO employees (email, name, unit_id, hire_date)
     SELECT 'e' || g || '@bench.test', 'Employee ' || g, u.id, current_date - (g % 3000)
       FROM generate_series(1, $1) g JOIN u ON u.i = g % u.n`,
    [EMPLOYEES],
  );
  await db.query(
    `INSERT INTO customer_accounts (external_id, name, unit_id)
     SELECT 'A' || row_number() OVER (), 'Account', u.id FROM units u CROSS JOIN generate_series(1, 10)`,
  );
  await db.query(
    `WITH a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM customer_accounts)
     INSERT INTO contacts (email, name, account_id)
     SELECT 'c' || g || '@bench.test', 'Contact ' || g, a.id
       FROM generate_series(1, $1) g JOIN a ON a.i = g % a.n`,
    [CONTACTS],
  );
  await db.query(`ANALYZE`);
  const roots: Array<{ id: string }> = await db.query(
    `SELECT id FROM units WHERE parent_id IS NULL`,
  );
  return roots.map((r) => r.id);
}

async function main(): Promise<void> {
  // No workers (benchConfig's default): the figure is the launch itself, not the emails going out.
  await withBenchApp({}, async (app) => {
    const db = app.get(DataSource);
    const roots = await seed(db);
    const jobs = app.get(JobQueue);
    await jobs.pending(SEND_QUEUE); // a running instance has pg-boss started already
    const cycle = await app.get(CyclesService).create(cycleInput(roots));
    const launcher = app.get(CycleLaunchService);

    const started = process.hrtime.bigint();
    await launcher.launch(cycle.id);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    const [{ n }]: Array<{ n: number }> = await db.query(
      `SELECT count(*)::int AS n FROM invitations WHERE cycle_id = $1`,
      [cycle.id],
    );
    const queued = await jobs.pending(SEND_QUEUE);
    if (n !== EMPLOYEES + CONTACTS || queued !== n)
      throw new Error(
        `Expected ${EMPLOYEES + CONTACTS} invitations and sends, got ${n} and ${queued}`,
      );

    const againStarted = process.hrtime.bigint();
    await launcher.launch(cycle.id);
    await launcher.queueInitialSends(cycle.id); // force the re-queue path too
    const againSeconds = Number(process.hrtime.bigint() - againStarted) / 1e9;
    if ((await jobs.pending(SEND_QUEUE)) !== n)
      throw new Error('A repeated launch queued more sends');

    console.log(`launch_100k_s: ${seconds.toFixed(2)} s`);
    console.log(`launch_again_s: ${againSeconds.toFixed(2)} s`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

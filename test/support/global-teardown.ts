import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { TEMPLATE_DB, testState } from './test-state';

/**
 * The embedded server is stopped and its data directory removed, databases and all. On a server
 * of DATABASE_URL, which outlives the run, the run's databases are dropped one by one (about 0.1 s
 * each on a quiet machine, 1 s on a busy one).
 */
export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__TANDEM_PG__ as
    { stop(): Promise<void>; dir: string } | undefined;
  if (embedded) {
    await embedded.stop();
    rmSync(embedded.dir, { recursive: true, force: true });
  } else {
    await dropRunDatabases(testState.load().adminUrl);
  }
  testState.clear();
  const runDir = process.env.TANDEM_TEST_TMP;
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}

async function dropRunDatabases(adminUrl: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const rows = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'tandem_test_%' OR datname = $1`,
      [TEMPLATE_DB],
    );
    for (const { datname } of rows.rows)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

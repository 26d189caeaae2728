import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { TEMPLATE_DB, testState } from './test-state';

export default async function globalTeardown(): Promise<void> {
  const state = testState.load();
  const admin = new Client({ connectionString: state.adminUrl });
  await admin.connect();
  const rows = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'tandem_test_%' OR datname = $1`,
    [TEMPLATE_DB],
  );
  for (const { datname } of rows.rows)
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
  const embedded = (globalThis as Record<string, unknown>).__TANDEM_PG__ as
    { stop(): Promise<void>; dir: string } | undefined;
  if (embedded) {
    await embedded.stop();
    rmSync(embedded.dir, { recursive: true, force: true });
  }
  testState.clear();
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEMPLATE_DB, testState, withDatabase } from './test-state';

/** A fresh, migrated database for one spec file, cloned from the template. */
export async function createTestDatabase(): Promise<string> {
  const { adminUrl } = testState.load();
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

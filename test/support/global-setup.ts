import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { findFreePort, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { TEMPLATE_DB, testState, withDatabase } from './test-state';

/**
 * One PostgreSQL for the whole run: embedded (fsync off) unless DATABASE_URL is set. Migrations
 * run once into a template database; each spec file clones it (CREATE DATABASE ... TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  // The run's own directory for the tests' files (test/support/temp-dir.ts); the workers
  // inherit the variable, global teardown removes the directory.
  process.env.TANDEM_TEST_TMP = mkdtempSync(join(tmpdir(), 'tandem-test-run-'));
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-test-pg-'));
    const pg = await startEmbeddedPostgres({
      dir,
      port: await findFreePort(),
      database: 'postgres',
      settings: {
        fsync: 'off',
        synchronous_commit: 'off',
        full_page_writes: 'off',
        max_connections: '300',
      },
    });
    adminUrl = pg.adminUrl;
    (globalThis as Record<string, unknown>).__TANDEM_PG__ = { stop: pg.stop, dir };
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  const dataSource = new DataSource(dataSourceOptions(templateUrl));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  testState.save({ adminUrl });
}

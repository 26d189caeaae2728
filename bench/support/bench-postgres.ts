import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig, loadConfig } from '../../src/config/app.config';
import { findFreePort, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

const FAST_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

export interface BenchPostgresOptions {
  /** Keep the cluster in this folder between runs (seeded data is cached); otherwise a temp folder. */
  dir?: string;
  /** Server settings on top of fsync=off and friends. */
  settings?: Record<string, string>;
}

/** Runs `work` against DATABASE_URL when set, otherwise against an embedded PostgreSQL it starts and stops. */
export async function withBenchPostgres<T>(
  work: (adminUrl: string) => Promise<T>,
  options: BenchPostgresOptions = {},
): Promise<T> {
  const given = process.env.DATABASE_URL;
  if (given) return work(given);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tandem-bench-pg-'));
  const pg = await startEmbeddedPostgres({
    dir,
    port: await findFreePort(),
    database: 'postgres',
    settings: { ...FAST_SETTINGS, ...options.settings },
  });
  try {
    return await work(pg.adminUrl);
  } finally {
    await pg.stop();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A fresh database on the bench server and an empty data folder for the app, both removed
 * when `work` ends (the database even if a connection to it is still open).
 */
export async function withScratchDatabase<T>(
  adminUrl: string,
  work: (url: URL, dataDir: string) => Promise<T>,
): Promise<T> {
  const name = `tandem_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-data-'));
  try {
    return await work(url, dataDir);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The application's configuration as a benchmark runs it: production mode, no job workers, only
 * errors logged; `overrides` for anything else (e.g. JOBS_ENABLED, SMTP_URL).
 */
export function benchConfig(
  databaseUrl: string,
  dataDir: string,
  overrides: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'error',
    SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
    RESPONSE_KEY: 'bench-response-key-that-is-long-enough-0123456789',
    ...overrides,
  });
}

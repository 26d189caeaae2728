import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

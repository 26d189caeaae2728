import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { withBenchPostgres } from './bench-postgres';

/** Bump when bench/linkage.bench.ts seeds different data: the cached database is then rebuilt. */
export const LINKAGE_SEED_VERSION = 1;
/** The 1,000,000-response data set bench/linkage.bench.ts seeds and bench/report.bench.ts reads. */
export const LINKAGE_DATABASE = `tandem_bench_linkage_v${LINKAGE_SEED_VERSION}`;

/** The cluster that keeps the seeded data between runs (in var/bench-pg), or DATABASE_URL's. */
export const withLinkageServer = <T>(work: (adminUrl: string) => Promise<T>): Promise<T> =>
  withBenchPostgres(work, {
    dir: join(PROJECT_ROOT, 'var', 'bench-pg'),
    settings: { shared_buffers: '256MB', work_mem: '64MB', max_wal_size: '4GB' },
  });

export function linkageDatabaseUrl(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${LINKAGE_DATABASE}`;
  return url.toString();
}

/** Whether the data set is there and complete (seeding writes its marker table last). */
export async function isLinkageSeeded(adminUrl: string): Promise<boolean> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      LINKAGE_DATABASE,
    ]);
    if (found.rowCount === 0) return false;
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: linkageDatabaseUrl(adminUrl) });
  await db.connect();
  try {
    const marker = await db.query(
      `SELECT 1 FROM information_schema.tables WHERE table_name = 'bench_seed'`,
    );
    return marker.rowCount === 1;
  } finally {
    await db.end();
  }
}

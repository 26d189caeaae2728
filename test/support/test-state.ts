import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMPLATE_DB = 'tandem_test_template';
const FILE = join(
  tmpdir(),
  `tandem-test-state-${process.ppid}-${process.env.JEST_STATE_ID ?? 'run'}.json`,
);

/** What global setup hands to the spec files: where the test PostgreSQL server is. */
export const testState = {
  save(state: { adminUrl: string }): void {
    process.env.TANDEM_TEST_ADMIN_URL = state.adminUrl;
    writeFileSync(FILE, JSON.stringify(state));
  },
  load(): { adminUrl: string } {
    if (process.env.TANDEM_TEST_ADMIN_URL) return { adminUrl: process.env.TANDEM_TEST_ADMIN_URL };
    if (!existsSync(FILE))
      throw new Error('The test database was not started: run tests through jest.');
    return JSON.parse(readFileSync(FILE, 'utf8')) as { adminUrl: string };
  },
  clear(): void {
    rmSync(FILE, { force: true });
  },
};

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

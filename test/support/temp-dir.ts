import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory for one test's files, inside the run's own directory (made by global setup,
 * removed whole by global teardown), so a run leaves nothing behind in the system's tmp. Not for
 * an embedded PostgreSQL's data: as root its server runs as the `postgres` user, which cannot
 * enter the run's directory, so those specs make their own and remove them.
 */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(process.env.TANDEM_TEST_TMP ?? tmpdir(), `${prefix}-`));
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEMPLATE_DB, testState, withDatabase } from './test-state';

/**
 * A database cloned ahead for this worker's next createTestDatabase(), kept on the worker's global
 * object, which outlives each spec file's modules: cloning takes PostgreSQL 0.2-0.5 s, spent
 * while the file before runs rather than at the start of the next. Global teardown drops
 * every test database, a spare no file took included.
 */
const SPARE = Symbol.for('tandem.test.spareDatabase');
type Spare = { adminUrl: string; name: Promise<string> };
const spares = globalThis as unknown as Record<typeof SPARE, Spare | undefined>;

/** A fresh, migrated database for one spec file, cloned from the template. */
export async function createTestDatabase(): Promise<string> {
  const { adminUrl } = testState.load();
  const spare = spares[SPARE];
  const next = cloneTemplate(adminUrl, { holdsProcess: false });
  next.catch(() => undefined); // seen by the file that takes it, or by none
  spares[SPARE] = { adminUrl, name: next };
  // A spare that failed (the server was busy, say) is made again here, where errors are seen.
  const name =
    spare?.adminUrl === adminUrl
      ? await spare.name.catch(() => cloneTemplate(adminUrl))
      : await cloneTemplate(adminUrl);
  return withDatabase(adminUrl, name);
}

/**
 * CREATE DATABASE ... TEMPLATE; returns the new database's name. A spare's connection does not
 * keep the worker alive: a worker that ends first leaves the clone unfinished, which
 * PostgreSQL then undoes.
 */
async function cloneTemplate(adminUrl: string, { holdsProcess = true } = {}): Promise<string> {
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  if (!holdsProcess) unref(admin);
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return name;
}

/** pg's client has no unref(); its socket does. */
function unref(client: Client): void {
  const { connection } = client as unknown as { connection?: { stream?: { unref?(): void } } };
  connection?.stream?.unref?.();
}

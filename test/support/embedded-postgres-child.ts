/**
 * Starts an embedded PostgreSQL in its own Node process, as `npm start` does (the package is an
 * ES module that jest's module system cannot load): `<dir> <port>`. Prints one JSON line, the
 * server's pid or the start-up error's message, and stops the server on SIGTERM.
 */
import { runningPostmaster, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  try {
    const pg = await startEmbeddedPostgres({
      dir,
      port: Number(port),
      database: 'tandem',
      settings: { fsync: 'off', synchronous_commit: 'off' },
    });
    process.once('SIGTERM', () => {
      void pg.stop().then(() => process.exit(0));
    });
    process.stdout.write(`${JSON.stringify({ pid: runningPostmaster(dir) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
    process.exit(1);
  }
}

void main();

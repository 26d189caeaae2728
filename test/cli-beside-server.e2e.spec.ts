import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, runningPostmaster } from '../src/database/embedded-postgres';

const ROOT = join(__dirname, '..');

/** The environment of `npm start` with nothing configured: embedded PostgreSQL on a data folder. */
function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'log' };
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

/** A data folder the embedded server can use (as root, the `postgres` user must reach it). */
function dataFolder(dirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-beside-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- <args>` as its own process. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function answersHttp(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

describe('the CLI beside a running server on the embedded database', () => {
  const dirs: string[] = [];
  let app: ChildProcess;
  let appLog = '';
  let dataDir: string;
  let appEnv: NodeJS.ProcessEnv;
  let health: string;
  let serverPid: number | null;

  beforeAll(async () => {
    dataDir = dataFolder(dirs);
    const port = await findFreePort();
    appEnv = plainEnv({
      DATA_DIR: dataDir,
      PORT: `${port}`,
      EMBEDDED_PG_PORT: `${await findFreePort()}`,
    });
    app = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: appEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (chunk: Buffer) => (appLog += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (appLog += chunk.toString()));
    health = `http://127.0.0.1:${port}/health`;
    const deadline = Date.now() + 90_000;
    while (!(await answersHttp(health))) {
      if (app.exitCode !== null || Date.now() > deadline)
        throw new Error(`the app did not start:\n${appLog}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    serverPid = runningPostmaster(join(dataDir, 'pg'));
  }, 120_000);

  afterAll(async () => {
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    for (const dir of dirs) {
      const pid = runningPostmaster(join(dir, 'pg'));
      if (pid !== null) process.kill(pid, 'SIGQUIT');
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('starts calmly: no line per route or module, the first administrator printed last', async () => {
    const deadline = Date.now() + 10_000;
    while (!appLog.includes('at first sign-in') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(appLog).not.toMatch(/Mapped \{|RoutesResolver|RouterExplorer|InstanceLoader/);
    expect(appLog).toContain('Starting embedded PostgreSQL');
    const running = appLog.indexOf('Tandem is running at');
    const box = appLog.indexOf('First administrator created.');
    expect(running).toBeGreaterThan(-1);
    expect(box).toBeGreaterThan(running);
    // Nothing between the address and the box.
    expect(appLog.slice(running, box)).toMatch(/^Tandem is running at http:\/\/\S+\s+$/);
  });

  it('loads the demo and prints the report on the running app’s database, leaving it running', async () => {
    expect(serverPid).toEqual(expect.any(Number));

    const demo = await cli(['demo'], appEnv);
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toContain('Loaded the demo company');
    expect(demo.code).toBe(0);

    const report = await cli(['report', '--format', 'json'], appEnv);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const data = JSON.parse(report.stdout) as { resultsAvailable: boolean };
    expect(data.resultsAvailable).toBe(true);

    // The CLI never stops a server it did not start: the app and its database live on.
    expect(runningPostmaster(join(dataDir, 'pg'))).toBe(serverPid);
    expect(await answersHttp(health)).toBe(true);
  }, 60_000);

  it('prints a set-password link for the first administrator that the running app opens', async () => {
    const run = await cli(['user:reset-password', 'admin@tandem.localhost'], appEnv);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const link = /(http:\/\/\S+\/password\/[A-Za-z0-9_-]{43})\n/.exec(run.stdout)?.[1];
    expect(link).toBeDefined();
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Choose a new password for <strong>admin@tandem.localhost');

    const unknown = await cli(['user:reset-password', 'nobody@example.test'], appEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe(
      'No user has the email nobody@example.test; the Users page lists who can sign in.\n',
    );
    expect(unknown.stderr).toBe('');
    expect(await answersHttp(health)).toBe(true);
  }, 120_000);

  it('says in one sentence, without a stack, that the password is wrong', async () => {
    const port = appEnv.EMBEDDED_PG_PORT!;
    const run = await cli(['report'], {
      ...appEnv,
      DATABASE_URL: `postgres://postgres:wrong@127.0.0.1:${port}/tandem`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Could not connect to the database in DATABASE_URL (127.0.0.1:${port}/tandem): ` +
        'password authentication failed for user "postgres".\n',
    );
    expect(run.stdout).toBe('');
  }, 30_000);

  it('says in one sentence why it could not start a database of its own', async () => {
    // Another data folder with no server, and the port its server would need is taken.
    const other = dataFolder(dirs);
    const port = appEnv.EMBEDDED_PG_PORT!;
    const run = await cli(['report'], { ...appEnv, DATA_DIR: other });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^Could not start the embedded PostgreSQL in ${join(other, 'pg')} on port ${port}: ` +
          `could not (?:bind|create listen socket)[^\\n]*\\.\\n$`,
        'i',
      ),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(runningPostmaster(join(other, 'pg'))).toBeNull();
    expect(runningPostmaster(join(dataDir, 'pg'))).toBe(serverPid);
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort, runningPostmaster } from '../../src/database/embedded-postgres';

const CHILD = join(__dirname, '..', 'support', 'embedded-postgres-child.ts');

interface Started {
  child: ChildProcess;
  line: { pid?: number; error?: string };
}

/** startEmbeddedPostgres in a process of its own, as `npm start` runs it; its first line. */
function start(dir: string, port: number): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', CHILD, dir, `${port}`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, line: JSON.parse(line) as Started['line'] }));
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before a line`)));
  });
}

function killHard(started: Started): Promise<void> {
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  started.child.kill('SIGKILL');
  return exited;
}

/** Running, not exited (an exited server whose new parent has not reaped it is a zombie). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Attack: kill -9 the app; its embedded PostgreSQL lives on and blocked every later start. */
describe('embedded PostgreSQL after the app was killed', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const folder = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
    dirs.push(dir);
    return dir;
  };
  const launch = async (dir: string, port: number) => {
    const started = await start(dir, port);
    children.push(started.child);
    return started;
  };

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    for (const dir of dirs) {
      const pid = runningPostmaster(dir);
      if (pid !== null) process.kill(pid, 'SIGQUIT');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('stops its own leftover server and starts, leaving servers of other folders alone', async () => {
    const dir = folder('pg-killed');
    const killed = await launch(dir, await findFreePort());
    const leftover = killed.line.pid!;
    expect(leftover).toEqual(expect.any(Number));
    await killHard(killed);
    expect(runningPostmaster(dir)).toBe(leftover);

    // Another folder's start never touches this server.
    const other = folder('pg-other');
    const elsewhere = await launch(other, await findFreePort());
    expect(elsewhere.line.error).toBeUndefined();
    expect(alive(leftover)).toBe(true);

    const again = await launch(dir, await findFreePort());
    expect(again.line.error).toBeUndefined();
    expect(again.line.pid).toEqual(expect.any(Number));
    expect(again.line.pid).not.toBe(leftover);
    expect(alive(leftover)).toBe(false);
    expect(runningPostmaster(dir)).toBe(again.line.pid);
  }, 180_000);

  it('still refuses a folder whose server belongs to a Tandem that is running', async () => {
    const dir = folder('pg-live');
    const owner = await launch(dir, await findFreePort());
    const second = await launch(dir, await findFreePort());
    expect(second.line.error).toContain(`PostgreSQL is already running on ${dir}`);
    expect(runningPostmaster(dir)).toBe(owner.line.pid);
  }, 120_000);
});

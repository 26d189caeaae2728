import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort, runningPostmaster } from '../src/database/embedded-postgres';

const CHILD = join(__dirname, 'support', 'embedded-postgres-child.ts');

interface Started {
  child: ChildProcess;
  line: { pid?: number; error?: string };
}

/** startEmbeddedPostgres in a process of its own (see the child script); its first line. */
function start(dir: string, port: number): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', CHILD, dir, `${port}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve({ child, line: JSON.parse(line) as Started['line'] }));
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before a line`)));
  });
}

/** `npm start` on a data folder whose PostgreSQL is taken, or that cannot start: say why. */
describe('embedded PostgreSQL start-up', () => {
  const dirs: string[] = [];
  const folder = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
    dirs.push(dir);
    return dir;
  };
  let first: Started;
  let firstDir: string;
  let firstPort: number;

  beforeAll(async () => {
    firstDir = folder('pg-first');
    firstPort = await findFreePort();
    first = await start(firstDir, firstPort);
  }, 120_000);

  afterAll(async () => {
    if (first?.child.exitCode === null) {
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGTERM');
      await exited;
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('knows the server running on a folder', () => {
    expect(first.line.pid).toEqual(expect.any(Number));
    expect(runningPostmaster(firstDir)).toBe(first.line.pid);
  });

  it('refuses a second start on a folder in use, naming the running server', async () => {
    const second = await start(firstDir, await findFreePort());
    expect(second.line.error).toContain(
      `PostgreSQL is already running on ${firstDir} (pid ${first.line.pid})`,
    );
  }, 60_000);

  it("explains a failed start with PostgreSQL's own words", async () => {
    const dir = folder('pg-second');
    const second = await start(dir, firstPort);
    expect(second.line.error).toContain(
      `Could not start the embedded PostgreSQL in ${dir} on port ${firstPort}.`,
    );
    expect(second.line.error).toMatch(/could not (?:bind|create listen socket)/i);
  }, 120_000);

  it('ignores a pid file left by a server that is gone', () => {
    const dir = folder('pg-stale');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, 'postmaster.pid'), `${gone}\n${dir}\n`);
    expect(runningPostmaster(dir)).toBeNull();
    // A live process that is not PostgreSQL (the pid was reused): not a server either.
    writeFileSync(join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n`);
    expect(runningPostmaster(dir)).toBeNull();
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { findFreePort } from '../src/database/embedded-postgres';
import { cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, createUser, TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

const ROOT = join(__dirname, '..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = {
  time: string;
  level: string;
  context?: string;
  msg: unknown;
  reqId?: string;
} & Record<string, unknown>;

describe('LOG_FORMAT=json on a running server', () => {
  let t: TestApp;
  let app: ChildProcess;
  let stdout = '';
  let stderr = '';
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    // The in-process app (quiet, as tests are) only prepares data; the server under test is
    // `src/main.ts` as a process of its own, as it runs in production.
    t = await createTestApp();
    dataDir = tempDir('json-logs');
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'log',
        LOG_FORMAT: 'json',
        DATABASE_URL: t.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_URL: base,
        DATA_DIR: dataDir,
        JOBS_ENABLED: 'false',
        TRUSTED_PROXIES: '127.0.0.1',
        SESSION_SECRET: t.config.sessionSecret,
        RESPONSE_KEY: t.config.privacy.responseKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 120_000;
    while (!stdout.includes('Tandem is running at') || !stdout.includes('First administrator')) {
      if (app.exitCode !== null || Date.now() > deadline)
        throw new Error(`the app did not start:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 150_000);

  afterAll(async () => {
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app.once('exit', resolve));
      app.kill('SIGTERM');
      await exited;
    }
    await t?.close();
  }, 60_000);

  const lines = (text: string): LogLine[] =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          throw new Error(`not a JSON line: ${line}`);
        }
      });
  /** Log lines are written as the response goes: give the last ones a moment. */
  const linesOf = async (reqId: string, count: number): Promise<LogLine[]> => {
    const deadline = Date.now() + 5_000;
    let found = lines(stdout).filter((l) => l.reqId === reqId);
    while (found.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = lines(stdout).filter((l) => l.reqId === reqId);
    }
    return found;
  };

  it('starts with JSON lines only: no route mapping, the first administrator as one object', () => {
    const start = lines(stdout);
    expect(start.length).toBeGreaterThan(1);
    for (const line of start) {
      expect(line).toEqual(
        expect.objectContaining({ time: expect.any(String), level: expect.any(String) }),
      );
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(line.reqId).toBeUndefined();
    }
    expect(stdout).not.toMatch(/Mapped \{|RouterExplorer|InstanceLoader/);
    const admin = start.find((l) => typeof l.msg === 'string' && l.msg.startsWith('First admin'));
    expect(admin).toMatchObject({ context: 'FirstAdminService', email: 'admin@tandem.localhost' });
    expect(admin!.password).toEqual(expect.any(String));
    expect(start.at(-1)).toBe(admin);
  });

  it('answers with the id a trusted proxy sent and logs the request under it', async () => {
    const res = await fetch(`${base}/health`, { headers: { 'x-request-id': 'edge-7f3a.42:1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('edge-7f3a.42:1');
    const [line] = await linesOf('edge-7f3a.42:1', 1);
    expect(line).toMatchObject({
      level: 'log',
      context: 'HTTP',
      method: 'GET',
      route: '/health',
      status: 200,
      msg: expect.stringMatching(/^GET \/health 200 [\d.]+ ms$/),
    });
  });

  it('makes its own id for a header that is not an id', async () => {
    const res = await fetch(`${base}/health`, { headers: { 'x-request-id': 'two words' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    expect(await linesOf(id, 1)).toHaveLength(1);
    expect(stdout).not.toContain('two words');
  });

  it('gives every line written while handling a request that request’s id', async () => {
    const org = await seedOrg(t.dataSource);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    const user = await createUser(t, 'hr');
    const { key } = await t.app.get(ApiKeysService).create(user.id, 'json logs');
    const res = await fetch(`${base}/api/v1/cycles/${cycle.id}/launch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(202);
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    const logged = await linesOf(id, 3);
    // The launch service's own lines (invitations created, sends queued) and the request line.
    expect(logged.filter((l) => l.context === 'CycleLaunchService')).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('invitations in') }),
      expect.objectContaining({ msg: expect.stringContaining('sends queued') }),
    ]);
    expect(logged.at(-1)).toMatchObject({ route: '/api/v1/cycles/:id/launch', status: 202 });
    expect(stdout).not.toContain(key);
  });

  it('logs survey and unsubscribe links by their route, never the token', async () => {
    const token = randomBytes(32).toString('base64url');
    const survey = await fetch(`${base}/s/${token}`);
    const unsubscribe = await fetch(`${base}/u/${token}`);
    const [surveyLine] = await linesOf(survey.headers.get('x-request-id')!, 1);
    const [unsubscribeLine] = await linesOf(unsubscribe.headers.get('x-request-id')!, 1);
    expect(surveyLine).toMatchObject({ route: '/s/:token', status: survey.status });
    expect(unsubscribeLine).toMatchObject({ route: '/u/:token', status: unsubscribe.status });
    expect(stdout + stderr).not.toContain(token);
    expect(stdout + stderr).not.toContain(token.slice(0, 16));
  });

  it('writes every line of stdout and stderr as JSON', () => {
    expect(lines(stdout).length).toBeGreaterThan(5);
    expect(() => lines(stderr)).not.toThrow();
  });
});

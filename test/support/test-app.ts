import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { UsersService } from '../../src/auth/users.service';
import { Role } from '../../src/auth/roles';
import { AppConfig, loadConfig } from '../../src/config/app.config';
import { createTestDatabase } from './test-database';
import { tempDir } from './temp-dir';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  databaseUrl: string;
  http(): ReturnType<typeof request>;
  agent(): ReturnType<typeof request.agent>;
  close(): Promise<void>;
}

/** The real application on its own fresh database, ready for supertest. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const dataDir = tempDir('data');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    RESPONSE_KEY: 'test-response-key-that-is-long-enough-0123456789',
    DATA_DIR: dataDir,
    // As if behind a proxy on this machine: tests name many clients with X-Forwarded-For.
    // Attack tests on forged addresses set TRUSTED_PROXIES: '' to trust none.
    TRUSTED_PROXIES: '127.0.0.1',
    JOBS_ENABLED: 'false',
    APP_URL: 'http://127.0.0.1:3999',
    ...env,
  });
  const app = await createApp(config);
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    databaseUrl,
    http: () => request(server),
    agent: () => request.agent(server),
    close: () => app.close(),
  };
}

/** Reads the CSRF token from a rendered page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

let counter = 0;

/** Creates a user directly through the service (not an HTTP shortcut for the thing under test). */
export async function createUser(
  t: TestApp,
  role: Role,
  unitId: string | null = null,
): Promise<{ id: string; email: string; password: string }> {
  counter += 1;
  const email = `${role}${counter}-${Date.now()}@example.test`;
  const password = `correct horse battery ${counter}`;
  const { user } = await t.app
    .get(UsersService)
    .invite({ email, name: `${role} ${counter}`, role, unitId }, password);
  await t.dataSource.query(`UPDATE users SET must_change_password = false WHERE id = $1`, [
    user.id,
  ]);
  return { id: user.id, email, password };
}

/** Signs an agent in through the real login form. */
export async function signIn(
  agent: ReturnType<typeof request.agent>,
  email: string,
  password: string,
): Promise<void> {
  const page = await agent.get('/login').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password, next: '/' });
  if (res.status !== 303)
    throw new Error(`Sign-in failed with ${res.status}: ${res.text.slice(0, 300)}`);
}

/** A signed-in agent plus a CSRF token valid for its session. */
export async function signedInAgent(t: TestApp, role: Role, unitId: string | null = null) {
  const user = await createUser(t, role, unitId);
  const agent = t.agent();
  await signIn(agent, user.email, user.password);
  const home = await agent.get('/account/api-keys').expect(200);
  return { agent, user, csrf: csrfFrom(home.text) };
}

/** Listens on a free loopback port, for the browser. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

import request from 'supertest';
import { resolveSessionSecret } from '../../src/auth/session-secret';
import { csrfFrom, createTestApp, createUser, listen, TestApp } from '../support/test-app';

/**
 * Two instances behind one load balancer: same database, their own data folders, no
 * SESSION_SECRET. One browser signs in on the first and goes on on the second, switching
 * back and forth mid-session.
 */
describe('Two instances sharing a database', () => {
  let first: TestApp;
  let second: TestApp;
  let urls: [string, string];

  beforeAll(async () => {
    // An empty value leaves SESSION_SECRET unset; each instance gets its own DATA_DIR.
    first = await createTestApp({ SESSION_SECRET: '' });
    second = await createTestApp({ SESSION_SECRET: '', DATABASE_URL: first.databaseUrl });
    urls = [await listen(first), await listen(second)];
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('run without SESSION_SECRET and keep apart data folders', () => {
    expect(first.config.sessionSecret).toBeUndefined();
    expect(second.config.sessionSecret).toBeUndefined();
    expect(first.config.dataDir).not.toBe(second.config.dataDir);
  });

  it('keep one browser signed in while it switches between them', async () => {
    const user = await createUser(first, 'admin');
    // Base '' and absolute URLs: one cookie jar for both instances (cookies ignore the port).
    const browser = request.agent('');
    const [a, b] = urls;

    const login = await browser.get(`${a}/login`).expect(200);
    const signedIn = await browser
      .post(`${a}/login`)
      .type('form')
      .send({ _csrf: csrfFrom(login.text), email: user.email, password: user.password });
    expect(signedIn.status).toBe(303);

    expect((await browser.get(`${b}/`)).status).toBe(200);
    const page = await browser.get(`${b}/account/api-keys`).expect(200);
    const created = await browser
      .post(`${a}/account/api-keys`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'made on A with a form from B' });
    expect(created.status).toBe(200);
    expect((await browser.get(`${a}/admin/users`)).status).toBe(200);
    expect((await browser.get(`${b}/admin/users`)).status).toBe(200);

    const home = await browser.get(`${a}/`).expect(200);
    await browser
      .post(`${b}/logout`)
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    expect((await browser.get(`${a}/`)).status).toBe(303);
  });

  it('agree on one generated secret even when instances race to create it', async () => {
    await first.dataSource.query(`DELETE FROM session_secrets`);
    const secrets = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        resolveSessionSecret((i % 2 === 0 ? first : second).dataSource, first.config.dataDir),
      ),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0].length).toBeGreaterThanOrEqual(32);
  });
});

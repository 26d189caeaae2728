import { UsersService } from '../src/auth/users.service';
import { csrfFrom, createTestApp, createUser, signIn, TestApp } from './support/test-app';

describe('Authentication and accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('redirects anonymous visitors of a page to the login page', async () => {
    const res = await t.http().get('/admin/users');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
  });

  it('answers the API without a key with 401 JSON', async () => {
    const res = await t.http().get('/api/v1/units').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body.statusCode).toBe(401);
  });

  it('re-renders the login form with the email kept when the password is wrong', async () => {
    const user = await createUser(t, 'hr');
    const agent = t.agent();
    const page = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: 'wrong password!!' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('do not match an active account');
    expect(res.text).toContain(`value="${user.email}"`);
  });

  it('refuses a form post without a CSRF token', async () => {
    const user = await createUser(t, 'hr');
    const agent = t.agent();
    await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(403);
  });

  it('forces a user with a one-time password to change it before anything else', async () => {
    // One-time passwords come from the first start and the command line (invitations now
    // email a link instead; see accounts.e2e.spec.ts).
    const { password } = await t.app.get(UsersService).invite({
      email: 'new.exec@example.test',
      name: 'New Exec',
      role: 'executive',
    });

    const newcomer = t.agent();
    const login = await newcomer.get('/login');
    const res = await newcomer
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(login.text), email: 'new.exec@example.test', password });
    expect(res.headers.location).toBe('/account/password');
    expect((await newcomer.get('/')).headers.location).toBe('/account/password');

    const change = await newcomer.get('/account/password').expect(200);
    const bad = await newcomer
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrfFrom(change.text), current: password, next: 'short', confirm: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('at least 12 characters');
    await newcomer
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrfFrom(change.text),
        current: password,
        next: 'a much longer password',
        confirm: 'a much longer password',
      })
      .expect(303);
    const home = await newcomer.get('/').expect(200);
    expect(home.text).toContain('Dashboard');
  });

  it("refuses one person's form token, with their CSRF cookie planted, for someone else", async () => {
    const attacker = await createUser(t, 'hr');
    const victim = await createUser(t, 'hr');
    // Addresses of their own (the test app trusts X-Forwarded-For from 127.0.0.1), so these
    // two sign-ins leave the per-address limit to the other tests.
    const attackerAgent = t.agent().set('X-Forwarded-For', '198.51.100.1');
    const victimAgent = t.agent().set('X-Forwarded-For', '198.51.100.2');
    await signIn(attackerAgent, attacker.email, attacker.password);
    await signIn(victimAgent, victim.email, victim.password);
    const page = await attackerAgent.get('/account/api-keys').expect(200);
    const cookieOf = (res: { headers: Record<string, unknown> }, name: string) =>
      ((res.headers['set-cookie'] as string[] | undefined) ?? [])
        .map((c) => c.split(';')[0])
        .find((c) => c.startsWith(`${name}=`));
    const attackerCsrf = cookieOf(await t.agent().get('/login'), 'tandem.csrf');
    const victimSession = cookieOf(await victimAgent.get('/account/api-keys'), 'tandem.sid');
    expect(attackerCsrf).toBeDefined();
    expect(victimSession).toBeDefined();

    const forged = await t
      .http()
      .post('/account/api-keys')
      .set('Cookie', [victimSession!, attackerCsrf!])
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'planted' });
    expect(forged.status).toBe(403);
    const keys = await t.dataSource.query(`SELECT 1 FROM api_keys WHERE user_id = $1`, [victim.id]);
    expect(keys).toHaveLength(0);
  });

  it('follows a same-site next path after sign-in', async () => {
    const user = await createUser(t, 'admin');
    const agent = t.agent().set('X-Forwarded-For', '198.51.100.3');
    const page = await agent.get('/login?next=%2Fadmin%2Fusers%3Fq%3Dx').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        email: user.email,
        password: user.password,
        next: '/admin/users?q=x',
      });
    expect(res.headers.location).toBe('/admin/users?q=x');
  });

  it('keeps sessions in PostgreSQL', async () => {
    const user = await createUser(t, 'executive');
    await signIn(t.agent(), user.email, user.password);
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM sessions WHERE data->>'userId' = $1`,
      [user.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('only lets admins manage users', async () => {
    const hr = await createUser(t, 'hr');
    const agent = t.agent();
    await signIn(agent, hr.email, hr.password);
    expect((await agent.get('/admin/users')).status).toBe(403);
  });

  it('ends the sessions of a disabled user', async () => {
    const admin = await createUser(t, 'admin');
    const victim = await createUser(t, 'executive');
    const victimAgent = t.agent();
    await signIn(victimAgent, victim.email, victim.password);
    expect((await victimAgent.get('/')).status).toBe(200);

    const agent = t.agent();
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get(`/admin/users/${victim.id}`).expect(200);
    await agent
      .post(`/admin/users/${victim.id}/disable`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect((await victimAgent.get('/')).status).toBe(303);
  });

  it('serves API keys that are shown once and stored hashed', async () => {
    const user = await createUser(t, 'hr');
    const agent = t.agent();
    await signIn(agent, user.email, user.password);
    const page = await agent.get('/account/api-keys').expect(200);
    const created = await agent
      .post('/account/api-keys')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'HRIS' })
      .expect(200);
    const key = /<code>(tdm_[^<]+)<\/code>/.exec(created.text)![1];
    const stored = await t.dataSource.query(`SELECT key_hash FROM api_keys WHERE user_id = $1`, [
      user.id,
    ]);
    expect(stored[0].key_hash).not.toContain(key);
    expect(stored[0].key_hash).toHaveLength(64);
    const health = await t.http().get('/health').expect(200);
    expect(health.body.status).toBe('ok');
  });

  it('keeps the search in the user list pagination links', async () => {
    const admin = await createUser(t, 'admin');
    for (let i = 0; i < 26; i++) await createUser(t, 'executive');
    const agent = t.agent();
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get('/admin/users?q=executive').expect(200);
    // Handlebars escapes "=" in attributes as &#x3D;, which browsers read as "=".
    expect(page.text).toContain('href="?q&#x3D;executive&amp;page&#x3D;2"');
    const second = await agent.get('/admin/users?q=executive&page=2').expect(200);
    expect(second.text).toContain('Page 2 of');
  });
});

import { createHash } from 'node:crypto';
import { UsersService } from '../../src/auth/users.service';
import { csrfFrom, createTestApp, createUser, signIn, TestApp } from '../support/test-app';

/**
 * The sign-in findings of issue 12, replayed: forged client addresses, open redirects,
 * sessions that outlive a password change, weak new passwords, account enumeration by
 * timing, session rows for anonymous visitors and session ids stored as they are.
 */
describe('Sign-in attacks', () => {
  /** Straight on the internet: no proxy is trusted. */
  let direct: TestApp;
  /** Behind a proxy on 127.0.0.1, which names the client in X-Forwarded-For. */
  let proxied: TestApp;
  let address = 0;

  /** An agent on the proxied app that comes from an address of its own. */
  const proxiedAgent = () => {
    address += 1;
    return proxied.agent().set('X-Forwarded-For', `198.51.100.${address}`);
  };

  /** The module object itself (not an import copy), so a spy sees the service's calls. */
  const argon2 = jest.requireActual<typeof import('@node-rs/argon2')>('@node-rs/argon2');
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

  beforeAll(async () => {
    direct = await createTestApp({ TRUSTED_PROXIES: '' });
    proxied = await createTestApp({ TRUSTED_PROXIES: '127.0.0.1' });
  });

  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  it('limits sign-in by the real peer address however X-Forwarded-For is forged', async () => {
    const page = await direct.agent().get('/login').expect(200);
    const cookies = page.headers['set-cookie'];
    const statuses: number[] = [];
    for (let i = 1; i <= 14; i++) {
      const res = await direct
        .http()
        .post('/login')
        .set('Cookie', cookies)
        .set('X-Forwarded-For', `203.0.113.${i}`)
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          email: `nobody${i}@example.test`,
          password: 'wrong password!!',
        });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it('limits survey pages by the real peer address however X-Forwarded-For is forged', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 65; i++) {
      const res = await direct
        .http()
        .get(`/s/${'x'.repeat(43)}`)
        .set('X-Forwarded-For', `203.0.113.${i}`);
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(60);
  });

  // The proxied app believes X-Forwarded-For from 127.0.0.1: 28 attempts from as many
  // addresses never reach the per-address limit, so only the per-account throttle answers 429.
  it('throttles one account from many addresses, the same way for known and unknown emails', async () => {
    const known = await createUser(proxied, 'hr');
    const unknown = `no.such.person.${Date.now()}@example.test`;
    const attempt = async (email: string, password: string) => {
      const agent = proxiedAgent();
      const page = await agent.get('/login').expect(200);
      return agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email, password });
    };
    const replies: Record<string, Array<{ status: number; text: string }>> = {};
    for (const email of [known.email, unknown]) {
      replies[email] = [];
      for (let i = 0; i < 14; i++) {
        const res = await attempt(email, `wrong password ${i}!`);
        replies[email].push({ status: res.status, text: res.text.replaceAll(email, 'EMAIL') });
      }
    }
    const knownStatuses = replies[known.email].map((r) => r.status);
    expect(knownStatuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(knownStatuses.slice(5)).toEqual(Array(9).fill(429));
    expect(replies[unknown].map((r) => r.status)).toEqual(knownStatuses);
    const message = (text: string) => /class="error-summary"[^>]*><p>([^<]*)</.exec(text)?.[1];
    expect(message(replies[unknown][13].text)).toBe(message(replies[known.email][13].text));
    expect(replies[known.email][13].text).toContain('Too many sign-in attempts');

    // While the account waits, even the right password is refused.
    expect((await attempt(known.email, known.password)).status).toBe(429);
    await proxied.dataSource.query(`UPDATE sign_in_throttles SET blocked_until = now()`);
    expect((await attempt(known.email, known.password)).status).toBe(303);
    // A success starts the count afresh.
    expect((await attempt(known.email, 'wrong password again')).status).toBe(401);
  });

  it.each([
    '/\\evil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%2F%2Fevil.example',
    '/\t/evil.example',
  ])('sends a signed-in user to / when next is %p', async (next) => {
    const user = await createUser(proxied, 'executive');
    const agent = proxiedAgent();
    const page = await agent.get(`/login?next=${encodeURIComponent(next)}`).expect(200);
    expect(page.text).toContain('name="next" value="/"');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: user.password, next });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('answers /login?next=/%5Cevil.example with a redirect to / after sign-in', async () => {
    const user = await createUser(proxied, 'executive');
    const agent = proxiedAgent();
    const page = await agent.get('/login?next=/%5Cevil.example').expect(200);
    const next = /name="next" value="([^"]*)"/.exec(page.text)![1];
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: user.password, next });
    expect(res.headers.location).toBe('/');
  });

  it("ends the user's other sessions when they change their password, and keeps this one", async () => {
    const user = await createUser(proxied, 'hr');
    const laptop = proxiedAgent();
    const phone = proxiedAgent();
    await signIn(laptop, user.email, user.password);
    await signIn(phone, user.email, user.password);
    expect((await phone.get('/')).status).toBe(200);

    const form = await laptop.get('/account/password').expect(200);
    await laptop
      .post('/account/password')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        current: user.password,
        next: 'violet kettle under the stairs',
        confirm: 'violet kettle under the stairs',
      })
      .expect(303);

    expect((await laptop.get('/')).status).toBe(200);
    const after = await phone.get('/');
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it("lets an admin end all of a user's sessions from the user page", async () => {
    const admin = await createUser(proxied, 'admin');
    const victim = await createUser(proxied, 'executive');
    const victimAgents = [proxiedAgent(), proxiedAgent()];
    for (const agent of victimAgents) await signIn(agent, victim.email, victim.password);

    const agent = proxiedAgent();
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get(`/admin/users/${victim.id}`).expect(200);
    expect(page.text).toContain(`action="/admin/users/${victim.id}/sessions/end"`);
    expect(page.text).toMatch(/sessions\/end" data-confirm="[^"]+"/);
    const res = await agent
      .post(`/admin/users/${victim.id}/sessions/end`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(res.headers.location).toBe(`/admin/users/${victim.id}`);

    for (const victimAgent of victimAgents) expect((await victimAgent.get('/')).status).toBe(303);
    expect((await agent.get('/admin/users')).status).toBe(200);
  });

  it("ends a user's sessions when an admin changes their role", async () => {
    const admin = await createUser(proxied, 'admin');
    const victim = await createUser(proxied, 'admin');
    const victimAgent = proxiedAgent();
    await signIn(victimAgent, victim.email, victim.password);

    const agent = proxiedAgent();
    await signIn(agent, admin.email, admin.password);
    const page = await agent.get(`/admin/users/${victim.id}`).expect(200);
    await agent
      .post(`/admin/users/${victim.id}/role`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), role: 'executive', unitId: '' })
      .expect(303);
    expect((await victimAgent.get('/admin/users')).status).toBe(303);
  });

  it('refuses the one-time password, a repeated letter and a common password as the new one', async () => {
    const email = `forced.${Date.now()}@example.test`;
    const { password: oneTime } = await proxied.app
      .get(UsersService)
      .invite({ email, name: 'Forced Change', role: 'hr' });
    const agent = proxiedAgent();
    const login = await agent.get('/login');
    const signedIn = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(login.text), email, password: oneTime });
    expect(signedIn.headers.location).toBe('/account/password');

    const form = await agent.get('/account/password').expect(200);
    const attempt = (next: string) =>
      agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrfFrom(form.text), current: oneTime, next, confirm: next });

    const same = await attempt(oneTime);
    expect(same.status).toBe(422);
    expect(same.text).toContain('not the one you have now');
    expect(same.text).toContain('id="next-error"');
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'qwertyuiop12', 'QWERTY123456']) {
      const res = await attempt(weak);
      expect(res.status).toBe(422);
      expect(res.text).toContain('too easy to guess');
    }
    expect((await agent.get('/')).headers.location).toBe('/account/password');

    await attempt('amber lantern over quiet fields').expect(303);
    expect((await agent.get('/')).status).toBe(200);
  });

  it('runs argon2 for unknown accounts as for known ones, taking about as long', async () => {
    const users = proxied.app.get(UsersService);
    const known = [];
    for (let i = 0; i < 7; i++) known.push(await createUser(proxied, 'executive'));
    const spy = jest.spyOn(argon2, 'verify');
    try {
      const knownTimes: number[] = [];
      const unknownTimes: number[] = [];
      for (let i = 0; i < known.length; i++) {
        const pair = [
          [known[i].email, knownTimes],
          [`unknown.${i}.${Date.now()}@example.test`, unknownTimes],
        ] as const;
        // Each kind goes first in half the pairs, so a busy machine's bursts fall on both alike.
        for (const [email, times] of i % 2 === 0 ? pair : [...pair].reverse()) {
          spy.mockClear();
          const started = performance.now();
          await expect(users.authenticate(email, 'not the password')).rejects.toThrow(
            'do not match an active account',
          );
          times.push(performance.now() - started);
          expect(spy).toHaveBeenCalledTimes(1);
        }
      }
      // Loose bounds: the same work either way, on a machine that may be busy.
      expect(median(unknownTimes)).toBeGreaterThan(median(knownTimes) * 0.4);
      expect(median(unknownTimes)).toBeLessThan(median(knownTimes) * 2.5);
    } finally {
      spy.mockRestore();
    }
  });

  it('writes no session row for 300 anonymous visits to the sign-in page', async () => {
    const count = async () =>
      (await direct.dataSource.query(`SELECT count(*)::int AS n FROM sessions`))[0].n as number;
    const before = await count();
    for (let i = 0; i < 300; i++) await direct.http().get('/login').expect(200);
    expect(await count()).toBe(before);
  });

  it('stores session ids only as their SHA-256', async () => {
    const user = await createUser(proxied, 'executive');
    const agent = proxiedAgent();
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: user.password });
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('tandem.sid='),
    )!;
    const signed = decodeURIComponent(cookie.split(';')[0].slice('tandem.sid='.length));
    const sid = signed.slice(0, signed.lastIndexOf('.'));
    const rows: Array<{ sid: string }> = await proxied.dataSource.query(
      `SELECT sid FROM sessions WHERE data->>'userId' = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].sid).not.toContain(sid);
    expect(rows[0].sid).toBe(createHash('sha256').update(sid).digest('hex'));
  });
});

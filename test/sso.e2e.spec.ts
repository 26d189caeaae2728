import request from 'supertest';
import { PasswordService } from '../src/auth/password.service';
import { TamperMode, TestOidcProvider, walkProvider } from './support/oidc-provider';
import {
  createTestApp,
  createUser,
  csrfFrom,
  signedInAgent,
  signIn,
  TestApp,
} from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

const APP_ORIGIN = 'http://127.0.0.1:3999';
const CALLBACK = `${APP_ORIGIN}/login/sso/callback`;
const CLIENT_ID = 'tandem-sso-spec';
const CLIENT_SECRET = 'a-client-secret-only-the-provider-and-tandem-know';

/**
 * Single sign-on end to end against a real OpenID provider (oidc-provider in a child process):
 * the code flow with PKCE, state and nonce; users made on first sign-in with the mapped role or
 * none; every refusal (a tampered state, an ID token for another client, an expired one, a
 * wrong nonce or issuer, a domain not allowed) signing nobody in and making nobody; SSO only
 * with its break-glass administrators; the settings' audit trail without the client secret.
 */
describe('Single sign-on (OpenID Connect)', () => {
  let t: TestApp;
  let provider: TestOidcProvider;
  let admin: Awaited<ReturnType<typeof signedInAgent>>;

  /** The admin page's form as posted: the provider configured, the mapping for groups. */
  const form = (overrides: Record<string, string> = {}) => ({
    enabled: 'on',
    displayName: 'Test Provider',
    issuerUrl: provider.issuer,
    clientId: CLIENT_ID,
    clientSecret: '',
    scopes: 'openid email profile',
    allowedDomains: 'example.com\nsub.example.org',
    roleClaim: 'groups',
    roleMapping: 'tandem-hr = hr\ntandem-admins = admin\nboard = executive',
    breakGlassEmails: '',
    ...overrides,
  });

  const saveSettings = async (overrides: Record<string, string> = {}) => {
    const page = await admin.agent.get('/admin/sign-in').expect(200);
    return admin.agent
      .post('/admin/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...form(overrides) });
  };

  const userRow = async (email: string) =>
    (
      await t.dataSource.query(
        `SELECT id, email, name, role, password_hash FROM users WHERE email = $1`,
        [email],
      )
    )[0] as
      | { id: string; email: string; name: string; role: string | null; password_hash: null }
      | undefined;

  /** Starts a sign-in, lets the provider sign `email` in, and returns the callback URL. */
  const throughProvider = async (agent: Agent, email: string, next?: string) => {
    const start = await agent
      .get(next ? `/login/sso?next=${encodeURIComponent(next)}` : '/login/sso')
      .expect(303);
    expect(start.headers.location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
    await provider.signInNext(email);
    return walkProvider(start.headers.location, APP_ORIGIN);
  };

  /** The whole flow; returns the application's answer to the callback. */
  const ssoSignIn = async (agent: Agent, email: string, tamper?: TamperMode, next?: string) => {
    const back = await throughProvider(agent, email, next);
    if (tamper) await provider.tamperNextToken(tamper);
    return agent.get(`${back.pathname}${back.search}`);
  };

  const signedIn = async (agent: Agent) => (await agent.get('/account/api-keys')).status === 200;

  beforeAll(async () => {
    provider = await TestOidcProvider.start([
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK] },
      {
        client_id: 'another-client',
        client_secret: 'another-secret-0123456789',
        redirect_uris: [CALLBACK],
      },
    ]);
    t = await createTestApp({ SSO_ALLOW_LOOPBACK_ISSUER: 'true', APP_URL: APP_ORIGIN });
    admin = await signedInAgent(t, 'admin');
    const saved = await saveSettings({ clientSecret: CLIENT_SECRET });
    expect(saved.status).toBe(303);
  });

  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('keeps the client secret sealed, shows it only as set, and audits the change without it', async () => {
    const [row] = await t.dataSource.query(`SELECT * FROM sso_settings`);
    expect(row.enabled).toBe(true);
    expect(row.client_secret_sealed).toMatch(/^v1\./);
    expect(row.client_secret_sealed).not.toContain(CLIENT_SECRET);
    const page = await admin.agent.get('/admin/sign-in').expect(200);
    expect(page.text).toContain('A secret is set.');
    expect(page.text).not.toContain(CLIENT_SECRET);
    expect(page.text).toContain(CALLBACK);

    const [event] = await t.dataSource.query(
      `SELECT * FROM audit_events WHERE action = 'settings.sso_update' ORDER BY id LIMIT 1`,
    );
    expect(event.actor_email).toBe(admin.user.email);
    expect(event.changes.before).toMatchObject({ enabled: false, clientId: '', issuerUrl: '' });
    expect(event.changes.after).toMatchObject({
      enabled: true,
      clientId: CLIENT_ID,
      issuerUrl: provider.issuer,
      allowedDomains: ['example.com', 'sub.example.org'],
      clientSecret: '[redacted]',
    });
    const all = await t.dataSource.query(
      `SELECT changes::text || details::text AS text FROM audit_events`,
    );
    for (const { text } of all) expect(text).not.toContain(CLIENT_SECRET);
  });

  it('records a later change with only the fields that changed, and an empty secret keeps the stored one', async () => {
    const before = (await t.dataSource.query(`SELECT client_secret_sealed FROM sso_settings`))[0];
    expect((await saveSettings({ displayName: 'Harbor Login' })).status).toBe(303);
    const [event] = await t.dataSource.query(
      `SELECT * FROM audit_events WHERE action = 'settings.sso_update' ORDER BY id DESC LIMIT 1`,
    );
    expect(event.changes).toEqual({
      before: { displayName: 'Test Provider' },
      after: { displayName: 'Harbor Login' },
    });
    const after = (await t.dataSource.query(`SELECT client_secret_sealed FROM sso_settings`))[0];
    expect(after.client_secret_sealed).toBe(before.client_secret_sealed);
    expect((await t.http().get('/login').expect(200)).text).toContain('Sign in with Harbor Login');
    expect((await saveSettings({ displayName: 'Test Provider' })).status).toBe(303);
  });

  it('refuses an http issuer that is not on this machine, an unknown role and a bad domain, keeping what was typed', async () => {
    const res = await saveSettings({
      issuerUrl: 'http://login.example.com',
      roleMapping: 'x = owner',
      allowedDomains: 'not a domain',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('&quot;owner&quot; is not a role a claim can grant');
    expect(res.text).toContain('is not a domain name');
    expect(res.text).toContain('x &#x3D; owner');
    const https = await saveSettings({ issuerUrl: 'http://login.example.com' });
    expect(https.status).toBe(422);
    expect(https.text).toContain('The issuer must use https.');
    const [row] = await t.dataSource.query(`SELECT issuer_url FROM sso_settings`);
    expect(row.issuer_url).toBe(provider.issuer);
  });

  it('signs a new person in with PKCE, state and nonce, making their account with the mapped role', async () => {
    const email = 'hana.hr@example.com';
    await provider.addAccount({ email, name: 'Hana Ito', groups: ['staff', 'tandem-hr'] });
    const agent = t.agent();
    const before = await provider.requests();
    const res = await ssoSignIn(agent, email, undefined, '/reports?tab=1');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/reports?tab=1');
    expect(await signedIn(agent)).toBe(true);

    const user = await userRow(email);
    expect(user).toMatchObject({ name: 'Hana Ito', role: 'hr', password_hash: null });
    const [identity] = await t.dataSource.query(
      `SELECT issuer, subject FROM sso_identities WHERE user_id = $1`,
      [user!.id],
    );
    expect(identity).toEqual({ issuer: provider.issuer, subject: email });
    const [created] = await t.dataSource.query(
      `SELECT * FROM audit_events WHERE action = 'user.sso_create' AND target_id = $1`,
      [user!.id],
    );
    expect(created.changes.after).toMatchObject({ email, role: 'hr' });

    const seen = await provider.requests();
    const auth = seen.authorization.slice(before.authorization.length);
    expect(auth).toHaveLength(1);
    expect(auth[0]).toMatchObject({ code_challenge_method: 'S256', response_type: 'code' });
    expect(auth[0].code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth[0].state.length).toBeGreaterThanOrEqual(32);
    expect(auth[0].nonce.length).toBeGreaterThanOrEqual(32);
    expect(seen.token.slice(before.token.length)).toEqual([
      { status: 200, codeVerifierSent: true },
    ]);
  });

  it('rotates the session at sign-in and signs the same account in again without making another', async () => {
    const email = 'hana.hr@example.com';
    const agent = t.agent();
    await agent.get('/login').expect(200);
    const start = await agent.get('/login/sso').expect(303);
    const cookieBefore = String(start.headers['set-cookie']).split(';')[0];
    await provider.signInNext(email);
    const back = await walkProvider(start.headers.location, APP_ORIGIN);
    const done = await agent.get(`${back.pathname}${back.search}`).expect(303);
    const cookieAfter = String(done.headers['set-cookie']).split(';')[0];
    expect(cookieAfter).toMatch(/^tandem\.sid=/);
    expect(cookieAfter).not.toBe(cookieBefore);
    expect(await signedIn(agent)).toBe(true);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM users WHERE email = $1`,
      [email],
    );
    expect(count).toBe(1);
    // The old session id signs nobody in.
    const old = await t.http().get('/account/api-keys').set('Cookie', cookieBefore);
    expect(old.status).not.toBe(200);
  });

  it('links an existing account with the same verified email instead of making a second', async () => {
    const existing = await createUser(t, 'executive');
    const email = existing.email.replace(/@.*/, '@example.com');
    await t.dataSource.query(`UPDATE users SET email = $1 WHERE id = $2`, [email, existing.id]);
    await provider.addAccount({ email, groups: ['tandem-admins'] });
    const agent = t.agent();
    expect((await ssoSignIn(agent, email)).status).toBe(303);
    expect(await signedIn(agent)).toBe(true);
    // The mapping gives a role to new people only: the role an admin gave stays.
    expect((await userRow(email))!.role).toBe('executive');
    const [linked] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE action = 'user.sso_link' AND target_id = $1`,
      [existing.id],
    );
    expect(linked.count).toBe(1);
  });

  it('refuses an address at a domain that is not allowed, and makes no account', async () => {
    const email = 'mallory@elsewhere.test';
    await provider.addAccount({ email, groups: ['tandem-admins'] });
    const agent = t.agent();
    const res = await ssoSignIn(agent, email);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Addresses at your email domain may not sign in to Tandem');
    expect(await userRow(email)).toBeUndefined();
    expect(await signedIn(agent)).toBe(false);
  });

  it('refuses an address the provider has not verified', async () => {
    const email = 'unverified@example.com';
    await provider.addAccount({ email, groups: ['tandem-hr'], emailVerified: false });
    const res = await ssoSignIn(t.agent(), email);
    expect(res.status).toBe(403);
    expect(res.text).toContain('not verified');
    expect(await userRow(email)).toBeUndefined();
  });

  it('lets someone no mapping gives a role in to a clear no-access page, until an admin grants one', async () => {
    const email = 'nora.nobody@sub.example.org';
    await provider.addAccount({ email, name: 'Nora Nobody', groups: ['staff'] });
    const agent = t.agent();
    const res = await ssoSignIn(agent, email);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login/no-access');
    const page = await agent.get('/login/no-access').expect(200);
    expect(page.text).toContain('No access yet');
    expect(page.text).toContain(email);
    expect(page.text).toContain('Ask a Tandem administrator to give you a role');
    expect(await signedIn(agent)).toBe(false);
    const user = await userRow(email);
    expect(user).toMatchObject({ role: null, name: 'Nora Nobody' });

    const users = await admin.agent.get('/admin/users?q=nora').expect(200);
    expect(users.text).toContain('No access yet');
    const settings = await admin.agent.get('/admin/sign-in').expect(200);
    expect(settings.text).toContain(`/admin/users/${user!.id}`);
    const edit = await admin.agent.get(`/admin/users/${user!.id}`).expect(200);
    expect(edit.text).toContain('No access yet: single sign-on let them in');
    expect(edit.text).toContain('Signs in with single sign-on.');
    expect(edit.text).not.toContain('Has not chosen a password yet');
    expect(edit.text).toMatch(/<option value="" selected>No access yet<\/option>/);
    await admin.agent
      .post(`/admin/users/${user!.id}/role`)
      .type('form')
      .send({ _csrf: csrfFrom(edit.text), role: 'executive', unitId: '' })
      .expect(303);

    const again = t.agent();
    expect((await ssoSignIn(again, email)).status).toBe(303);
    expect(await signedIn(again)).toBe(true);
  });

  it('sends someone without a role who signs in with a password to the no-access page too', async () => {
    const email = 'pat.password@example.com';
    await provider.addAccount({ email, groups: [] });
    expect((await ssoSignIn(t.agent(), email)).headers.location).toBe('/login/no-access');
    // As if they had chosen a password from a reset link since.
    const hash = await t.app.get(PasswordService).hash('a password of their own 123');
    await t.dataSource.query(`UPDATE users SET password_hash = $1 WHERE email = $2`, [hash, email]);
    const agent = t.agent();
    const page = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        email,
        password: 'a password of their own 123',
        next: '/',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login/no-access');
    expect((await agent.get('/login/no-access').expect(200)).text).toContain(email);
    expect(await signedIn(agent)).toBe(false);
  });

  it('gives the mapped role to someone still waiting once the provider puts them in a mapped group', async () => {
    const email = 'late.joiner@example.com';
    await provider.addAccount({ email, groups: [] });
    expect((await ssoSignIn(t.agent(), email)).headers.location).toBe('/login/no-access');
    await provider.addAccount({ email, groups: ['board'] });
    const agent = t.agent();
    expect((await ssoSignIn(agent, email)).headers.location).toBe('/');
    expect((await userRow(email))!.role).toBe('executive');
    expect(await signedIn(agent)).toBe(true);
  });

  it('refuses a callback whose state was tampered with', async () => {
    const email = 'tess.tamper@example.com';
    await provider.addAccount({ email, groups: ['tandem-admins'] });
    const agent = t.agent();
    const back = await throughProvider(agent, email);
    back.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const res = await agent.get(`${back.pathname}${back.search}`);
    expect(res.status).toBe(401);
    expect(res.text).toContain('did not pass Tandem’s checks');
    expect(await userRow(email)).toBeUndefined();
    expect(await signedIn(agent)).toBe(false);
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF), and a replayed one', async () => {
    const email = 'rita.replay@example.com';
    await provider.addAccount({ email, groups: ['tandem-hr'] });
    const starter = t.agent();
    const back = await throughProvider(starter, email);
    const victim = t.agent();
    const res = await victim.get(`${back.pathname}${back.search}`);
    expect(res.status).toBe(401);
    expect(res.text).toContain('This sign-in was not started here');
    expect(await signedIn(victim)).toBe(false);

    expect((await starter.get(`${back.pathname}${back.search}`)).status).toBe(303);
    const replay = await starter.get(`${back.pathname}${back.search}`);
    expect(replay.status).toBe(401);
  });

  it.each<[TamperMode, string]>([
    ['wrong-audience', 'an ID token issued to another client'],
    ['expired', 'an expired ID token'],
    ['wrong-nonce', 'an ID token with another sign-in’s nonce'],
    ['wrong-issuer', 'an ID token from another issuer'],
  ])('refuses %s (%s), signed with the provider’s own key', async (mode) => {
    const email = `token.${mode}@example.com`;
    await provider.addAccount({ email, groups: ['tandem-admins'] });
    const agent = t.agent();
    const res = await ssoSignIn(agent, email, mode);
    expect(res.status).toBe(401);
    expect(res.text).toContain('did not pass Tandem’s checks');
    expect(await userRow(email)).toBeUndefined();
    expect(await signedIn(agent)).toBe(false);
    // The provider did issue the token: the refusal is Tandem's.
    const seen = await provider.requests();
    expect(seen.token[seen.token.length - 1].status).toBe(200);
  });

  it('shows the provider refusing as a page with the way back', async () => {
    const agent = t.agent();
    const start = await agent.get('/login/sso').expect(303);
    const state = new URL(start.headers.location).searchParams.get('state')!;
    const res = await agent.get(
      `/login/sso/callback?error=access_denied&error_description=denied&state=${state}`,
    );
    expect(res.status).toBe(401);
    expect(res.text).toContain('The sign-in provider did not sign you in.');
    expect(res.text).toContain('href="/login"');
  });

  it('says so when the provider cannot be reached, and password sign-in stays', async () => {
    const other = await TestOidcProvider.start([
      { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK] },
    ]);
    expect((await saveSettings({ issuerUrl: other.issuer })).status).toBe(303);
    await other.stop();
    const res = await t.agent().get('/login/sso');
    expect(res.status).toBe(503);
    expect(res.text).toContain('The sign-in provider could not be reached');
    expect(res.text).toContain('Sign in with your email and password instead');
    const user = await createUser(t, 'hr');
    await signIn(t.agent(), user.email, user.password);
    // Saving with single sign-on on checks the provider's configuration.
    const refused = await saveSettings({ issuerUrl: other.issuer });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('could not read the provider’s OpenID configuration');
    expect((await saveSettings()).status).toBe(303);
  });

  describe('SSO only', () => {
    let breakGlass: Awaited<ReturnType<typeof createUser>>;

    it('cannot be turned on without a break-glass administrator, who must be an admin with a password', async () => {
      const none = await saveSettings({ ssoOnly: 'on' });
      expect(none.status).toBe(422);
      expect(none.text).toContain('Name at least one break-glass administrator');
      const hr = await createUser(t, 'hr');
      const notAdmin = await saveSettings({ ssoOnly: 'on', breakGlassEmails: hr.email });
      expect(notAdmin.status).toBe(422);
      expect(notAdmin.text).toContain(
        `Break-glass accounts must be active administrators with a password; these are not (${hr.email})`,
      );
      const [row] = await t.dataSource.query(`SELECT sso_only FROM sso_settings`);
      expect(row.sso_only).toBe(false);
    });

    it('turns password sign-in off for everyone but the break-glass administrators', async () => {
      breakGlass = await createUser(t, 'admin');
      const otherAdmin = await createUser(t, 'admin');
      const hr = await createUser(t, 'hr');
      expect(
        (await saveSettings({ ssoOnly: 'on', breakGlassEmails: breakGlass.email })).status,
      ).toBe(303);
      const [event] = await t.dataSource.query(
        `SELECT changes FROM audit_events WHERE action = 'settings.sso_update' ORDER BY id DESC LIMIT 1`,
      );
      expect(event.changes).toEqual({
        before: { ssoOnly: false, breakGlassEmails: [] },
        after: { ssoOnly: true, breakGlassEmails: [breakGlass.email] },
      });

      const login = await t.http().get('/login').expect(200);
      expect(login.text).toContain('Break-glass administrators');
      for (const who of [hr, otherAdmin]) {
        const agent = t.agent();
        const page = await agent.get('/login').expect(200);
        const res = await agent
          .post('/login')
          .type('form')
          .send({
            _csrf: csrfFrom(page.text),
            email: who.email,
            password: who.password,
            next: '/',
          });
        expect(res.status).toBe(401);
        expect(res.text).toContain('Password sign-in is turned off');
        expect(await signedIn(agent)).toBe(false);
      }
      // A wrong password gets the same answer as a right one for someone who may not use it.
      const agent = t.agent();
      const page = await agent.get('/login').expect(200);
      const wrong = await agent
        .post('/login')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          email: breakGlass.email,
          password: 'not it at all',
          next: '/',
        });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('Password sign-in is turned off');

      const glass = t.agent();
      await signIn(glass, breakGlass.email, breakGlass.password);
      expect(await signedIn(glass)).toBe(true);
      // Single sign-on itself still works.
      const sso = t.agent();
      expect((await ssoSignIn(sso, 'hana.hr@example.com')).status).toBe(303);
      expect(await signedIn(sso)).toBe(true);
    });

    it('keeps the last break-glass administrator from being demoted or disabled', async () => {
      const edit = await admin.agent.get(`/admin/users/${breakGlass.id}`).expect(200);
      const csrf = csrfFrom(edit.text);
      const demote = await admin.agent
        .post(`/admin/users/${breakGlass.id}/role`)
        .type('form')
        .send({ _csrf: csrf, role: 'hr', unitId: '' });
      expect(demote.status).toBe(422);
      expect(demote.text).toContain('This is the last break-glass administrator');
      const disable = await admin.agent
        .post(`/admin/users/${breakGlass.id}/disable`)
        .type('form')
        .send({ _csrf: csrf });
      expect(disable.status).toBe(409);
      expect(disable.text).toContain('This is the last break-glass administrator');
      const [row] = await t.dataSource.query(`SELECT role, disabled_at FROM users WHERE id = $1`, [
        breakGlass.id,
      ]);
      expect(row).toEqual({ role: 'admin', disabled_at: null });

      const second = await createUser(t, 'admin');
      const both = `${breakGlass.email}\n${second.email}`;
      expect((await saveSettings({ ssoOnly: 'on', breakGlassEmails: both })).status).toBe(303);
      await admin.agent
        .post(`/admin/users/${breakGlass.id}/role`)
        .type('form')
        .send({ _csrf: csrf, role: 'hr', unitId: '' })
        .expect(303);
      const [demoted] = await t.dataSource.query(`SELECT role FROM users WHERE id = $1`, [
        breakGlass.id,
      ]);
      expect(demoted.role).toBe('hr');
    });
  });
});

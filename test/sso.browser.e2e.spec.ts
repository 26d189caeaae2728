import { createServer } from 'node:net';
import { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { TestOidcProvider } from './support/oidc-provider';
import { createTestApp, createUser, TestApp } from './support/test-app';

const CLIENT_ID = 'tandem-browser-spec';
const CLIENT_SECRET = 'browser-spec-client-secret-0123456789';

/** A free loopback port: the provider must know Tandem's redirect URI before Tandem listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Single sign-on in Chromium: an admin sets the provider up on /admin/sign-in (errors shown at
 * their fields, the secret only as set); the sign-in page's button goes through the real
 * provider's sign-in form and back, signed in; someone without a mapped role lands on the
 * no-access page; a refused sign-in shows its page. axe finds nothing on any of them.
 */
describe('Single sign-on in a browser', () => {
  let t: TestApp;
  let provider: TestOidcProvider;
  let browser: Browser;
  let baseUrl: string;
  let admin: { id: string; email: string; password: string };

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await TestOidcProvider.start([
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${baseUrl}/login/sso/callback`],
      },
    ]);
    t = await createTestApp({ SSO_ALLOW_LOOPBACK_ISSUER: 'true', APP_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.stop();
  });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  it('an admin sets single sign-on up on its page, with errors at their fields', async () => {
    admin = await createUser(t, 'admin');
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await browserSignIn(page, baseUrl, admin.email, admin.password);
    await page.goto(`${baseUrl}/admin/settings`);
    await Promise.all([page.waitForURL(/\/admin\/sign-in$/), page.click('text=Single sign-on')]);
    expect(await page.textContent('#awaiting-access-empty')).toContain('Nobody is waiting');
    await expectAccessible(page, 'sso-settings-empty');

    await page.check('#enabled');
    await page.fill('#displayName', 'Harbor ID');
    await page.fill('#issuerUrl', 'http://login.example.com');
    await page.fill('#clientId', CLIENT_ID);
    await page.fill('#clientSecret', CLIENT_SECRET);
    await page.fill('#allowedDomains', 'example.com');
    await page.fill('#roleMapping', 'tandem-hr = hr\ntandem-board = owner');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('button:has-text("Save single sign-on")'),
    ]);
    expect(await page.textContent('#issuerUrl-error')).toContain('The issuer must use https.');
    expect(await page.textContent('#roleMapping-error')).toContain('"owner" is not a role');
    expect(await page.inputValue('#roleMapping')).toBe('tandem-hr = hr\ntandem-board = owner');
    expect(await page.inputValue('#clientSecret')).toBe('');
    await expectAccessible(page, 'sso-settings-errors');

    await page.fill('#issuerUrl', provider.issuer);
    await page.fill('#clientSecret', CLIENT_SECRET);
    await page.fill('#roleMapping', 'tandem-hr = hr\ntandem-board = executive');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('button:has-text("Save single sign-on")'),
    ]);
    expect(await page.textContent('.flash')).toContain('Single sign-on settings saved.');
    expect(await page.textContent('#client-secret-state')).toBe('A secret is set.');
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    expect(await page.isChecked('#enabled')).toBe(true);
    await expectAccessible(page, 'sso-settings-saved');
    await context.close();
  });

  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`signs a person in through the provider's own page and back (${label})`, async () => {
      const email = `ben.${label}@example.com`;
      await provider.addAccount({ email, name: `Ben ${label}`, groups: ['tandem-board'] });
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/reports`);
      await page.waitForURL(/\/login/);
      await page.goto(`${baseUrl}/login?next=%2Freports`);
      await expectAccessible(page, `sso-sign-in-page-${label}`);
      await Promise.all([
        page.waitForURL((url) => url.origin === provider.issuer),
        page.click('#sso-sign-in'),
      ]);
      await page.fill('#login-email', email);
      await Promise.all([
        page.waitForURL((url) => url.origin === baseUrl && url.pathname === '/reports'),
        page.click('button:has-text("Sign in at the provider")'),
      ]);
      expect(await page.textContent('nav')).toContain('Sign out');
      await screenshot(page, `sso-signed-in-${label}`);
      await context.close();
    });
  }

  it('shows someone no mapping gives a role the no-access page', async () => {
    const email = 'nina.waiting@example.com';
    await provider.addAccount({ email, groups: ['staff'] });
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await Promise.all([
      page.waitForURL((url) => url.origin === provider.issuer),
      page.click('#sso-sign-in'),
    ]);
    await page.fill('#login-email', email);
    await Promise.all([
      page.waitForURL(/\/login\/no-access$/),
      page.click('button:has-text("Sign in at the provider")'),
    ]);
    expect(await page.textContent('#no-access')).toContain(email);
    expect(await page.textContent('h1')).toBe('No access yet');
    await expectAccessible(page, 'sso-no-access');
    await context.close();
  });

  it('an admin finds the waiting person on the single sign-on page and gives them a role, which lets them in', async () => {
    const email = 'nina.waiting@example.com';
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await browserSignIn(page, baseUrl, admin.email, admin.password);
    await page.goto(`${baseUrl}/admin/sign-in`);
    await Promise.all([
      page.waitForURL(/\/admin\/users\/[0-9a-f-]+$/),
      page.click(`#awaiting-access a:has-text("${email}")`),
    ]);
    expect(await page.textContent('#awaiting-role')).toContain('No access yet');
    expect(await page.textContent('#signs-in-with-sso')).toContain('Signs in with single sign-on.');
    await expectAccessible(page, 'sso-user-waiting');
    await page.selectOption('#role', 'executive');
    await Promise.all([
      page.waitForURL(/\/admin\/users$/),
      page.click('button:has-text("Save role")'),
    ]);
    expect(await page.textContent('.flash')).toContain('Role updated');
    await page.goto(`${baseUrl}/admin/sign-in`);
    expect(await page.textContent('#awaiting-access-empty')).toContain('Nobody is waiting');
    await context.close();

    const person = await browser.newContext({ viewport: DESKTOP });
    const own = await person.newPage();
    await own.goto(`${baseUrl}/login`);
    await Promise.all([
      own.waitForURL((url) => url.origin === provider.issuer),
      own.click('#sso-sign-in'),
    ]);
    await own.fill('#login-email', email);
    await Promise.all([
      own.waitForURL((url) => url.origin === baseUrl && url.pathname === '/'),
      own.click('button:has-text("Sign in at the provider")'),
    ]);
    expect(await own.textContent('nav')).toContain('Sign out');
    await person.close();
  });

  it('shows a refused sign-in as a page with the ways on', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const res = await page.goto(`${baseUrl}/login/sso/callback?code=forged&state=forged`);
    expect(res?.status()).toBe(401);
    expect(await page.textContent('#sso-error')).toContain('This sign-in was not started here');
    expect(await page.locator('a[href="/login"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'sso-refused');
    await context.close();
  });
});

import { Browser, BrowserContext, Page } from 'playwright-core';
import { UnitsService } from '../src/directory/units.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/** The SCIM token page in headless Chromium: empty state, errors, the token once, revoking. */
describe('SCIM provisioning page in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    const admin = await createUser(t, 'admin');
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    await browserSignIn(page, baseUrl, admin.email, admin.password);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function submit(button: string): Promise<void> {
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: button }).click(),
    ]);
  }

  it('asks for a unit first when the directory has none', async () => {
    await page.goto(`${baseUrl}/admin/scim`);
    await page.getByRole('heading', { name: 'SCIM provisioning', level: 1 }).waitFor();
    expect(await page.getByText('Add a unit to the directory first').isVisible()).toBe(true);
    expect(await page.getByText('No SCIM tokens yet.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Create token' }).count()).toBe(0);
    await expectAccessible('scim-no-units-1280');
  });

  it('creates a token, keeping what was typed on an error, and shows it once', async () => {
    const [{ id: adminId }] = await t.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM users LIMIT 1`,
    );
    await t.app.get(UnitsService).create(
      {
        id: adminId,
        email: 'a@example.test',
        name: 'admin',
        role: 'admin',
        mustChangePassword: false,
        scope: null,
        via: 'session',
      },
      { name: 'New starters', externalId: 'NEW', parentId: null },
    );
    await page.goto(`${baseUrl}/admin/scim`);
    await page.fill('#name', 'Entra ID');
    await submit('Create token');
    expect(await page.locator('#defaultUnitId-error').textContent()).toContain(
      'Choose the unit new people start in.',
    );
    expect(await page.inputValue('#name')).toBe('Entra ID');
    await expectAccessible('scim-error-1280');

    await page.selectOption('#defaultUnitId', { label: 'New starters' });
    await page.selectOption('#defaultExitType', 'involuntary');
    await submit('Create token');
    const token = (await page.getByTestId('scim-token').textContent())!;
    expect(token).toMatch(/^tdm_scim_/);
    expect(await page.getByRole('cell', { name: 'New starters' }).isVisible()).toBe(true);
    await expectAccessible('scim-created-1280');

    const res = await fetch(`${baseUrl}/scim/v2/Users`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);

    await page.goto(`${baseUrl}/admin/scim`);
    expect(await page.getByTestId('scim-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
  });

  it('revokes a token only after confirming, and the page reads on a phone', async () => {
    await page.getByRole('link', { name: 'Revoke Entra ID' }).click();
    await page.getByRole('heading', { name: /Revoke the SCIM token/ }).waitFor();
    await expectAccessible('scim-revoke-confirm-1280');
    await page.getByRole('link', { name: 'Keep it' }).click();
    await page.getByRole('heading', { name: 'SCIM provisioning', level: 1 }).waitFor();
    expect(await page.getByRole('cell', { name: /^Active/ }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Revoke Entra ID' }).click();
    await submit('Revoke the token');
    expect(await page.getByText('SCIM token revoked').isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: /^Revoked/ }).isVisible()).toBe(true);
    await expectAccessible('scim-revoked-1280');

    const phone = await browser.newContext({ viewport: PHONE });
    await phone.addCookies(await context.cookies());
    const small = await phone.newPage();
    await small.goto(`${baseUrl}/admin/scim`);
    await screenshot(small, 'scim-390');
    expect(await axeViolations(small)).toEqual([]);
    const overflow = await small.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(overflow).toBe(false);
    await phone.close();
  });
});

import { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** The settings page, empty, with errors and saved, on a phone and a desktop, checked by axe. */
describe('Settings page in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: { email: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    admin = await createUser(t, 'admin');
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`works and passes axe at ${label} px`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, admin.email, admin.password);
        await page.goto(`${baseUrl}/admin/settings`);
        await page.getByRole('heading', { name: 'Settings' }).waitFor();
        await expectAccessible(page, `settings-${label}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );

        await page.fill('#companyName', 'Northwind Trading');
        await page.fill('#timeZone', 'Mars/Olympus');
        await page.fill('#mailReplyTo', 'not-an-address');
        await Promise.all([
          page.waitForLoadState('load'),
          page.getByRole('button', { name: 'Save settings' }).click(),
        ]);
        await page.getByText('Unknown time zone').waitFor();
        expect(await page.inputValue('#companyName')).toBe('Northwind Trading');
        expect(await page.getAttribute('#timeZone', 'aria-invalid')).toBe('true');
        await expectAccessible(page, `settings-errors-${label}`);

        await page.fill('#timeZone', 'America/Los_Angeles');
        await page.fill('#mailReplyTo', 'people@northwind.test');
        await page.setInputFiles('#logo', { name: 'logo.png', mimeType: 'image/png', buffer: PNG });
        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/settings`),
          page.getByRole('button', { name: 'Save settings' }).click(),
        ]);
        await page.getByText('Settings saved.').waitFor();
        expect(await page.inputValue('#timeZone')).toBe('America/Los_Angeles');
        expect(await page.locator('img.settings-logo').count()).toBe(1);
        await expectAccessible(page, `settings-saved-${label}`);

        await page.goto(`${baseUrl}/s/thanks/customer`);
        await page.getByText('Survey for Northwind Trading, run with Tandem.').waitFor();
        await expectAccessible(page, `settings-thanks-${label}`);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});

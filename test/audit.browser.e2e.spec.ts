import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { AuditService } from '../src/audit/audit.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/**
 * The audit log page in Chromium at phone and desktop widths: a change made in the browser
 * shows with who, from where and its before/after; filters, paging, a refused day and the CSV
 * download work; axe finds nothing.
 */
describe('Audit log page in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: { id: string; email: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    admin = await createUser(t, 'admin');
    // Enough history for more than one page (50 a page): Tandem itself closing cycles.
    const audit = t.app.get(AuditService);
    for (let i = 0; i < 55; i++)
      await audit.record(
        'cycle.close',
        {
          type: 'cycle',
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          label: `2025-W${i}`,
        },
        { after: { status: 'closed' } },
      );
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

  const noSidewaysScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth);

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`shows, filters, pages and downloads the log, axe-clean at ${label} px`, async () => {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, admin.email, admin.password);

        // A change made here, in this browser.
        await page.goto(`${baseUrl}/admin/settings`);
        await page.fill('#companyName', `Northwind ${label}`);
        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/settings`),
          page.getByRole('button', { name: 'Save settings' }).click(),
        ]);
        await page.getByText('Settings saved.').waitFor();

        await page.goto(`${baseUrl}/admin/audit`);
        await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
        await page.getByRole('link', { name: 'Next' }).waitFor();
        expect(await page.getByText(/Page 1 of 2/).count()).toBe(1);
        await expectAccessible(page, `audit-${label}`);
        await screenshot(page, `audit-top-${label}`, { fullPage: false });
        expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(viewport.width);
        // On a phone each event is stacked in the screen's width: nothing scrolls sideways in
        // the table either.
        if (viewport === PHONE)
          expect(
            await page.locator('.table-wrap').evaluate((el) => el.scrollWidth - el.clientWidth),
          ).toBe(0);

        // Only the settings changes, by choosing the action.
        await page.selectOption('#action', 'settings.update');
        await Promise.all([
          page.waitForURL(/action=settings\.update/),
          page.getByRole('button', { name: 'Show' }).click(),
        ]);
        const rows = page.locator('table.audit-table tbody tr');
        await rows.first().waitFor();
        const first = rows.first();
        await first.getByText(admin.email).waitFor();
        await first.getByText(`Northwind ${label}`).waitFor();
        expect(await first.locator('code').innerText()).toBe('settings.update');
        expect(
          await page.locator('table.audit-table code', { hasText: 'cycle.close' }).count(),
        ).toBe(0);
        expect(await page.inputValue('#action')).toBe('settings.update');
        await expectAccessible(page, `audit-filtered-${label}`);

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: /Download CSV/ }).click(),
        ]);
        const csv = readFileSync(await download.path(), 'utf8');
        expect(csv).toContain('actor_email');
        expect(csv).toContain(`Northwind ${label}`);
        expect(csv).not.toContain('cycle.close');

        // Paging through Tandem's own closes.
        await page.goto(`${baseUrl}/admin/audit?action=cycle`);
        await Promise.all([
          page.waitForURL(/page=2/),
          page.getByRole('link', { name: 'Next' }).click(),
        ]);
        await page.getByText(/Page 2 of 2/).waitFor();
        expect(await rows.count()).toBe(5);
        expect(await page.inputValue('#action')).toBe('cycle');

        // A day that does not exist is named, and what was typed stays.
        await page.goto(`${baseUrl}/admin/audit?actor=northwind&from=2025-02-30`);
        await page.getByText('must be a date written as YYYY-MM-DD').waitFor();
        expect(await page.inputValue('#actor')).toBe('northwind');
        expect(await page.getAttribute('#from', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#from')).toBe('2025-02-30');
        await page.getByText('Correct the filters above to see the events.').waitFor();
        expect(await page.getByRole('link', { name: /Download CSV/ }).count()).toBe(0);
        await expectAccessible(page, `audit-error-${label}`);
      } finally {
        await context.close();
      }
    });
  }
});

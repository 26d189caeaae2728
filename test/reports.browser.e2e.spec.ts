import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
  SCREENSHOT_DIR,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';
import { ReportWorld, seedReportWorld } from './reports.fixtures';

describe('Report pages in a browser', () => {
  let t: TestApp;
  let world: ReportWorld;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReportWorld(t.dataSource);
    base = await listen(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function signedInPage(
    role: 'executive' | 'manager',
    viewport: { width: number; height: number },
    unitId: string | null = null,
  ): Promise<Page> {
    const user = await createUser(t, role, unitId);
    const page = await browser.newPage({ viewport });
    await browserSignIn(page, base, user.email, user.password);
    return page;
  }

  it('renders the cross-cycle report on a desktop, a phone and in print, without axe violations', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const page = await signedInPage('executive', viewport);
      await page.goto(`${base}/reports/linkage`);
      expect(await page.locator('.verdict .headline').textContent()).toMatch(/^Units with/);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `reports-linkage-${name}`);
      if (name === 'desktop') {
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('.metric-form').isVisible()).toBe(false);
        expect(await page.locator('#table-drivers').isVisible()).toBe(true);
        await screenshot(page, 'reports-linkage-print');
        const pdf = await page.pdf({ format: 'A4', printBackground: false });
        expect(pdf.byteLength).toBeGreaterThan(10_000);
      }
      await page.close();
    }
  });

  it('shows the across-all-cycles section in plain words with its tables, on a phone too', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const page = await signedInPage('executive', viewport);
      await page.goto(`${base}/reports/linkage`);
      const section = page.locator('#panel');
      expect(await section.locator('h2').textContent()).toMatch(/^Across all cycles/);
      expect(await section.locator('#table-panel').isVisible()).toBe(true);
      // Fourteen units are too few for quarters of 5: the section says so instead of a table.
      expect(await section.locator('#table-quartile-gaps, .empty').last().textContent()).toMatch(
        /quarter/,
      );
      expect(await section.locator('p.reading').first().textContent()).toMatch(/\./);
      expect(await axeViolations(page)).toEqual([]);
      await section.screenshot({
        path: join(SCREENSHOT_DIR, `reports-linkage-panel-${name}.png`),
      });
      await page.close();
    }
  });

  it('renders the report of one cycle and the index without axe violations', async () => {
    const page = await signedInPage('executive', DESKTOP);
    await page.goto(`${base}/reports`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reports-index-desktop');
    await page.goto(`${base}/reports/cycles/${world.cycles[0].id}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reports-first-cycle-desktop');
    await page.close();
  });

  it('switches the metric pair with the form alone, no script needed', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    const user = await createUser(t, 'executive');
    await browserSignIn(page, base, user.email, user.password);
    await page.goto(`${base}/reports/linkage`);
    await page.selectOption('#customerMetric', 'csat');
    await Promise.all([page.waitForURL(/customerMetric=csat/), page.click('.metric-form button')]);
    expect(await page.locator('#scatter-heading').textContent()).toContain('CSAT');
    // Fourteen units cannot reliably detect a link of this size: the verdict says so.
    expect(await page.locator('.verdict .badge.exploratory').textContent()).toContain(
      'Exploratory',
    );
    await screenshot(page, 'reports-linkage-exploratory');
    await context.close();
  });

  it("renders a manager's unit dashboard on a phone and in print, without axe violations", async () => {
    const page = await signedInPage('manager', PHONE, world.retail.id);
    await page.goto(`${base}/reports/units/${world.retail.id}`);
    expect(await page.locator('h1').textContent()).toBe('Retail');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'reports-unit-phone');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'reports-unit-desktop');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'reports-unit-print');
    await page.close();
  });
});

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

  describe('read like a report: contents, sections, charts on a phone', () => {
    // One signed-in reader for every test here: signing in again and again meets the login
    // rate limit.
    let reader: Page;
    beforeAll(async () => {
      reader = await signedInPage('executive', PHONE);
    });
    afterAll(async () => {
      await reader?.close();
    });
    const readerAt = async (viewport: { width: number; height: number }) => {
      await reader.setViewportSize(viewport);
      return reader;
    };
    /** The sections of a linkage page, in the contents' order. */
    const SECTIONS = [
      'verdict',
      'scatter',
      'turnover',
      'cross-lagged',
      'panel',
      'drivers',
      'heatmap',
      'trends',
      'response-rates',
      'comments',
      'follow-through-impact',
    ];

    /** Every chart text drawn, with its font size on screen (SVG font size × the SVG's scale). */
    const chartTextSizes = (page: Page) =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<SVGTextElement>('.chart-svg svg text'))
          .filter((t) => t.getClientRects().length > 0 && (t.textContent ?? '').trim() !== '')
          .map((t) => {
            const svg = t.ownerSVGElement!;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return {
              text: t.textContent ?? '',
              px: parseFloat(getComputedStyle(t).fontSize) * scale,
            };
          }),
      );

    it('lists every section in its contents, and each link lands on its section', async () => {
      const page = await readerAt(PHONE);
      await page.goto(`${base}/reports/cycles/${world.latest}`);
      const links = await page
        .locator('.report-contents a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const id of SECTIONS) expect(links).toContain(`#${id}`);
      for (const href of links) {
        const id = href!.slice(1);
        const section = page.locator(`[id="${id}"]`);
        // a landmark with a heading
        expect(await section.evaluate((el) => el.tagName)).toMatch(/^(SECTION|NAV)$/);
        expect(await section.getAttribute('aria-labelledby')).toBeTruthy();
        expect(await section.locator('h2').count()).toBeGreaterThan(0);
        await page.locator(`.report-contents a[href="${href}"]`).click();
        await page.waitForFunction((h) => location.hash === h, href);
        const top = await section.evaluate((el) => el.getBoundingClientRect().top);
        expect(Math.abs(top)).toBeLessThan(40);
      }
    });

    it('screenshots every section at 1280 and 390 px, axe-clean, chart text at least 11 px on the phone', async () => {
      for (const [name, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const page = await readerAt(viewport);
        for (const [report, path] of [
          ['cycle', `/reports/cycles/${world.latest}`],
          ['range', '/reports/linkage'],
        ] as const) {
          await page.goto(`${base}${path}`);
          expect(await axeViolations(page)).toEqual([]);
          for (const id of SECTIONS) {
            const section = page.locator(`[id="${id}"]`);
            if ((await section.count()) === 0) continue;
            await section.screenshot({
              path: join(SCREENSHOT_DIR, `report-${report}-${id}-${name}.png`),
            });
          }
          // No chart is wider than the page, and none needs scrolling sideways.
          const overflow = await page.evaluate(
            () =>
              Array.from(document.querySelectorAll('.chart-svg')).filter(
                (el) => el.scrollWidth > el.clientWidth + 1,
              ).length,
          );
          expect(overflow).toBe(0);
          if (name === 'phone') {
            const sizes = await chartTextSizes(page);
            expect(sizes.length).toBeGreaterThan(20);
            const small = sizes.filter((s) => s.px < 11);
            expect(small).toEqual([]);
          }
        }
      }
    });

    it('names a scatter dot on focus and on hover, never a hidden unit', async () => {
      const page = await readerAt(PHONE);
      await page.goto(`${base}/reports/cycles/${world.latest}`);
      const dot = page.locator('#scatter .dot').first();
      const name = page.locator('#scatter .dot-name').first();
      expect(await name.isVisible()).toBe(false);
      await dot.focus();
      expect(await name.isVisible()).toBe(true);
      const shown = (await name.textContent()) ?? '';
      expect(shown.length).toBeGreaterThan(0);
      expect(await dot.getAttribute('aria-label')).toContain(shown);
      expect(await dot.locator('title').textContent()).toContain(shown);
      await name.screenshot({ path: join(SCREENSHOT_DIR, 'report-scatter-focus-phone.png') });
      // Keyboard: Tab moves from one dot to the next, and the next one's name shows.
      await page.keyboard.press('Tab');
      expect(await page.locator('#scatter .dot:focus .dot-name').isVisible()).toBe(true);
      await page.locator('#scatter').screenshot({
        path: join(SCREENSHOT_DIR, 'report-scatter-focused-dot-phone.png'),
      });
      const named = await page
        .locator('.dot')
        .evaluateAll((dots) => dots.map((d) => d.getAttribute('aria-label') ?? ''));
      expect(named.length).toBeGreaterThan(3);
      for (const label of named) {
        expect(label).not.toMatch(/^Kiosk\b/);
        expect(label).not.toMatch(/^Outlet\b/);
      }
    });

    it("opens a unit's page from its heatmap cell, and links only units the reader may open", async () => {
      const page = await readerAt(DESKTOP);
      await page.goto(`${base}/reports/cycles/${world.latest}`);
      const cell = page.locator(`#heatmap a.cell-link[href^="/reports/units/${world.store.id}"]`);
      expect(await cell.count()).toBeGreaterThan(0);
      expect(await cell.first().getAttribute('aria-label')).toMatch(/^Store, /);
      await Promise.all([
        page.waitForURL(new RegExp(`/reports/units/${world.store.id}`)),
        cell.first().click(),
      ]);
      expect(await page.locator('h1').textContent()).toBe('Store');

      const manager = await signedInPage('manager', DESKTOP, world.retail.id);
      await manager.goto(`${base}/reports/cycles/${world.latest}`);
      const hrefs = await manager
        .locator('#heatmap a.cell-link')
        .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))]);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) {
        const res = await manager.request.get(`${base}${href}`);
        expect([href, res.status()]).toEqual([href, 200]);
      }
      expect(hrefs.some((h) => h.includes(world.branches[0].id))).toBe(false);
      await manager.close();
    });

    it('states where each trend axis starts, and says which changes are significant', async () => {
      const page = await readerAt(DESKTOP);
      await page.goto(`${base}/reports/linkage`);
      const trends = page.locator('#trends');
      const svgText = (await trends.locator('svg').textContent()) ?? '';
      expect(svgText).toMatch(/axis from \d+ to \d+/);
      expect(await trends.locator('figcaption').textContent()).toMatch(
        /axis starts|unlikely to be chance|large enough to rule out chance/,
      );
    });

    it('downloads report CSVs with a UTF-8 byte-order mark and rates in percent', async () => {
      const page = await readerAt(DESKTOP);
      await page.goto(`${base}/reports/cycles/${world.latest}`);
      const href = await page.locator('#response-rates .csv a').first().getAttribute('href');
      const res = await page.request.get(`${base}${href}`);
      const body = await res.body();
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const header = body.subarray(3).toString('utf8').split('\n')[0];
      expect(header).toContain('Employee rate (%)');
    });
  });
});

import { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  axeViolations,
  browserSignIn,
  docsScreenshot,
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
} from './support/browser';
import { FrontlineCycle, launchFrontlineCycle } from './support/printed-code-fixtures';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

const TABLET = { width: 820, height: 1180 };
/** A4 at 96 dpi, for the print-media screenshot. */
const A4 = { width: 794, height: 1123 };

describe('Printed code sheet and kiosk in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let f: FrontlineCycle;
  /** The codes as printed, by the name on their card. */
  const codes = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Harbor Freight Depots' });
    baseUrl = await listen(t);
    f = await launchFrontlineCycle(t, 'b1', 6);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function inContext(
    viewport: { width: number; height: number },
    run: (page: Page, context: BrowserContext) => Promise<void>,
  ): Promise<void> {
    // axe-core is injected by the test; the pages' CSP would refuse it.
    const context = await browser.newContext({ viewport, bypassCSP: true });
    try {
      await run(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  /** What the page shows once a navigation has settled (its document may be replaced meanwhile). */
  async function settled(page: Page, navigate: () => Promise<void>) {
    await navigate();
    for (;;) {
      await page.waitForLoadState('load');
      try {
        return await page.evaluate(() => ({
          html: document.documentElement.outerHTML,
          checked: document.querySelectorAll('input:checked').length,
          texts: Array.from(document.querySelectorAll('textarea')).map((t) => t.value),
        }));
      } catch (error) {
        if (!String(error).includes('Execution context was destroyed')) throw error;
      }
    }
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
  }

  it('prints a sheet of cards that do not split across pages', async () => {
    const hr = await createUser(t, 'hr');
    await inContext({ width: 1280, height: 900 }, async (page) => {
      await browserSignIn(page, baseUrl, hr.email, hr.password);
      await page.goto(`${baseUrl}/admin/cycles/${f.cycleId}`);
      await page.click('a[href$="/codes"]');
      await page.waitForSelector('form[action$="/codes"]');
      await expectAccessible(page, 'codes-choose');
      await page.check(`#unit-${f.branchA}`);
      await page.check(`#unit-${f.branchB}`);
      await page.fill('#people', 'A9-b1');
      await Promise.all([
        page.waitForSelector('.code-cards'),
        page.click('form[action$="/codes"] button[type=submit]'),
      ]);
      await expectAccessible(page, 'codes-sheet');
      const cards = await page.$$eval('.code-card', (els) =>
        els.map((el) => ({
          name: el.querySelector('.code-card-name')!.textContent,
          code: el.querySelector('.code-card-code')!.textContent,
          qr: (el.querySelector('img.code-card-qr') as HTMLImageElement).naturalWidth,
        })),
      );
      // Everyone without an address in both depots, and Ben named by his external id.
      expect(cards.map((c) => c.name).sort()).toEqual(
        [
          'Ana 1 b1',
          'Ana 2 b1',
          'Ana 3 b1',
          'Ben b1',
          'Cy 1 b1',
          'Cy 2 b1',
          ...[1, 2, 3, 4, 5, 6].map((n) => `Eve ${n} b1`),
        ].sort(),
      );
      for (const card of cards) {
        expect(card.qr).toBeGreaterThan(0);
        codes.set(card.name, card.code);
      }

      await page.setViewportSize(A4);
      await page.emulateMedia({ media: 'print' });
      const print = await page.evaluate(() => {
        const cards = Array.from(document.querySelectorAll('.code-card'));
        return {
          header: getComputedStyle(document.querySelector('.site-header')!).display,
          intro: getComputedStyle(document.querySelector('.code-sheet-intro')!).display,
          breaks: [...new Set(cards.map((c) => getComputedStyle(c).breakInside))],
          columns: new Set(cards.map((c) => Math.round(c.getBoundingClientRect().left))).size,
        };
      });
      expect(print).toEqual({ header: 'none', intro: 'none', breaks: ['avoid'], columns: 2 });
      await screenshot(page, 'codes-sheet-print');
      // The first printed page: the four rows of cards above the fifth card's top.
      const fifth = await page.locator('.code-card').nth(8).boundingBox();
      await docsScreenshot(page, 'code-sheet-print', {
        x: 0,
        y: 0,
        width: A4.width,
        height: Math.floor(fifth!.y) - 2,
      });
      // Twelve cards of 64 mm, two across: four rows fill an A4 page, so two pages and no card
      // cut in half (a split card would push the rows onto a third page).
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      writeFileSync(join(SCREENSHOT_DIR, 'codes-sheet.pdf'), pdf);
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages).toHaveLength(2);
    });
  });

  it('lets two people answer one after the other, the second seeing nothing of the first', async () => {
    expect(codes.size).toBe(12);
    const first = codes.get('Ana 1 b1')!;
    const second = codes.get('Ana 2 b1')!;
    const secret = 'Person one: the forklift brakes';
    await inContext(TABLET, async (page) => {
      const urls: string[] = [];
      const documents: Response[] = [];
      page.on('request', (r) => urls.push(r.url()));
      page.on('response', (r) => {
        if (r.request().resourceType() === 'document') documents.push(r);
      });

      await page.goto(`${baseUrl}/kiosk`);
      await expectAccessible(page, 'kiosk-entry');
      // Typed as a person might: lower case, spaces for dashes.
      await page.fill('#code', first.toLowerCase().replace(/-/g, ' '));
      await Promise.all([
        page.waitForSelector('form.survey-form'),
        page.click('.kiosk-form button[type=submit]'),
      ]);
      await expectAccessible(page, 'kiosk-survey');
      expect(await page.getAttribute('form.survey-form', 'autocomplete')).toBe('off');

      // Person one answers every question with its last choice and writes a comment.
      const groups = await page.$$eval('form.survey-form input[type=radio]', (inputs) => [
        ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
      ]);
      expect(groups.length).toBeGreaterThan(5);
      for (const name of groups) {
        const count = await page.locator(`input[name="${name}"]`).count();
        await page.check(`input[name="${name}"] >> nth=${count - 1}`);
      }
      await page.fill('textarea', secret);
      await Promise.all([
        page.waitForURL(/\/kiosk\/done$/),
        page.click('form.survey-form button[type=submit]'),
      ]);
      await expectAccessible(page, 'kiosk-done');
      await docsScreenshot(page, 'kiosk-done');
      const done = await page.evaluate(() => ({
        text: document.body.innerText,
        checked: document.querySelectorAll('input:checked').length,
      }));
      expect(done.text).toContain('your answers are saved');
      expect(done.text).not.toContain(secret);
      expect(done.checked).toBe(0);

      // Chromium does not show a no-store page from its cache: Back asks to send the form
      // again (ERR_CACHE_MISS); a page kept in the back/forward cache would start over at the
      // code page (public/kiosk.js). Either way, nothing of person one's answers is shown.
      const back = await settled(page, async () => {
        await page.goBack().catch((e: Error) => expect(e.message).toContain('ERR_CACHE_MISS'));
      });
      expect(back.html).not.toContain('forklift');
      expect(back.checked).toBe(0);
      expect(back.texts.filter(Boolean)).toEqual([]);

      // Person two, on the same page.
      await page.goto(`${baseUrl}/kiosk`);
      await page.fill('#code', second);
      await Promise.all([
        page.waitForSelector('form.survey-form'),
        page.click('.kiosk-form button[type=submit]'),
      ]);
      const fresh = await page.evaluate(() => ({
        html: document.documentElement.outerHTML,
        checked: document.querySelectorAll('input:checked').length,
        texts: Array.from(document.querySelectorAll('textarea')).map((t) => t.value),
        code: (document.querySelector('input[name=code]') as HTMLInputElement).value,
      }));
      expect(fresh.html).not.toContain('forklift');
      expect(fresh.checked).toBe(0);
      expect(fresh.texts).toEqual(['']);
      expect(fresh.code).toBe(second);
      for (const name of groups) await page.check(`input[name="${name}"] >> nth=0`);
      await Promise.all([
        page.waitForURL(/\/kiosk\/done$/),
        page.click('form.survey-form button[type=submit]'),
      ]);

      // Person one's card again: used, so the same answer as a code that never existed.
      await page.fill('#code', first);
      const [used] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/kiosk')),
        page.click('.kiosk-form button[type=submit]'),
      ]);
      expect(used.status()).toBe(404);
      await page.waitForSelector('.respondent-errors');
      await expectAccessible(page, 'kiosk-used-code');
      const usedText = await page.locator('main').innerText();
      await page.fill('#code', '0000-0000-0000-0000-0000');
      const [unknown] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/kiosk')),
        page.click('.kiosk-form button[type=submit]'),
      ]);
      expect(unknown.status()).toBe(404);
      await page.waitForSelector('.respondent-errors');
      expect(await page.locator('main').innerText()).toBe(usedText);

      // No code and no answer ever travelled in an address; nothing was cacheable.
      for (const url of urls) {
        expect(url).not.toContain(first.slice(0, 4));
        expect(url).not.toMatch(/forklift|q_|code=/i);
      }
      const kioskDocuments = documents.filter((r) =>
        new URL(r.url()).pathname.startsWith('/kiosk'),
      );
      expect(kioskDocuments.length).toBeGreaterThanOrEqual(6);
      for (const r of kioskDocuments) expect(r.headers()['cache-control']).toBe('no-store');
      expect(await page.context().cookies()).toEqual([]);
    });
  });
});

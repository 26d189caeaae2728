import type { Browser } from 'playwright-core';
import { PlanOrg, seedPlanOrg } from '../follow-through.fixtures';
import { browserSignIn, launchBrowser } from '../support/browser';
import { createOpenCycle } from '../support/respond-factories';
import { createUser, createTestApp, listen, signedInAgent, TestApp } from '../support/test-app';

/** A <script> element with inline code (no src), or an inline event handler attribute. */
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>/i;
const EVENT_HANDLER = /<[a-z][^>]*\son[a-z]+\s*=/i;
const SKIP = /\/(logout|export|download)|\.csv|\/api\/|\/public\//;

/** Attack: 'unsafe-inline' in script-src let any injected inline script run. */
describe('content security policy', () => {
  let t: TestApp;
  let org: PlanOrg;
  let liveCycleId: string;
  let admin: Awaited<ReturnType<typeof signedInAgent>>;

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedPlanOrg(t.dataSource);
    ({ cycleId: liveCycleId } = await createOpenCycle(t.dataSource));
    admin = await signedInAgent(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  it('allows scripts from our own files only', async () => {
    for (const path of ['/', '/login', `/admin/cycles/${liveCycleId}`]) {
      const res = await admin.agent.get(path);
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(
        res.headers['content-security-policy'],
      )?.[1];
      expect([path, scriptSrc]).toEqual([path, "'self'"]);
      expect(res.headers['content-security-policy']).toContain("script-src-attr 'none'");
    }
  });

  it('renders no inline script or event handler on any page an admin can reach', async () => {
    const start = [
      '/',
      '/admin/units',
      '/admin/employees',
      '/admin/accounts',
      '/admin/contacts',
      '/admin/cycles',
      `/admin/cycles/${liveCycleId}`,
      `/admin/cycles/${org.cycleId}`,
      '/admin/surveys',
      '/admin/users',
      '/admin/outbox',
      '/admin/imports/units',
      '/admin/import/responses',
      '/reports',
      '/follow-ups',
      `/action-plans?cycle=${org.cycleId}`,
      '/account/api-keys',
    ];
    const seen = new Set<string>();
    const queue = [...start];
    const offenders: string[] = [];
    while (queue.length > 0 && seen.size < 150) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await admin.agent.get(path);
      if (res.status !== 200 || !String(res.headers['content-type']).includes('text/html'))
        continue;
      if (INLINE_SCRIPT.test(res.text) || EVENT_HANDLER.test(res.text)) offenders.push(path);
      for (const [, href] of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
        const link = href.replace(/&amp;/g, '&');
        if (!SKIP.test(link) && !seen.has(link)) queue.push(link);
      }
    }
    expect(seen.size).toBeGreaterThan(start.length);
    expect(offenders).toEqual([]);
  });

  describe('in a browser', () => {
    let browser: Browser;
    let baseUrl: string;

    beforeAll(async () => {
      baseUrl = await listen(t);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it("still refreshes a running cycle's counts and asks before closing it", async () => {
      const user = await createUser(t, 'admin');
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.clock.install();
      await browserSignIn(page, baseUrl, user.email, user.password);
      const url = `${baseUrl}/admin/cycles/${liveCycleId}`;
      await page.route(url, async (route) => {
        if (route.request().resourceType() !== 'fetch') return route.continue();
        const response = await route.fetch();
        const html = (await response.text()).replace(
          /(<section id="live"[^>]*>)/,
          '$1<p id="refreshed">Counts refreshed</p>',
        );
        await route.fulfill({ response, body: html });
      });
      await page.goto(url);
      expect(await page.locator('#live[data-live="true"]').count()).toBe(1);
      expect(await page.locator('#refreshed').count()).toBe(0);
      await page.clock.fastForward(10_000);
      await page.locator('#refreshed').waitFor({ timeout: 5_000 });

      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.dismiss();
      });
      await page.click('form[data-confirm] button');
      expect(asked).toContain('Close');
      expect(page.url()).toBe(url);
      expect(violations).toEqual([]);
      await page.close();
    }, 60_000);
  });
});

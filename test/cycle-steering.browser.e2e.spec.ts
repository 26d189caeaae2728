import { Browser, Page } from 'playwright-core';
import { CyclesService } from '../src/cycles/cycles.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/**
 * A live cycle's page in a browser: the reminder, extension and close controls, an extension
 * refused with what was typed kept, the close confirmation and the history, on a phone and a
 * desktop, each checked by axe; and the launch page's warning about small groups.
 */
describe('Steering a cycle in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let hr: { email: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    hr = await createUser(t, 'hr');
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(page: Page, name: string, width: number): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  }

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`steers a live cycle and passes axe at ${label} px`, async () => {
      const org = await seedOrg(t.dataSource);
      const draft = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, hr.email, hr.password);

        await page.goto(`${baseUrl}/admin/cycles/${draft.id}/launch`);
        await page
          .getByRole('heading', { name: 'Groups that will never see their own results' })
          .waitFor();
        await expectAccessible(page, `cycle-launch-warning-${label}`, viewport.width);
        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/cycles/${draft.id}`),
          page.getByRole('button', { name: 'Launch the cycle' }).click(),
        ]);

        await page.getByRole('heading', { name: 'Steer this cycle' }).waitFor();
        await expectAccessible(page, `cycle-steer-${label}`, viewport.width);

        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/cycles/${draft.id}`),
          page.getByRole('button', { name: 'Send reminder now' }).click(),
        ]);
        await page
          .getByText(/Nobody to remind|Reminder on its way/)
          .first()
          .waitFor();

        const closesAt = (await t.app.get(CyclesService).get(draft.id)).closesAt;
        const earlier = new Date(closesAt.getTime() - 86_400_000).toISOString().slice(0, 16);
        await page.fill('#closesAt', earlier);
        await Promise.all([
          page.waitForLoadState('load'),
          page.getByRole('button', { name: 'Extend' }).click(),
        ]);
        await page.getByText('The new closing time must be later than the current one.').waitFor();
        expect(await page.inputValue('#closesAt')).toBe(earlier);
        expect(await page.getAttribute('#closesAt', 'aria-invalid')).toBe('true');
        await expectAccessible(page, `cycle-extend-error-${label}`, viewport.width);

        const later = new Date(closesAt.getTime() + 7 * 86_400_000).toISOString().slice(0, 16);
        await page.fill('#closesAt', later);
        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/cycles/${draft.id}`),
          page.getByRole('button', { name: 'Extend' }).click(),
        ]);
        await page.getByText('Closing date moved.').waitFor();
        await page.getByText('Closing moved from').waitFor();

        // With scripts, the button asks first (data-confirm); the page below asks again.
        page.once('dialog', (dialog) => void dialog.accept());
        await page.getByRole('button', { name: 'Close now…' }).click();
        await page.getByRole('heading', { name: /now\?$/ }).waitFor();
        await expectAccessible(page, `cycle-close-confirm-${label}`, viewport.width);
        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/cycles/${draft.id}`),
          page.getByRole('button', { name: 'Close the cycle now' }).click(),
        ]);
        await page.getByText('Cycle closed.').waitFor();
        await page.getByText('Closed now (it was due').waitFor();
        expect(await page.getByRole('heading', { name: 'Steer this cycle' }).count()).toBe(0);
        await expectAccessible(page, `cycle-history-${label}`, viewport.width);
        expect((await t.app.get(CyclesService).get(draft.id)).status).toBe('closed');
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});

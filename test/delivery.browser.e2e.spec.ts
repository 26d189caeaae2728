import { Browser, Page } from 'playwright-core';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { OutboxService } from '../src/delivery/outbox.service';
import { SurveysService } from '../src/surveys/surveys.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { BUILTIN, cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

describe('Survey, cycle and outbox pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let cycleId: string;
  let copyId: string;

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'true', COMPANY_NAME: 'Acme Bank' });
    const org = await seedOrg(t.dataSource);
    const cycle = await t.app
      .get(CyclesService)
      .create(cycleInput([org.rootId], { name: 'Spring pulse' }));
    cycleId = cycle.id;
    await t.app.get(CycleLaunchService).launch(cycleId);
    const copy = await t.app.get(SurveysService).copy(BUILTIN.employee);
    copyId = copy.id;
    const deadline = Date.now() + 30_000;
    while ((await t.app.get(OutboxService).list(1)).total < 18 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    base = await listen(t);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: DESKTOP });
    const hr = await createUser(t, 'hr');
    await browserSignIn(page, base, hr.email, hr.password);
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function check(path: string, name: string, heading: RegExp) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').first().innerText()).toMatch(heading);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('lists the outbox and shows a message with its HTML sandboxed', async () => {
    await check('/admin/outbox', 'outbox', /Outbox/);
    expect(await page.locator('tbody tr').count()).toBe(18);
    await page.locator('tbody tr a').first().click();
    await page.waitForURL(/\/admin\/outbox\/\d+/);
    expect(await axeViolations(page)).toEqual([]);
    const frame = page.locator('iframe.mail-preview');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await page.locator('pre.mail-text').innerText()).toContain('/s/');
    await screenshot(page, 'outbox-message');
  });

  it('shows the cycle page with counts per unit', async () => {
    await check(`/admin/cycles/${cycleId}`, 'cycle', /Spring pulse/);
    expect(await page.locator('table caption').first().innerText()).toContain(
      'Response rate per unit',
    );
    await page.setViewportSize(PHONE);
    await screenshot(page, 'cycle-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('shows the cycle list, the new-cycle form and its errors', async () => {
    await check('/admin/cycles', 'cycles', /Cycles/);
    await check('/admin/cycles/new', 'cycle-new', /New cycle/);
    await page.fill('#name', 'Bad dates');
    await page.fill('#periodLabel', 'bad-dates');
    await page.click('main button[type=submit]');
    await page.waitForLoadState();
    expect(await page.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'cycle-new-errors');
  });

  it('shows the survey list, the locked built-in and an editable copy', async () => {
    await check('/admin/surveys', 'surveys', /Surveys/);
    await check(
      `/admin/surveys/${BUILTIN.employee}`,
      'survey-builtin',
      /Employee engagement pulse/,
    );
    expect(await page.locator('.notice').innerText()).toContain('make a copy to change it');
    await check(`/admin/surveys/${copyId}`, 'survey-editor', /Copy of Employee engagement pulse/);
    await page.locator('.question-list li').nth(1).getByRole('button', { name: /^Up/ }).click();
    await page.waitForLoadState();
    expect(await page.locator('.question-list li').first().innerText()).toContain('proud');
    await check(`/admin/surveys/${copyId}/preview`, 'survey-preview', /Preview/);
  });

  it('shows the unsubscribe page to a customer without signing in', async () => {
    const message = (await t.app.get(OutboxService).list(1)).items.find((m) =>
      m.to.includes('contact-'),
    )!;
    const full = await t.app.get(OutboxService).show(message.name);
    const token = /\/u\/([A-Za-z0-9_-]{43})/.exec(full.text)![1];
    const anonymous = await browser.newPage({ viewport: PHONE });
    await anonymous.goto(`${base}/u/${token}`);
    expect(await anonymous.locator('h1').innerText()).toContain('Unsubscribe');
    expect(await axeViolations(anonymous)).toEqual([]);
    await screenshot(anonymous, 'unsubscribe');
    await anonymous.click('button[type=submit]');
    await anonymous.waitForLoadState();
    expect(await anonymous.locator('h1').innerText()).toContain('You are unsubscribed');
    expect(await axeViolations(anonymous)).toEqual([]);
    await anonymous.close();
  });
});

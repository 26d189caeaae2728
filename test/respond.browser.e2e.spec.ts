import { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, DESKTOP, launchBrowser, PHONE, screenshot } from './support/browser';
import {
  createCycle,
  createOpenCycle,
  createSurvey,
  createUnit,
  inviteCustomer,
  inviteEmployee,
} from './support/respond-factories';
import { createTestApp, listen, TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;

describe('Respondent pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let unitId: string;
  let cycleId: string;

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Northwind Trading' });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    unitId = await createUnit(t.dataSource);
    ({ cycleId } = await createOpenCycle(t.dataSource));
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
  }

  async function withPage(
    viewport: { width: number; height: number },
    run: (page: Page) => Promise<void>,
    options: Parameters<Browser['newContext']>[0] = {},
  ): Promise<void> {
    const context: BrowserContext = await browser.newContext({ viewport, ...options });
    try {
      await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  const choose = (page: Page, field: string, label: string) =>
    page.locator(`fieldset:has(input[name="${field}"])`).getByLabel(label, { exact: true }).check();

  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`lets an employee answer on a ${size}, fixing one mistake on the way`, async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      await withPage(viewport, async (page) => {
        await page.goto(`${baseUrl}/s/${token}`);
        expect(await page.textContent('h1')).toBe('Team pulse');
        await expectAccessible(page, `respond-employee-form-${size}`);

        await choose(page, 'q_enps', '8');
        await choose(page, 'q_proud', 'Agree');
        await choose(page, 'q_tools', 'Strongly agree');
        await choose(page, 'q_workload', 'Too heavy');
        await page.fill('#q_comment', 'More <b>focus</b> time, please.');
        await page.click('button[type=submit]');
        // q_manager was left out
        await page.waitForSelector('.error-summary');
        expect(await page.title()).toMatch(/^Error: /);
        expect(await page.isChecked('#q_enps-8')).toBe(true);
        expect(await page.inputValue('#q_comment')).toBe('More <b>focus</b> time, please.');
        await expectAccessible(page, `respond-employee-error-${size}`);

        await page.click('.error-summary a');
        expect(page.url()).toContain('#q_manager-0');
        await choose(page, 'q_manager', 'Neither agree nor disagree');
        await Promise.all([page.waitForURL(/\/thanks(#.*)?$/), page.click('button[type=submit]')]);
        expect(await page.textContent('h1')).toBe('Thank you');
        await expectAccessible(page, `respond-employee-thanks-${size}`);
      });
      const [row] = await t.dataSource.query(
        `SELECT answers FROM employee_responses WHERE answers->>'comment' = $1`,
        ['More <b>focus</b> time, please.'],
      );
      expect(row.answers).toMatchObject({ enps: 8, proud: 4, tools: 5, manager: 3 });
    });

    it(`lets a customer answer on a ${size}`, async () => {
      const invited = await inviteCustomer(t.dataSource, cycleId, unitId, {
        accountName: 'Contoso Ltd',
      });
      await withPage(viewport, async (page) => {
        await page.goto(`${baseUrl}/s/${invited.token}`);
        await expectAccessible(page, `respond-customer-form-${size}`);
        await choose(page, 'q_nps', '10');
        await page.click('button[type=submit]');
        await page.waitForSelector('.error-summary');
        await expectAccessible(page, `respond-customer-error-${size}`);
        expect(await page.isChecked('#q_nps-10')).toBe(true);
        await choose(page, 'q_csat', 'Good');
        await choose(page, 'q_promises', 'Agree');
        await Promise.all([page.waitForURL(/\/thanks(#.*)?$/), page.click('button[type=submit]')]);
        await expectAccessible(page, `respond-customer-thanks-${size}`);
      });
      const rows = await t.dataSource.query(
        `SELECT answers FROM customer_responses WHERE invitation_id = $1`,
        [invited.invitationId],
      );
      expect(rows[0].answers).toEqual({ nps: 10, csat: 4, promises: 4 });
    });
  }

  it('works with the keyboard alone and with JavaScript off', async () => {
    const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
    await withPage(
      PHONE,
      async (page) => {
        await page.goto(`${baseUrl}/s/${token}`);
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
          'Skip to main content',
        );
        await page.focus('#q_enps-0');
        await page.keyboard.press('ArrowRight'); // moves and selects within the radio group
        expect(await page.isChecked('#q_enps-1')).toBe(true);
        for (const field of ['q_proud', 'q_tools', 'q_manager', 'q_workload']) {
          await page.focus(`#${field}-0`);
          await page.keyboard.press('Space');
        }
        await page.focus('#q_comment');
        await page.keyboard.type('Typed with keys only.');
        await page.focus('button[type=submit]');
        await Promise.all([page.waitForURL(/\/thanks(#.*)?$/), page.keyboard.press('Enter')]);
      },
      { javaScriptEnabled: false },
    );
    const rows = await t.dataSource.query(
      `SELECT answers FROM employee_responses WHERE answers->>'comment' = 'Typed with keys only.'`,
    );
    expect(rows[0].answers).toMatchObject({ enps: 1, proud: 1, workload: 'Too light' });
  });

  it('shows every link state accessibly: already answered, not open, closed, unknown', async () => {
    const answered = await inviteEmployee(t.dataSource, cycleId, unitId);
    await t.dataSource.query(`UPDATE invitations SET responded = true WHERE id = $1`, [
      answered.invitationId,
    ]);
    const surveyId = await createSurvey(t.dataSource, 'employee');
    const later = await createCycle(t.dataSource, {
      employeeSurveyId: surveyId,
      status: 'scheduled',
      opensAt: new Date(Date.now() + 3 * DAY),
      closesAt: new Date(Date.now() + 17 * DAY),
    });
    const ended = await createCycle(t.dataSource, {
      employeeSurveyId: surveyId,
      status: 'closed',
      opensAt: new Date(Date.now() - 20 * DAY),
      closesAt: new Date(Date.now() - 6 * DAY),
      closedAt: new Date(Date.now() - 6 * DAY),
    });
    const notOpen = await inviteEmployee(t.dataSource, later, unitId);
    const closed = await inviteEmployee(t.dataSource, ended, unitId);

    const states = [
      ['answered', `/s/${answered.token}`, 'Thanks, we have your answers'],
      ['not-open', `/s/${notOpen.token}`, 'This survey is not open yet'],
      ['closed', `/s/${closed.token}`, 'This survey has closed'],
      ['not-found', `/s/${'x'.repeat(43)}`, 'Survey link not found'],
    ] as const;
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await withPage(viewport, async (page) => {
        for (const [name, path, heading] of states) {
          await page.goto(`${baseUrl}${path}`);
          expect(await page.textContent('h1')).toBe(heading);
          await expectAccessible(page, `respond-state-${name}-${size}`);
        }
      });
    }
  });
});

import { createServer } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { hashToken } from '../src/delivery/tokens';
import { axeViolations, DESKTOP, launchBrowser, PHONE, screenshot } from './support/browser';
import {
  cycleInput,
  ReceivedMail,
  seedOrg,
  SmtpSink,
  startSmtpSink,
} from './support/delivery-fixtures';
import {
  createCycle,
  createSurvey,
  createUnit,
  inviteEmployee,
  storedEmployeeAnswers,
} from './support/respond-factories';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The survey link exactly as the email carries it (quoted-printable undone by the sink). */
function linkIn(mail: ReceivedMail): string {
  const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const link = /https?:\/\/[^\s"<>]+\/s\/[A-Za-z0-9_-]{43}/.exec(body)?.[0];
  if (!link) throw new Error(`No survey link in the mail to ${mail.to}`);
  return link;
}

describe('Respondent pages in a browser, opened from the survey emails', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let cycleId: string;
  const employeeLinks: string[] = [];
  const customerLinks: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    const port = await freePort();
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      SMTP_URL: sink.url,
      COMPANY_NAME: 'Northwind Trading',
      APP_URL: `http://127.0.0.1:${port}`,
    });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchBrowser();

    const org = await seedOrg(t.dataSource, 2);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    cycleId = cycle.id;
    await t.app.get(CycleLaunchService).launch(cycleId);
    await sink.waitFor(org.employees.length + org.contacts.length);
    for (const mail of sink.received) {
      if (org.employees.includes(mail.to)) employeeLinks.push(linkIn(mail));
      if (org.contacts.includes(mail.to)) customerLinks.push(linkIn(mail));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
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
    // The pages forbid every script; axe-core is injected by the test, so CSP is bypassed here.
    const context: BrowserContext = await browser.newContext({
      viewport,
      bypassCSP: true,
      ...options,
    });
    try {
      await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  /** Answers every question by clicking the label of its second-to-last option, as a person would. */
  async function answerAll(page: Page, comment: string, leaveOut?: string): Promise<string[]> {
    const groups = await page.$$eval('fieldset input[type=radio]', (inputs) => [
      ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
    ]);
    for (const name of groups) {
      if (name === leaveOut) continue;
      const count = await page.locator(`input[name="${name}"]`).count();
      await page.click(`label[for="${name}-${count - 2}"]`);
    }
    for (const area of await page.$$('textarea')) await area.fill(comment);
    return groups;
  }

  const submit = (page: Page) =>
    Promise.all([
      page.waitForURL(/\/s\/thanks\/(employee|customer)(\?lang=en)?(#.*)?$/),
      page.click('button[type=submit]'),
    ]);

  for (const [size, viewport, index] of [
    ['phone', PHONE, 0],
    ['desktop', DESKTOP, 1],
  ] as const) {
    it(`lets an employee answer from the email on a ${size}, fixing one mistake on the way`, async () => {
      const comment = `Fewer <b>meetings</b> please (${size})`;
      await withPage(viewport, async (page) => {
        await page.goto(employeeLinks[index]);
        expect(await page.textContent('.respondent-company')).toBe('Northwind Trading');
        await expect(page.textContent('.promise h2')).resolves.toBe('Your answers are anonymous');
        await expectAccessible(page, `respond-employee-form-${size}`);

        const groups = await answerAll(page, comment, 'q_mgr_cares');
        await page.click('button[type=submit]');
        await page.waitForSelector('.error-summary');
        expect(await page.title()).toMatch(/^Error: /);
        expect(await page.isChecked(`#${groups[0]}-9`)).toBe(true); // kept
        expect(await page.inputValue('textarea')).toBe(comment);
        await expectAccessible(page, `respond-employee-error-${size}`);

        await page.click('.error-summary a');
        expect(page.url()).toContain('#q_mgr_cares-0');
        await page.click('label[for="q_mgr_cares-3"]');
        await submit(page);
        expect(await page.textContent('h1')).toBe('Thank you');
        await expectAccessible(page, `respond-employee-thanks-${size}`);
      });
      const rows = (await storedEmployeeAnswers(t.app, t.dataSource, cycleId)).filter(
        (r) => r.answers.comment === comment,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].answers).toMatchObject({ enps: 9, eng_proud: 4, mgr_cares: 4 });
    });

    it(`lets a customer answer from the email on a ${size}`, async () => {
      await withPage(viewport, async (page) => {
        await page.goto(customerLinks[index]);
        expect(await page.textContent('.promise h2')).toBe('How we use your answers');
        await expectAccessible(page, `respond-customer-form-${size}`);
        await page.click('label[for="q_nps-10"]');
        await page.click('button[type=submit]');
        await page.waitForSelector('.error-summary');
        expect(await page.isChecked('#q_nps-10')).toBe(true);
        await expectAccessible(page, `respond-customer-error-${size}`);
        await answerAll(page, 'Quick and friendly.');
        await page.click('label[for="q_nps-10"]');
        await submit(page);
        await expectAccessible(page, `respond-customer-thanks-${size}`);
      });
      const rows = await t.dataSource.query(
        `SELECT r.answers FROM customer_responses r JOIN invitation_tokens k ON k.invitation_id = r.invitation_id
          WHERE k.token_hash = $1`,
        [hashToken(customerLinks[index].split('/s/')[1])],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].answers).toMatchObject({ nps: 10, csat: 4, comment: 'Quick and friendly.' });
    });
  }

  it('works with the keyboard alone and with JavaScript off', async () => {
    await withPage(
      PHONE,
      async (page) => {
        await page.goto(employeeLinks[2]);
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
          'Skip to main content',
        );
        const groups = await page.$$eval('fieldset input[type=radio]', (inputs) => [
          ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
        ]);
        await page.focus(`#${groups[0]}-0`);
        await page.keyboard.press('ArrowRight'); // moves and selects within the radio group
        expect(await page.isChecked(`#${groups[0]}-1`)).toBe(true);
        for (const name of groups.slice(1)) {
          await page.focus(`#${name}-0`);
          await page.keyboard.press('Space');
        }
        await page.focus('textarea');
        await page.keyboard.type('Typed with keys only.');
        await page.focus('button[type=submit]');
        await Promise.all([
          page.waitForURL(/\/s\/thanks\/(employee|customer)(\?lang=en)?(#.*)?$/),
          page.keyboard.press('Enter'),
        ]);
      },
      { javaScriptEnabled: false },
    );
    const rows = (await storedEmployeeAnswers(t.app, t.dataSource, cycleId)).filter(
      (r) => r.answers.comment === 'Typed with keys only.',
    );
    expect(rows[0].answers).toMatchObject({ enps: 1, eng_proud: 1 });
  });

  it('shows every link state accessibly: already answered, not open, closed, unknown', async () => {
    // No email goes out before a cycle opens, so this link is issued directly.
    const unitId = await createUnit(t.dataSource);
    const later = await createCycle(t.dataSource, {
      employeeSurveyId: await createSurvey(t.dataSource, 'employee'),
      status: 'scheduled',
      opensAt: new Date(Date.now() + 3 * DAY),
      closesAt: new Date(Date.now() + 17 * DAY),
    });
    const notOpen = `/s/${(await inviteEmployee(t.dataSource, later, unitId)).token}`;
    const origin = new URL(employeeLinks[0]).origin;
    await t.app.get(CycleLifecycleService).close(cycleId);

    // A used link, a closed one and an unknown one look alike: none tells whose it was.
    const states = [
      ['answered', employeeLinks[0], 'This survey link cannot be used'],
      ['not-open', `${origin}${notOpen}`, 'This survey is not open yet'],
      ['closed', customerLinks[2], 'This survey link cannot be used'],
      ['not-found', `${origin}/s/${'x'.repeat(43)}`, 'This survey link cannot be used'],
    ] as const;
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await withPage(viewport, async (page) => {
        for (const [name, url, heading] of states) {
          await page.goto(url);
          expect(await page.textContent('h1')).toBe(heading);
          await expectAccessible(page, `respond-state-${name}-${size}`);
        }
      });
    }
  });
});

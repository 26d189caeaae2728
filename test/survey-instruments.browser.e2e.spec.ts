import { Browser, Page } from 'playwright-core';
import { CreateSurveyDto, QuestionDto } from '../src/surveys/dto/survey.dto';
import { SurveysService } from '../src/surveys/surveys.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { BUILTIN } from './support/delivery-fixtures';
import {
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  insertUnit,
} from './fixtures/analytics-import/seed';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/**
 * The instrument pages at 390 and 1280 px, checked by axe: a new survey from a template, the
 * editor with designations, reverse keying and a named dimension (and a form with errors), the
 * question bank adding an item, and a report whose trend compares different surveys.
 */
describe('Survey instrument pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let hr: { email: string; password: string };
  let executive: { email: string; password: string };

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    hr = await createUser(t, 'hr');
    executive = await createUser(t, 'executive');

    // Two waves on different surveys, for the trend note.
    const likert = (key: string, dimension: string) =>
      Object.assign(new QuestionDto(), {
        key,
        kind: 'likert5' as const,
        text: `Statement ${key}.`,
        dimension,
        required: true,
      });
    const surveys = t.app.get(SurveysService);
    const make = (name: string, extra: QuestionDto) =>
      surveys.create(
        Object.assign(new CreateSurveyDto(), {
          name,
          audience: 'employee' as const,
          questions: [likert('eng_a', 'engagement'), extra],
        }),
      );
    const first = await make('Old pulse', likert('ena_a', 'enablement'));
    const second = await make('New pulse', likert('eng_b', 'engagement'));
    const unit = await insertUnit(t.dataSource, 'Harbour');
    for (const [i, [label, start, end]] of [
      ['2022-Q1', '2022-01-01', '2022-03-31'],
      ['2022-Q2', '2022-04-01', '2022-06-30'],
    ].entries()) {
      const id = await insertCycle(t.dataSource, label, start, end);
      await t.dataSource.query(`UPDATE cycles SET employee_survey_id = $2 WHERE id = $1`, [
        id,
        i === 0 ? first.id : second.id,
      ]);
      await insertEmployeeResponses(
        t.dataSource,
        id,
        unit.id,
        Array.from({ length: 6 }, (_, r) => ({ eng_a: 2 + (r % 4), [i ? 'eng_b' : 'ena_a']: 3 })),
      );
      await insertCustomerResponses(
        t.dataSource,
        id,
        unit.id,
        Array.from({ length: 5 }, (_, r) => ({ nps: 5 + r, csat: 2 + (r % 4) })),
      );
    }
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

  const submit = (page: Page, name: string) =>
    Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`builds a survey from a template and the bank, passing axe at ${label} px`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, hr.email, hr.password);

        await page.goto(`${baseUrl}/admin/surveys/new`);
        await page.getByRole('heading', { name: 'New survey' }).waitFor();
        await expectAccessible(page, `survey-new-${label}`, viewport.width);
        await page.fill('#name', `Our customer survey ${label}`);
        await page.selectOption('#templateId', BUILTIN.customer);
        await Promise.all([
          page.waitForURL(/\/admin\/surveys\/[0-9a-f-]{36}$/),
          page.getByRole('button', { name: 'Create survey' }).click(),
        ]);
        await page.getByText('Survey created from the template.').waitFor();
        expect(await page.locator('dl.details').innerText()).toContain(
          'How likely are you to recommend us',
        );
        await expectAccessible(page, `survey-editor-${label}`, viewport.width);

        // A second recommend item and an unusable dimension name: messages, typed values kept.
        await page.fill('#text', 'How likely are you to recommend our app?');
        await page.selectOption('#kind', 'nps');
        await page.fill('#dimension', '2nd line');
        await page.selectOption('#metricRole', 'recommend');
        await submit(page, 'Add question');
        await page.getByText('Name the dimension with letters').waitFor();
        expect(await page.inputValue('#text')).toBe('How likely are you to recommend our app?');
        expect(await page.getAttribute('#dimension', 'aria-invalid')).toBe('true');
        await expectAccessible(page, `survey-editor-errors-${label}`, viewport.width);

        await page.fill('#dimension', 'Digital service');
        await submit(page, 'Add question');
        await page.getByText('is already this survey’s recommend (eNPS/NPS) item').waitFor();
        expect(await page.getAttribute('#metricRole', 'aria-invalid')).toBe('true');

        await page.selectOption('#metricRole', '');
        await page.selectOption('#kind', 'likert5');
        await page.fill('#text', 'We often have to chase them for answers.');
        await page.check('input[name=reverseKeyed]');
        await submit(page, 'Add question');
        await page.getByText('Question added.').waitFor();
        expect(await page.locator('dl.details').innerText()).toContain(
          'Digital service index: 1 statement, 1 reverse-keyed',
        );

        await page.getByRole('link', { name: 'pick items from the question bank' }).click();
        await page.getByRole('heading', { name: /^Question bank/ }).waitFor();
        await expectAccessible(page, `survey-bank-${label}`, viewport.width);
        expect(
          await page.locator('.question-list li .tag', { hasText: 'In this survey' }).count(),
        ).toBe(10);
      } finally {
        await context.close();
      }
    }, 90_000);

    it(`shows the bank to browse and a trend over different surveys, passing axe at ${label} px`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, hr.email, hr.password);

        // An empty employee survey takes an item from the bank.
        await page.goto(`${baseUrl}/admin/surveys/new`);
        await page.fill('#name', `Short pulse ${label}`);
        await Promise.all([
          page.waitForURL(/\/admin\/surveys\/[0-9a-f-]{36}$/),
          page.getByRole('button', { name: 'Create survey' }).click(),
        ]);
        await page.getByRole('link', { name: 'pick items from the question bank' }).click();
        await page.getByRole('heading', { name: /^Question bank/ }).waitFor();
        await Promise.all([
          page.waitForLoadState('load'),
          page
            .getByRole('button', { name: /^Add.*I am proud to tell people where I work/ })
            .click(),
        ]);
        await page.getByText('Added “I am proud to tell people where I work.”').waitFor();
        await expectAccessible(page, `survey-bank-added-${label}`, viewport.width);

        await page.goto(`${baseUrl}/admin/surveys/bank`);
        await page.getByRole('heading', { name: 'Question bank', exact: true }).waitFor();
        expect(await page.getByText('Reichheld, 2003').count()).toBeGreaterThan(0);
        await expectAccessible(page, `survey-bank-browse-${label}`, viewport.width);

        const reader = await context.newPage();
        await context.clearCookies();
        await browserSignIn(reader, baseUrl, executive.email, executive.password);
        await reader.goto(`${baseUrl}/reports/linkage?from=2022-Q1&to=2022-Q2`);
        await reader.getByText('These cycles used different surveys').waitFor();
        await expectAccessible(reader, `report-trend-instruments-${label}`, viewport.width);
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});

import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CreateSurveyDto, QuestionDto } from '../src/surveys/dto/survey.dto';
import { SurveysService } from '../src/surveys/surveys.service';
import { axeViolations, DESKTOP, launchBrowser, PHONE, screenshot } from './support/browser';
import {
  createCycle,
  createUnit,
  inviteEmployee,
  storedEmployeeAnswers,
} from './support/respond-factories';
import { createTestApp, listen, TestApp } from './support/test-app';

const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/**
 * The survey one section at a time on a 390 px phone, in headless Chromium (the pages run no
 * script; their CSP forbids any): the link opens section 1, a step with a missing answer is shown again
 * with its message, browser back and forward show each section with its answers, "Prefer not
 * to say" is an extra choice, and the last step stores the response. axe-clean throughout.
 */
describe('Survey one section at a time on a phone', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cycleId: string;
  let token: string;

  const question = (fields: Partial<QuestionDto>) =>
    Object.assign(new QuestionDto(), { required: true, ...fields });

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Northwind Trading' });
    baseUrl = await listen(t);
    const survey = await t.app.get(SurveysService).create(
      Object.assign(new CreateSurveyDto(), {
        name: `Team pulse ${randomUUID().slice(0, 4)}`,
        audience: 'employee' as const,
        questions: [
          question({
            key: 'enps',
            kind: 'nps',
            text: 'How likely are you to recommend working here to a friend?',
            dimension: 'loyalty',
            metricRole: 'recommend',
          }),
          question({
            key: 'proud',
            kind: 'likert5',
            text: 'I am proud of the work my team does.',
            dimension: 'engagement',
          }),
          question({
            key: 'stay',
            kind: 'likert5',
            text: 'I see myself working here in two years.',
            dimension: 'engagement',
            preferNotToSay: true,
          }),
          question({
            key: 'manager',
            kind: 'likert5',
            text: 'My manager helps me grow.',
            dimension: 'manager',
            preferNotToSay: true,
          }),
          question({
            key: 'comment',
            kind: 'text',
            text: 'What one thing would make work better?',
            required: false,
          }),
        ],
      }),
    );
    cycleId = await createCycle(t.dataSource, { employeeSurveyId: survey.id });
    const unitId = await createUnit(t.dataSource, 'Harbour');
    ({ token } = await inviteEmployee(t.dataSource, cycleId, unitId));
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: PHONE,
      userAgent: PHONE_UA,
      isMobile: true,
      hasTouch: true,
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t.close();
  });

  const expectClean = async (name: string) => {
    expect(await axeViolations(page)).toEqual([]);
    // Nothing runs sideways off a phone's screen.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    await screenshot(page, name);
  };
  const sectionUrl = (n: number, query = '') =>
    new RegExp(`/s/${token}/sections/${n}${query.replace('?', '\\?')}$`);
  const next = async (n: number, query = '') => {
    await Promise.all([page.waitForURL(sectionUrl(n, query)), page.click('button[value=next]')]);
  };

  it('keeps the one page on a desktop, with "Prefer not to say" apart from the scale', async () => {
    const unitId = await createUnit(t.dataSource, 'Desk');
    const desk = await inviteEmployee(t.dataSource, cycleId, unitId);
    const desktop = await browser.newContext({ viewport: DESKTOP });
    try {
      const one = await desktop.newPage();
      await one.goto(`${baseUrl}/s/${desk.token}`);
      expect(new URL(one.url()).pathname).toBe(`/s/${desk.token}`);
      await expect(one.locator('fieldset').count()).resolves.toBe(4);
      await expect(one.locator('.choice-decline').count()).resolves.toBe(2);
      expect(await axeViolations(one)).toEqual([]);
      await screenshot(one, 'comfort-desktop-one-page');
      // The link to the sections works on a desktop too.
      await Promise.all([
        one.waitForURL(new RegExp(`/s/${desk.token}/sections/1`)),
        one.click('text=Answer one section at a time'),
      ]);
    } finally {
      await desktop.close();
    }
  });

  it('walks the sections with checks, back and forward, and stores the answers at the end', async () => {
    await page.goto(`${baseUrl}/s/${token}`);
    await page.waitForURL(sectionUrl(1));
    await expect(page.locator('.step-progress p').textContent()).resolves.toBe('Section 1 of 3');
    await expect(page.locator('form h2').textContent()).resolves.toBe('Recommending us');
    await expectClean('comfort-phone-section-1');

    // Next without an answer: the section again, with its message and the summary focused.
    await next(1, '?check=1');
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Choose an answer to this question.',
    );
    await expectClean('comfort-phone-section-1-error');

    await page.click('label[for=q_enps-8]');
    await next(2);
    await expect(page.locator('.step-progress p').textContent()).resolves.toBe('Section 2 of 3');
    await page.click('label[for=q_proud-3]');
    // "Prefer not to say" is an extra choice, apart from the scale.
    await expect(page.locator('label[for=q_stay-decline]').textContent()).resolves.toBe(
      'Prefer not to say',
    );
    await page.click('label[for=q_stay-decline]');
    await expectClean('comfort-phone-section-2');
    await next(3);

    // Browser back: section 2, then 1, with their answers; forward again to 3.
    await page.goBack();
    await page.waitForURL(sectionUrl(2));
    expect(await page.isChecked('#q_proud-3')).toBe(true);
    expect(await page.isChecked('#q_stay-decline')).toBe(true);
    await page.goBack();
    await page.waitForURL(sectionUrl(1, '?check=1'));
    expect(await page.isChecked('#q_enps-8')).toBe(true);
    await expect(page.locator('.error-summary').count()).resolves.toBe(0); // answered now
    await page.goForward();
    await page.waitForURL(sectionUrl(2));
    expect(await page.isChecked('#q_stay-decline')).toBe(true);
    await page.goForward();
    await page.waitForURL(sectionUrl(3));
    await expect(page.locator('.step-progress p').textContent()).resolves.toBe('Section 3 of 3');

    // "Previous section" keeps what was typed here.
    await page.click('label[for=q_manager-decline]');
    await page.fill('#q_comment', 'More quiet rooms');
    await Promise.all([page.waitForURL(sectionUrl(2)), page.click('button[value=back]')]);
    await next(3);
    expect(await page.isChecked('#q_manager-decline')).toBe(true);
    await expect(page.inputValue('#q_comment')).resolves.toBe('More quiet rooms');
    await expectClean('comfort-phone-section-3');

    await Promise.all([
      page.waitForURL(/\/s\/thanks\/employee$/),
      page.click('button[value=next]'),
    ]);
    await expectClean('comfort-phone-thanks');
    expect((await context.cookies()).filter((c) => c.name.startsWith('draft'))).toEqual([]);
    const [stored] = await storedEmployeeAnswers(t.app, t.dataSource, cycleId);
    expect(stored.answers).toEqual({ enps: 8, proud: 4, comment: 'More quiet rooms' });

    // Back after sending: the used link is the one 404, nothing of the answers comes back.
    await page.goBack();
    await expect(page.locator('h1').textContent()).resolves.toBe('This survey link cannot be used');
    await expect(page.content()).resolves.not.toContain('More quiet rooms');
  });
});

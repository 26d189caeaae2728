import { Browser, Page } from 'playwright-core';
import { SurveyTranslationsService } from '../src/surveys/survey-translations.service';
import { axeViolations, launchBrowser, PHONE, screenshot } from './support/browser';
import { createOpenCycle, createUnit, inviteCustomer } from './support/respond-factories';
import { createTestApp, listen, TestApp } from './support/test-app';

/** The customer survey of the respond factories, translated as a translator would send it. */
const TRANSLATIONS = {
  de: [
    ['name', 'Wie machen wir uns?'],
    ['q.nps.text', 'Wie wahrscheinlich ist es, dass Sie uns einem Kollegen empfehlen?'],
    ['q.csat.text', 'Wie bewerten Sie die Zusammenarbeit mit uns insgesamt?'],
    ['q.promises.text', 'Sie halten ihre Versprechen.'],
    ['q.contact.text', 'Wie oft hören Sie von uns?'],
    ['q.contact.option.1', 'Zu selten'],
    ['q.contact.option.2', 'Genau richtig'],
    ['q.contact.option.3', 'Zu oft'],
    ['q.comment.text', 'Möchten Sie uns noch etwas sagen?'],
  ],
  es: [
    ['name', '¿Qué tal lo hacemos?'],
    ['q.nps.text', '¿Qué probabilidad hay de que nos recomiende a un colega?'],
    ['q.csat.text', 'En general, ¿cómo valora trabajar con nosotros?'],
    ['q.promises.text', 'Cumplen sus promesas.'],
    ['q.contact.text', '¿Con qué frecuencia sabe de nosotros?'],
    ['q.contact.option.1', 'Muy poco'],
    ['q.contact.option.2', 'Lo justo'],
    ['q.contact.option.3', 'Demasiado'],
    ['q.comment.text', '¿Hay algo más que quiera contarnos?'],
  ],
} as const;

const EXPECTED = {
  en: { heading: 'How are we doing?', submit: 'Send my answers', choice: 'About right' },
  de: { heading: 'Wie machen wir uns?', submit: 'Antworten senden', choice: 'Genau richtig' },
  es: { heading: '¿Qué tal lo hacemos?', submit: 'Enviar mis respuestas', choice: 'Lo justo' },
} as const;

describe('The survey page in each shipped language, in a browser at phone width', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let tokens: Record<keyof typeof EXPECTED, string>;

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Northwind Trading' });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    const unitId = await createUnit(t.dataSource);
    const { cycleId, customerSurveyId } = await createOpenCycle(t.dataSource);
    const translations = t.app.get(SurveyTranslationsService);
    for (const [language, rows] of Object.entries(TRANSLATIONS)) {
      const csv = ['key,translation', ...rows.map(([k, v]) => `${k},"${v}"`)].join('\n');
      const result = await translations.import(customerSurveyId, language, csv);
      expect(result.errors).toEqual([]);
    }
    tokens = { en: '', de: '', es: '' };
    for (const language of ['en', 'de', 'es'] as const) {
      const invited = await inviteCustomer(t.dataSource, cycleId, unitId);
      await t.dataSource.query(`UPDATE invitations SET language = $2 WHERE id = $1`, [
        invited.invitationId,
        language,
      ]);
      tokens[language] = invited.token;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(['en', 'de', 'es'] as const)(
    'shows the %s survey whole in its language, accessible, with a switcher that works',
    async (language) => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
      const page: Page = await context.newPage();
      await page.goto(`${baseUrl}/s/${tokens[language]}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      expect(await page.getAttribute('html', 'dir')).toBe('ltr');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        EXPECTED[language].heading,
      );
      await page.getByRole('button', { name: EXPECTED[language].submit }).waitFor();
      await page.getByLabel(EXPECTED[language].choice, { exact: true }).waitFor();
      // Nothing wider than the phone: no sideways scrolling.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `survey-${language}-390`);
      await context.close();

      // axe needs script in the page; the survey itself works without it.
      const checked = await browser.newContext({ viewport: PHONE });
      const axePage = await checked.newPage();
      await axePage.goto(`${baseUrl}/s/${tokens[language]}`);
      await axePage.getByRole('heading', { level: 1 }).waitFor();
      expect(await axeViolations(axePage)).toEqual([]);
      // The switcher is plain links: the other language replaces this one.
      const other = language === 'es' ? 'de' : 'es';
      await axePage
        .getByRole('navigation', { name: /Language|Sprache|Idioma/ })
        .getByRole('link', { name: other === 'de' ? 'Deutsch' : 'Español' })
        .click();
      await axePage.waitForURL(/\?lang=/);
      await axePage.getByRole('button', { name: EXPECTED[other].submit }).waitFor();
      expect(await axePage.getAttribute('html', 'lang')).toBe(other);
      await checked.close();
    },
  );
});

import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { FollowThroughEmails } from '../src/follow-through/follow-through-emails.service';
import { SurveyCatalog } from '../src/surveys/survey-catalog.service';
import { SurveyTranslationsService } from '../src/surveys/survey-translations.service';
import { SurveysService } from '../src/surveys/surveys.service';
import { BUILTIN, cycleInput, seedOrg, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

/** What a translator does: fill the translation column of an exported file. */
function translate(csv: string, prefix: string, only?: (key: string) => boolean): string {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\n');
  return [
    lines[0],
    ...lines.slice(1).map((line) => {
      // Built-in texts hold no quotes or line breaks except inside quoted cells, which the
      // export quotes whole; the translation repeats the source cell with a prefix.
      const match = /^([^,]+),("(?:[^"]|"")*"|[^,]*),(.*)$/.exec(line)!;
      const [, key, source] = match;
      if (only && !only(key)) return `${key},${source},`;
      const text = source.startsWith('"') ? `"${prefix}${source.slice(1)}` : `${prefix}${source}`;
      return `${key},${source},${text}`;
    }),
  ].join('\n');
}

describe('Surveys in several languages', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  let csrf: string;
  let org: Awaited<ReturnType<typeof seedOrg>>;
  const languageOf = new Map<string, string>();

  const exportCsv = async (surveyId: string, language: string) =>
    (await agent.get(`/admin/surveys/${surveyId}/translations/${language}/csv`).expect(200)).text;
  const importCsv = (surveyId: string, language: string, csv: string) =>
    agent
      .post(`/admin/surveys/${surveyId}/translations/${language}?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', Buffer.from(csv), `${language}.csv`);

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ JOBS_ENABLED: 'true', SMTP_URL: sink.url, COMPANY_NAME: 'Acme' });
    ({ agent, csrf } = await signedInAgent(t, 'hr'));
    org = await seedOrg(t.dataSource);
    // A third of the contacts each in English, German and Spanish (set as an import would).
    const languages = ['en', 'de', 'es'];
    for (const [i, email] of org.contacts.entries()) {
      const language = languages[Math.floor(i / 3)];
      languageOf.set(email, language);
      await t.dataSource.query(`UPDATE contacts SET language = $2 WHERE email = $1`, [
        email,
        language,
      ]);
    }
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('takes each contact’s language from the import, refuses unknown ones and exports it', async () => {
    const [account] = await t.dataSource.query(
      `SELECT a.external_id FROM customer_accounts a JOIN contacts c ON c.account_id = a.id
        WHERE c.email = $1`,
      [org.contacts[0]],
    );
    const upload = async (csv: string) => {
      const posted = await agent
        .post(`/admin/imports/contacts?_csrf=${encodeURIComponent(csrf)}`)
        .attach('file', Buffer.from(csv), 'contacts.csv');
      expect(posted.status).toBe(303);
      return agent.get(posted.headers.location).expect(200);
    };
    const header = 'email,name,account_external_id,subscribed,language';
    const bad = await upload(`${header}\nnew-fr@example.test,Fr,${account.external_id},true,fr\n`);
    expect(bad.text).toContain('must be one of the languages surveys are shown in (en, de, es)');
    const good = await upload(`${header}\nnew-de@example.test,De,${account.external_id},true,de\n`);
    await agent
      .post(new URL(good.request.url).pathname + '/confirm')
      .type('form')
      .send({ _csrf: csrfFrom(good.text) })
      .expect(303);
    const [stored] = await t.dataSource.query(
      `SELECT language FROM contacts WHERE email = 'new-de@example.test'`,
    );
    expect(stored.language).toBe('de');
    const csv = (await agent.get('/admin/contacts/export.csv').expect(200)).text;
    expect(csv.split('\n')[0].trim()).toBe(header);
    expect(csv).toContain(`new-de@example.test,De,${account.external_id},true,de`);
    // Kept out of the cycle below: it is not one of the seeded three-language contacts.
    await t.dataSource.query(`DELETE FROM contacts WHERE email = 'new-de@example.test'`);
  });

  it('writes the “we heard you” email in the contact’s language', () => {
    const emails = t.app.get(FollowThroughEmails);
    const base = {
      followUpId: 'f1',
      email: 'c@example.test',
      contactName: 'Ana',
      unitName: 'Leeds',
      message: null,
      unsubscribeToken: null,
    };
    const es = emails.heardYou({ ...base, language: 'es' });
    expect(es.subject).toBe('Acme: le hemos escuchado');
    expect(es.text).toContain('El equipo que le atiende, Leeds, ha leído su respuesta');
    expect(es.html).toContain('<html lang="es" dir="ltr">');
    // No language: the company default (English here).
    expect(emails.heardYou(base).subject).toBe('Acme: we heard you');
  });

  it('round-trips a translation CSV and reports missing and stale strings', async () => {
    const copy = await t.app.get(SurveysService).copy(BUILTIN.customer);
    const exported = await exportCsv(copy.id, 'de');
    expect(exported.split('\n')[0]).toContain('key,source,translation');
    const total = exported.trimEnd().split('\n').length - 1;
    expect(total).toBeGreaterThan(3);

    // Half translated: the rest is reported missing.
    const half = translate(exported, 'DE ', (key) => key === 'name' || key.endsWith('.text'));
    const first = await importCsv(copy.id, 'de', half).expect(200);
    expect(first.text).toMatch(/\d+ strings saved/);
    const service = t.app.get(SurveyTranslationsService);
    const api = await service.report(copy.id, 'de');
    expect(api.stale).toEqual([]);
    expect(api.current + api.missing.length).toBe(total);
    expect(api.missing.every((m) => m.key.includes('.option.'))).toBe(true);

    // The export carries the stored translations: importing it again changes nothing.
    const again = await exportCsv(copy.id, 'de');
    expect(again).toContain('DE ');
    const same = await importCsv(copy.id, 'de', again).expect(200);
    expect(same.text).toContain('0 strings saved');

    // The source of a translated question changes: its translation is stale, shown no more.
    const [question] = await t.dataSource.query(
      `SELECT key, text FROM questions WHERE survey_id = $1 AND kind = 'nps'`,
      [copy.id],
    );
    await t.dataSource.query(`UPDATE questions SET text = $3 WHERE survey_id = $1 AND key = $2`, [
      copy.id,
      question.key,
      'How likely are you to recommend us to a colleague?',
    ]);
    const stale = await service.report(copy.id, 'de');
    expect(stale.stale).toEqual([
      {
        key: `q.${question.key}.text`,
        source: 'How likely are you to recommend us to a colleague?',
        translation: `DE ${question.text}`,
      },
    ]);
    expect((await service.current(copy.id, 'de')).has(`q.${question.key}.text`)).toBe(false);
    // Re-importing the old file (translated from the old source) keeps it stale.
    const old = await importCsv(copy.id, 'de', again).expect(200);
    expect(old.text).toContain('1 stale');
    // The fresh export shows the new source; translating it makes it current again.
    const fresh = translate(await exportCsv(copy.id, 'de'), 'DE ');
    await importCsv(copy.id, 'de', fresh).expect(200);
    const done = await service.report(copy.id, 'de');
    expect(done).toMatchObject({ current: total, missing: [], stale: [] });

    // A key the survey does not have: the line is named and nothing is saved.
    const bad = await importCsv(copy.id, 'de', `key,source,translation\nq.nope.text,x,y\n`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Line 2');
    expect(bad.text).toContain('This survey has no string with this key.');
    // A language no respondent page speaks is refused.
    expect((await agent.get(`/admin/surveys/${copy.id}/translations/xx/csv`)).status).toBe(422);
  });

  it('sends each invitation in its person’s language, and each page renders in it', async () => {
    for (const [language, prefix] of [
      ['de', 'DE '],
      ['es', 'ES '],
    ] as const)
      await importCsv(
        BUILTIN.customer,
        language,
        translate(await exportCsv(BUILTIN.customer, language), prefix),
      ).expect(200);

    const form = await agent.get('/admin/cycles/new').expect(200);
    const created = await agent
      .post('/admin/cycles')
      .type('form')
      .send({
        ...cycleInput([org.rootId]),
        reminderDays: '3',
        unitIds: org.rootId,
        _csrf: csrfFrom(form.text),
      });
    expect(created.status).toBe(303);
    const cycleId = created.headers.location.split('/').pop()!;
    await agent
      .post(`/admin/cycles/${cycleId}/launch`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    const everyone = [...org.employees, ...org.contacts];
    await sink.waitFor(everyone.length);

    const subjects = {
      en: /would value your view/,
      de: /möchte Ihre Meinung hören/,
      es: /quiere conocer su opinión/,
    };
    const starts = { en: 'Start the survey', de: 'Umfrage starten', es: 'Empezar la encuesta' };
    const submits = { en: 'Send my answers', de: 'Antworten senden', es: 'Enviar mis respuestas' };
    const prefixes = { en: '', de: 'DE ', es: 'ES ' };
    const survey = (await t.app.get(SurveyCatalog).definition(BUILTIN.customer))!;
    for (const contact of org.contacts) {
      const language = languageOf.get(contact) as 'en' | 'de' | 'es';
      const mails = sink.received.filter((m) => m.to === contact);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toMatch(subjects[language]);
      expect(mails[0].raw).toContain(starts[language]);

      const page = await t.http().get(`/s/${mails[0].surveyToken}`).expect(200);
      expect(page.text).toContain(`<html lang="${language}" dir="ltr">`);
      expect(page.text).toContain(submits[language]);
      expect(page.text).toContain(`${prefixes[language]}${survey.name}`);
      // The switcher offers the other languages as plain links.
      expect(page.text).toContain('href="?lang=es"');

      const body: Record<string, string> = { _survey: BUILTIN.customer };
      for (const q of survey.questions)
        body[`q_${q.key}`] =
          q.kind === 'nps'
            ? '9'
            : q.kind === 'single_choice'
              ? q.options[0]
              : q.kind === 'text'
                ? 'Fine'
                : '4';
      const posted = await t
        .http()
        .post(`/s/${mails[0].surveyToken}?lang=${language}`)
        .type('form')
        .send(body);
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe(`/s/thanks/customer?lang=${language}`);
    }
    for (const employee of org.employees) {
      const [mail] = sink.received.filter((m) => m.to === employee);
      expect(mail.subject).toMatch(/pulse survey/);
    }

    // The switcher changes the page's language, without any script.
    const anyEmployee = sink.received.find((m) => org.employees.includes(m.to))!;
    const german = await t.http().get(`/s/${anyEmployee.surveyToken}?lang=de`).expect(200);
    expect(german.text).toContain('<html lang="de" dir="ltr">');
    expect(german.text).toContain('Ihre Antworten sind anonym');
    const thanks = await t.http().get('/s/thanks/customer?lang=es').expect(200);
    expect(thanks.text).toContain('Gracias');

    // Answers pool into one cycle; the language is kept with each customer response.
    await t.app.get(CycleLifecycleService).close(cycleId);
    const counts = await t.dataSource.query(
      `SELECT language, count(*)::int AS n FROM customer_responses WHERE cycle_id = $1
        GROUP BY language ORDER BY language`,
      [cycleId],
    );
    expect(counts).toEqual([
      { language: 'de', n: 3 },
      { language: 'en', n: 3 },
      { language: 'es', n: 3 },
    ]);
    // The cycle report counts them together and breaks the count down by language.
    const page = await agent.get(`/reports/cycles/${cycleId}`).expect(200);
    expect(page.text).toContain('Responses by language answered in');
    const rows = [
      ...page.text.matchAll(/<th scope="row"[^>]*>(English|German|Spanish)<\/th>(.*?)<\/tr>/g),
    ];
    expect(
      rows.map(([, name, cells]) => [name, [...cells.matchAll(/>(\d+)</g)].map((m) => m[1])]),
    ).toEqual([
      ['German', ['0', '3']],
      ['English', ['0', '3']],
      ['Spanish', ['0', '3']],
    ]);
  });
});

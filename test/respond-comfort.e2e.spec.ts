import { randomUUID } from 'node:crypto';
import { iccStandard, iccStandardFromAggregates } from '../src/analytics/stats/agreement-standard';
import { rwgJ, rwgJFromAggregates } from '../src/analytics/stats/agreement';
import {
  employeeMetricDefinitions,
  itemValue,
  metricValue,
  type StatSums,
} from '../src/analytics/stats/unit-metrics';
import { UnitStatsService } from '../src/analytics/unit-stats.service';
import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { EmailRenderer } from '../src/delivery/email-renderer.service';
import { PREFER_NOT_TO_SAY } from '../src/respond/answer-form';
import { estimateAnswerMinutes } from '../src/surveys/answer-time';
import { CreateSurveyDto, QuestionDto } from '../src/surveys/dto/survey.dto';
import { SurveyCatalog } from '../src/surveys/survey-catalog.service';
import { SurveyError } from '../src/surveys/surveys.errors';
import { SurveysService } from '../src/surveys/surveys.service';
import {
  createCycle,
  createSurvey,
  createUnit,
  inviteEmployee,
  storedEmployeeAnswers,
} from './support/respond-factories';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

const PNS = PREFER_NOT_TO_SAY;
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/**
 * Respondent comfort (issue #16.4): "Prefer not to say" is counted as no answer in every figure
 * and never stored; the survey one section at a time works with plain form posts (no script),
 * carrying earlier answers in a sealed cookie and storing nothing until the last step; and the
 * email and the page give the same estimate of the time to answer.
 */
describe('Respondent comfort', () => {
  let t: TestApp;
  let surveyId: string;
  let ipCounter = 0;
  const ip = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

  const question = (fields: Partial<QuestionDto>) =>
    Object.assign(new QuestionDto(), { required: true, ...fields });

  /** Four sections: loyalty, engagement, enablement, manager (+ the comment after it). */
  const QUESTIONS = [
    question({
      key: 'enps',
      kind: 'nps',
      text: 'How likely are you to recommend working here?',
      dimension: 'loyalty',
      metricRole: 'recommend',
      preferNotToSay: true,
    }),
    question({
      key: 'proud',
      kind: 'likert5',
      text: 'I am proud of my work.',
      dimension: 'engagement',
      preferNotToSay: true,
    }),
    question({
      key: 'motivated',
      kind: 'likert5',
      text: 'I want to give my best.',
      dimension: 'engagement',
      preferNotToSay: true,
    }),
    question({
      key: 'tools',
      kind: 'likert5',
      text: 'I have what I need.',
      dimension: 'enablement',
    }),
    question({
      key: 'manager',
      kind: 'likert5',
      text: 'My manager helps me grow.',
      dimension: 'manager',
      preferNotToSay: true,
    }),
    question({ key: 'comment', kind: 'text', text: 'What would help?', required: false }),
  ];

  beforeAll(async () => {
    t = await createTestApp({ ANONYMITY_MIN: '5' });
    const survey = await t.app.get(SurveysService).create(
      Object.assign(new CreateSurveyDto(), {
        name: `Comfort pulse ${randomUUID().slice(0, 6)}`,
        audience: 'employee' as const,
        description: '',
        templateId: null,
        questions: QUESTIONS,
      }),
    );
    surveyId = survey.id;
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, form: Record<string, string>, cookie?: string) => {
    const req = t.http().post(path).set('X-Forwarded-For', ip()).type('form');
    if (cookie) req.set('Cookie', cookie);
    return req.send(form);
  };
  const get = (path: string, headers: Record<string, string> = {}) => {
    const req = t.http().get(path).set('X-Forwarded-For', ip());
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req;
  };
  /** The cookies a response sets, as a Cookie header would carry them (cleared ones left out). */
  const cookiesOf = (res: { headers: Record<string, unknown> }) =>
    ((res.headers['set-cookie'] as string[] | undefined) ?? [])
      .map((c) => c.split(';')[0])
      .filter((c) => !c.endsWith('='))
      .join('; ');

  describe('"Prefer not to say" in the survey builder', () => {
    it('is refused on a customer survey and on a text question, with a message by the field', async () => {
      const surveys = t.app.get(SurveysService);
      const customer = await createSurvey(t.dataSource, 'customer', [], { locked: false });
      await expect(
        surveys.addQuestion(
          customer,
          question({
            kind: 'likert5',
            text: 'They listen.',
            dimension: 'trust',
            preferNotToSay: true,
          }),
        ),
      ).rejects.toBeInstanceOf(SurveyError);

      const { agent, csrf } = await signedInAgent(t, 'hr');
      const draft = await surveys.create(
        Object.assign(new CreateSurveyDto(), { name: 'Draft pulse', audience: 'employee' }),
      );
      const res = await agent
        .post(`/admin/surveys/${draft.id}/questions`)
        .type('form')
        .send({ _csrf: csrf, kind: 'text', text: 'Anything else to add?', preferNotToSay: 'on' })
        .expect(422);
      expect(res.text).toContain(
        '“Prefer not to say” is offered only on questions of employee surveys',
      );
      expect(res.text).toContain('Anything else to add?'); // what was typed stays
      expect(res.text).toMatch(/name="preferNotToSay" checked/);

      // Offered on an agreement statement: saved, and shown in the editor's list.
      await agent
        .post(`/admin/surveys/${draft.id}/questions`)
        .type('form')
        .send({
          _csrf: csrfFrom((await agent.get(`/admin/surveys/${draft.id}`).expect(200)).text),
          kind: 'likert5',
          text: 'I can speak up here.',
          dimension: 'Psychological safety',
          preferNotToSay: 'on',
          required: 'on',
        })
        .expect(303);
      const editor = await agent.get(`/admin/surveys/${draft.id}`).expect(200);
      expect(editor.text).toContain('<span class="tag">Prefer not to say</span>');
      const [stored] = await t.dataSource.query<{ prefer_not_to_say: boolean }[]>(
        `SELECT prefer_not_to_say FROM questions WHERE survey_id = $1`,
        [draft.id],
      );
      expect(stored.prefer_not_to_say).toBe(true);
      // The customer survey's editor does not offer the box at all.
      const customerEditor = await agent.get(`/admin/surveys/${customer}`).expect(200);
      expect(customerEditor.text).not.toContain('name="preferNotToSay"');
    });
  });

  describe('the time to answer', () => {
    it('is one estimate from the items, the same in the invitation email and on the page', async () => {
      const cycleId = await createCycle(t.dataSource, { employeeSurveyId: surveyId });
      const unitId = await createUnit(t.dataSource, 'Estimate');
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const minutes = estimateAnswerMinutes(QUESTIONS.map((q) => q.kind));
      const time = (await t.app.get(SurveyCatalog).answerTimes([surveyId])).get(surveyId)!;
      expect(time).toEqual({ questionCount: QUESTIONS.length, minutes });

      const mail = t.app.get(EmailRenderer).render({
        invitationId: randomUUID(),
        audience: 'employee',
        email: 'sam@example.test',
        recipientName: 'Sam',
        closesAt: new Date(Date.now() + 86_400_000),
        round: 0,
        surveyToken: token,
        ...time,
      });
      const page = await get(`/s/${token}`, { 'User-Agent': DESKTOP_UA }).expect(200);
      const phrase = minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
      expect(page.text).toContain(`It takes ${phrase}: ${QUESTIONS.length} questions.`);
      expect(mail.text).toContain(`about ${minutes} minute`);
      expect(mail.text).toContain(`${QUESTIONS.length} short questions`);
    });
  });

  describe('"Prefer not to say" in every figure', () => {
    type Answer = number | typeof PNS;
    /** [enps, proud, motivated, tools, manager] per respondent, per unit. */
    const ANSWERS: Answer[][][] = [
      [
        [10, 5, 4, 4, PNS],
        [PNS, 4, PNS, 3, 2],
        [6, PNS, PNS, 5, 4],
        [9, 2, 3, 2, 5],
        [7, 4, 5, 4, PNS],
      ],
      [
        [3, 2, 2, 1, 2],
        [8, PNS, 3, 2, 1],
        [9, 3, 2, 3, 2],
        [PNS, 1, 1, 2, PNS],
        [5, 2, PNS, 3, 3],
      ],
    ];
    const KEYS = ['enps', 'proud', 'motivated', 'tools', 'manager'];
    const num = (a: Answer): number | null => (a === PNS ? null : a);

    it('is shown as an extra choice only where offered, stores nothing, and changes no score', async () => {
      const cycleId = await createCycle(t.dataSource, { employeeSurveyId: surveyId });
      const unitIds: string[] = [];
      for (const [u, unit] of ANSWERS.entries()) {
        const unitId = await createUnit(t.dataSource, `PNS ${u}`);
        unitIds.push(unitId);
        for (const answers of unit) {
          const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
          if (u === 0 && answers === unit[0]) {
            const page = await get(`/s/${token}`, { 'User-Agent': DESKTOP_UA }).expect(200);
            // Offered on enps, proud, motivated, manager; not on tools or the comment.
            for (const key of ['enps', 'proud', 'motivated', 'manager'])
              expect(page.text).toContain(`id="q_${key}-decline" name="q_${key}" value="${PNS}"`);
            expect(page.text).not.toContain('id="q_tools-decline"');
            expect(page.text).not.toContain('id="q_comment-decline"');
            expect(page.text).toContain('>Prefer not to say</label>');
            // Not offered: the value is refused like any answer the question does not have.
            const refused = await post(`/s/${token}`, {
              _survey: surveyId,
              q_enps: '9',
              q_proud: '4',
              q_motivated: '4',
              q_tools: PNS,
              q_manager: '4',
            }).expect(422);
            expect(refused.text).toContain('Choose one of the answers shown.');
          }
          const form: Record<string, string> = { _survey: surveyId };
          KEYS.forEach((key, i) => (form[`q_${key}`] = String(answers[i])));
          await post(`/s/${token}`, form).expect(303);
        }
      }

      // While open: sealed, and the declined questions are simply absent.
      const sealed = await storedEmployeeAnswers(t.app, t.dataSource, cycleId);
      expect(sealed).toHaveLength(10);
      const expectedStored = ANSWERS.flat()
        .map((row) =>
          Object.fromEntries(KEYS.map((key, i) => [key, row[i]]).filter(([, v]) => v !== PNS)),
        )
        .map((a) => JSON.stringify(a, Object.keys(a).sort()))
        .sort();
      const storedAnswers = (rows: typeof sealed) =>
        rows.map((r) => JSON.stringify(r.answers, Object.keys(r.answers).sort())).sort();
      expect(storedAnswers(sealed)).toEqual(expectedStored);

      await t.app.get(CycleLifecycleService).close(cycleId);
      const released = await storedEmployeeAnswers(t.app, t.dataSource, cycleId);
      expect(released.every((r) => !r.sealed)).toBe(true);
      expect(storedAnswers(released)).toEqual(expectedStored);
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM employee_responses
          WHERE cycle_id = $1 AND answers::text LIKE '%' || $2 || '%'`,
        [cycleId, PNS],
      );
      expect(n).toBe(0);

      const stats = t.app.get(UnitStatsService);
      const cycle = await stats.findCycle(cycleId);
      const questions = (await stats.questionsFor([cycle])).get(cycleId)!.employee;
      const rows = await stats.read([cycle], { audience: 'employee' });
      const byMetric = (unitId: string) => {
        const metrics = rows.find((r) => r.unitId === unitId)!.metrics;
        return { get: (m: string): StatSums | undefined => metrics.get(m), entries: () => [] };
      };
      const definitions = employeeMetricDefinitions(questions);
      const engagement = definitions.find((d) => d.key === 'engagement')!;
      const enps = definitions.find((d) => d.key === 'enps')!;

      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      ANSWERS.forEach((unit, u) => {
        const stat = byMetric(unitIds[u]);
        const column = (i: number) => unit.map((r) => num(r[i])).filter((v) => v !== null);
        // Every respondent counts as a response, whatever they declined.
        expect(stat.get('*')!.n).toBe(unit.length);
        // Item counts, means and favorable shares over the answers given (drivers read these).
        KEYS.forEach((key, i) => {
          const given = column(i);
          const item = itemValue(
            { key, label: key, kind: i === 0 ? 'nps' : 'likert5', dimension: null },
            stat,
          );
          expect(item.n).toBe(given.length);
          expect(item.mean).toBeCloseTo(mean(given), 10);
          if (i > 0)
            expect(item.favorable).toBeCloseTo(
              (given.filter((v) => v >= 4).length / given.length) * 100,
              10,
            );
        });
        // Engagement index and favorable over the engagement answers given.
        const scores = [...column(1), ...column(2)];
        const index = metricValue(engagement, stat);
        expect(index.value).toBeCloseTo(((mean(scores) - 1) / 4) * 100, 10);
        expect(index.favorable).toBeCloseTo(
          (scores.filter((s) => s >= 4).length / scores.length) * 100,
          10,
        );
        // Its n: respondents who answered at least one engagement item.
        expect(index.n).toBe(unit.filter((r) => num(r[1]) !== null || num(r[2]) !== null).length);
        // eNPS over those who answered it.
        const e = column(0);
        expect(metricValue(enps, stat).value).toBeCloseTo(
          ((e.filter((s) => s >= 9).length - e.filter((s) => s <= 6).length) / e.length) * 100,
          10,
        );
        // r_wg(j) over the four Likert items, declined answers as skipped.
        const fromSql = rwgJFromAggregates(
          KEYS.slice(1).map((key) => stat.get(key)!),
          5,
        )!;
        const expected = rwgJ(
          unit.map((r) => r.slice(1).map(num)),
          5,
        )!;
        expect(fromSql.rwgJ).toBeCloseTo(expected.rwgJ, 10);
      });
      // ICC(1)/ICC(2) of the engagement scale from each respondent's mean of the items answered.
      const respondentMeans = ANSWERS.map((unit) =>
        unit
          .map((r) => [num(r[1]), num(r[2])].filter((v): v is number => v !== null))
          .filter((xs) => xs.length > 0)
          .map(mean),
      );
      const expectedIcc = iccStandard(respondentMeans)!;
      const icc = iccStandardFromAggregates(
        unitIds.map((id) => byMetric(id).get('dim:engagement')!),
      )!;
      expect(icc.icc1).toBeCloseTo(expectedIcc.icc1, 10);
      expect(icc.icc2).toBeCloseTo(expectedIcc.icc2, 10);
    });
  });

  describe('one section at a time, without script', () => {
    let cycleId: string;
    let unitId: string;
    beforeAll(async () => {
      cycleId = await createCycle(t.dataSource, { employeeSurveyId: surveyId });
      unitId = await createUnit(t.dataSource, 'Steps');
    });
    const sealedCount = async () =>
      (
        await t.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM sealed_employee_answers WHERE cycle_id = $1`,
          [cycleId],
        )
      )[0].n;

    it('sends phones to the sections and desktops to the one page, each offering the other', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const phone = await get(`/s/${token}`, { 'User-Agent': PHONE_UA }).expect(303);
      expect(phone.headers.location).toBe(`/s/${token}/sections/1`);
      const hinted = await get(`/s/${token}`, { 'Sec-CH-UA-Mobile': '?1' }).expect(303);
      expect(hinted.headers.location).toBe(`/s/${token}/sections/1`);
      const desktop = await get(`/s/${token}`, { 'User-Agent': DESKTOP_UA }).expect(200);
      expect(desktop.text).toContain(
        'href="?view&#x3D;sections&amp;lang&#x3D;en">Answer one section at a time',
      );
      expect(desktop.text.match(/<fieldset/g)).toHaveLength(5);
      // A phone that asked for the one page gets it.
      await get(`/s/${token}?view=all`, { 'User-Agent': PHONE_UA }).expect(200);
      const asked = await get(`/s/${token}?view=sections`, { 'User-Agent': DESKTOP_UA }).expect(
        303,
      );
      expect(asked.headers.location).toBe(`/s/${token}/sections/1`);

      const first = await get(`/s/${token}/sections/1`).expect(200);
      expect(first.text).toContain('Section 1 of 4');
      expect(first.text).toContain('<progress max="4" value="1"');
      expect(first.text).toContain('Recommending us');
      expect(first.text).toContain('Your answers are anonymous'); // the promise, on the first
      expect(first.text.match(/<fieldset/g)).toHaveLength(1);
      expect(first.text).not.toContain('Previous section');
      expect(first.text).toContain(
        `href="/s/${token}?view&#x3D;all">Show all questions on one page`,
      );
      // In the language asked for, which the way to the one page keeps.
      const german = await get(`/s/${token}/sections/1?lang=de`).expect(200);
      expect(german.text).toContain('Abschnitt 1 von 4');
      expect(german.text).toContain(`href="/s/${token}?view&#x3D;all&amp;lang&#x3D;de"`);
      const second = await get(`/s/${token}/sections/2`).expect(200);
      expect(second.text).toContain('Section 2 of 4');
      expect(second.text).toContain('<h2>Engagement</h2>');
      expect(second.text).not.toContain('Your answers are anonymous');
      expect(second.text).toContain('Previous section');
    });

    it('checks each step, keeps what was typed, carries answers sealed, and stores nothing until the last', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const before = await sealedCount();

      // Section 1 without its answer: shown again with the message, by a redirect (so that no
      // page in the history is a post).
      const missing = await post(`/s/${token}/sections/1`, {
        _survey: surveyId,
        _go: 'next',
      }).expect(303);
      expect(missing.headers.location).toBe(`/s/${token}/sections/1?check=1`);
      const again = await get(missing.headers.location, {
        Cookie: cookiesOf(missing),
      }).expect(422);
      expect(again.text).toContain('Choose an answer to this question.');
      expect(again.text).toContain('Section 1 of 4');

      const step1 = await post(`/s/${token}/sections/1`, {
        _survey: surveyId,
        _go: 'next',
        q_enps: '8',
      }).expect(303);
      expect(step1.headers.location).toBe(`/s/${token}/sections/2`);
      const setCookie = (step1.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('draft0='),
      )!;
      expect(setCookie).toContain(`Path=/s/${token}`);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Lax');
      let cookie = cookiesOf(step1);
      // Sealed: nothing readable. The value is base64url only (no JSON's quotes, colons or
      // braces), and its bytes hold none of the draft's words, which compression alone would
      // keep as they are. Only words of six letters or more: random bytes spell a short one,
      // such as 'q_', in about one run of three hundred.
      expect(cookie).toMatch(/^draft\d+=[A-Za-z0-9_-]+$/);
      expect(Buffer.from(cookie.split('=')[1], 'base64url').toString('latin1')).not.toMatch(
        /q_enps|values|expiresAt/,
      );

      // Section 2 with one answer typed and one missing: the typed one stays checked.
      const halfPost = await post(
        `/s/${token}/sections/2`,
        { _survey: surveyId, _go: 'next', q_proud: '5' },
        cookie,
      ).expect(303);
      expect(halfPost.headers.location).toBe(`/s/${token}/sections/2?check=1`);
      const half = await get(halfPost.headers.location, {
        Cookie: cookiesOf(halfPost),
      }).expect(422);
      expect(half.text).toMatch(/id="q_proud-4" name="q_proud" value="5" checked/);
      expect(half.text).toContain('Choose an answer to this question.');
      expect(half.text.match(/class="field-error"/g)).toHaveLength(1); // only the one missing
      cookie = cookiesOf(halfPost);
      const step2 = await post(
        `/s/${token}/sections/2`,
        { _survey: surveyId, _go: 'next', q_proud: '5', q_motivated: PNS },
        cookie,
      ).expect(303);
      cookie = cookiesOf(step2);

      // Back (the browser's: a GET) shows section 1 and 2 with what was answered.
      const back1 = await get(`/s/${token}/sections/1`, { Cookie: cookie }).expect(200);
      expect(back1.text).toMatch(/id="q_enps-8" name="q_enps" value="8" checked/);
      // Switching to the one page part way: what the sections carried is filled in.
      const onePage = await get(`/s/${token}?view=all`, { Cookie: cookie }).expect(200);
      expect(onePage.text).toMatch(/id="q_enps-8" name="q_enps" value="8" checked/);
      expect(onePage.text).toMatch(/id="q_proud-4" name="q_proud" value="5" checked/);
      expect(onePage.text).not.toContain('error-summary');
      const back2 = await get(`/s/${token}/sections/2`, { Cookie: cookie }).expect(200);
      expect(back2.text).toMatch(/name="q_motivated" value="_prefer_not_to_say" checked/);

      // Section 3, then "Previous section" from 4 with a comment typed: kept, no checks.
      const step3 = await post(
        `/s/${token}/sections/3`,
        { _survey: surveyId, _go: 'next', q_tools: '3' },
        cookie,
      ).expect(303);
      expect(step3.headers.location).toBe(`/s/${token}/sections/4`);
      cookie = cookiesOf(step3);
      const backFrom4 = await post(
        `/s/${token}/sections/4`,
        { _survey: surveyId, _go: 'back', q_comment: 'More quiet rooms' },
        cookie,
      ).expect(303);
      expect(backFrom4.headers.location).toBe(`/s/${token}/sections/3`);
      cookie = cookiesOf(backFrom4);
      const again4 = await get(`/s/${token}/sections/4`, { Cookie: cookie }).expect(200);
      expect(again4.text).toContain('More quiet rooms</textarea>');

      // An altered draft, or one made for another link, is ignored (opens as empty).
      const other = await inviteEmployee(t.dataSource, cycleId, unitId);
      const foreign = await get(`/s/${other.token}/sections/1`, { Cookie: cookie }).expect(200);
      expect(foreign.text).not.toMatch(/value="8" checked/);
      const altered = cookie.replace(
        /draft0=(.)/,
        (_, c: string) => `draft0=${c === 'A' ? 'B' : 'A'}`,
      );
      const tampered = await get(`/s/${token}/sections/1`, { Cookie: altered }).expect(200);
      expect(tampered.text).not.toMatch(/value="8" checked/);

      // Nothing stored yet, and the link is still unused.
      expect(await sealedCount()).toBe(before);

      // The last step stores the whole response and clears the draft.
      const done = await post(
        `/s/${token}/sections/4`,
        { _survey: surveyId, _go: 'next', q_manager: '4', q_comment: 'More quiet rooms' },
        cookie,
      ).expect(303);
      expect(done.headers.location).toBe('/s/thanks/employee');
      const cleared = (done.headers['set-cookie'] as unknown as string[]).filter((c) =>
        c.startsWith('draft'),
      );
      expect(cleared.length).toBeGreaterThan(0);
      expect(cleared.every((c) => /Expires=Thu, 01 Jan 1970|Max-Age=0/.test(c))).toBe(true);
      expect(await sealedCount()).toBe(before + 1);
      const mine = (await storedEmployeeAnswers(t.app, t.dataSource, cycleId)).find(
        (r) => r.answers.comment === 'More quiet rooms',
      )!;
      expect(mine.answers).toEqual({
        enps: 8,
        proud: 5,
        tools: 3,
        manager: 4,
        comment: 'More quiet rooms',
      });
      // Used: every page of the link is the one 404.
      await get(`/s/${token}/sections/2`, { Cookie: cookie }).expect(404);
      await post(`/s/${token}/sections/4`, { _survey: surveyId, q_manager: '4' }, cookie).expect(
        404,
      );
    });

    it('sends a last step whose earlier answers are missing back to the section that needs them', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const sent = await post(`/s/${token}/sections/4`, {
        _survey: surveyId,
        _go: 'next',
        q_manager: '2',
      }).expect(303);
      expect(sent.headers.location).toBe(`/s/${token}/sections/1?check=1`);
      const res = await get(sent.headers.location, { Cookie: cookiesOf(sent) }).expect(422);
      expect(res.text).toContain('Section 1 of 4');
      expect(res.text).toContain('Choose an answer to this question.');
      // The last section's answer is kept for when the person comes back to it.
      const last = await get(`/s/${token}/sections/4`, { Cookie: cookiesOf(sent) }).expect(200);
      expect(last.text).toMatch(/id="q_manager-1" name="q_manager" value="2" checked/);
      expect(await storedEmployeeAnswers(t.app, t.dataSource, cycleId)).not.toContainEqual(
        expect.objectContaining({ answers: expect.objectContaining({ manager: 2 }) }),
      );
      // A step from another survey's form, or an unknown section, is refused as unreadable.
      const stale = await post(`/s/${token}/sections/2`, {
        _survey: randomUUID(),
        q_proud: '4',
        q_motivated: '4',
      }).expect(422);
      expect(stale.text).toContain('We could not read the form.');
      await post(`/s/${token}/sections/9`, { _survey: surveyId }).expect(422);
    });
  });
});

import { hashToken } from '../src/delivery/tokens';
import {
  createCycle,
  createOpenCycle,
  createSurvey,
  createUnit,
  CUSTOMER_QUESTIONS,
  EMPLOYEE_QUESTIONS,
  inviteCustomer,
  inviteEmployee,
  issueToken,
  storedEmployeeAnswers,
  validForm,
} from './support/respond-factories';
import { createTestApp, createUser, signIn, TestApp } from './support/test-app';

const HOUR = 60 * 60 * 1000;

describe('Respondent pages (/s/:token)', () => {
  let t: TestApp;
  let unitId: string;
  let cycleId: string;
  let ipCounter = 0;

  /** Each request from its own address, so the per-IP limit only bites where a test wants it. */
  const ip = () => `198.51.100.${(ipCounter++ % 250) + 1}`;
  const get = (path: string, from = ip()) => t.http().get(path).set('X-Forwarded-For', from);
  const post = (path: string, form: Record<string, unknown> | string, from = ip()) =>
    t.http().post(path).set('X-Forwarded-For', from).type('form').send(form);

  const employeeRows = (cycle = cycleId) => storedEmployeeAnswers(t.app, t.dataSource, cycle);

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Acme & Sons', ANONYMITY_MIN: '5' });
    unitId = await createUnit(t.dataSource);
    ({ cycleId } = await createOpenCycle(t.dataSource));
  });

  afterAll(async () => {
    await t.close();
  });

  describe('showing a survey', () => {
    it('shows an employee survey with the anonymity promise and a labelled control for every kind', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const res = await get(`/s/${token}`).expect(200);
      const html = res.text;
      expect(html.startsWith('<!doctype html>')).toBe(true); // standards mode
      expect(html).toContain('<html lang="en" dir="ltr">');
      expect(html).toContain('Acme &amp; Sons');
      expect(html).toContain('Your answers are anonymous');
      expect(html).toContain('We do not keep your name, your email address');
      expect(html).toContain('groups of at least 5 people');
      expect(html).toMatch(/It takes about \d+ minutes?/);
      expect(html).toContain('href="#main"');
      expect(html).not.toContain('Sign out');
      // nps: 11 radios with end labels; likert: 5 labelled radios; choice; textarea with limit.
      for (let n = 0; n <= 10; n++)
        expect(html).toContain(`id="q_enps-${n}" name="q_enps" value="${n}"`);
      expect(html).toContain('0 – Not at all likely');
      expect(html).toContain('10 – Extremely likely');
      expect(html).toContain('<label for="q_proud-0">Strongly disagree</label>');
      expect(html).toContain('<label for="q_proud-4">Strongly agree</label>');
      expect(html).toContain('<label for="q_workload-1">About right</label>');
      expect(html).toMatch(/<textarea id="q_comment" name="q_comment" rows="5" maxlength="500"/);
      expect(html).toContain('<span class="question-number">1.</span> How likely are you');
      expect(html.match(/<fieldset/g)).toHaveLength(5);
      expect(html.match(/<legend/g)).toHaveLength(5);
      expect(html).not.toMatch(/\{[a-zA-Z]+\}/); // every placeholder filled
    });

    it('tells a customer that their answers are linked to their account', async () => {
      const { token } = await inviteCustomer(t.dataSource, cycleId, unitId, {
        accountName: 'Globex <Ltd>',
      });
      const res = await get(`/s/${token}`).expect(200);
      expect(res.text).toContain('linked to your account');
      expect(res.text).toContain('going for Globex &lt;Ltd&gt;');
      expect(res.text).not.toContain('Your answers are anonymous');
      expect(res.text).toContain('<label for="q_csat-4">Very satisfied</label>');
    });

    it('sets no session cookie, carries no CSRF token and asks not to be cached', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const res = await get(`/s/${token}`).expect(200);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.text).not.toContain('_csrf');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });

    it('sends a no-script content security policy and refuses framing', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const page = await get(`/s/${token}`).expect(200);
      const posted = await post(`/s/${token}`, validForm(EMPLOYEE_QUESTIONS)).expect(303);
      expect(posted.headers['cache-control']).toBe('no-store');
      expect(posted.headers['referrer-policy']).toBe('no-referrer');
      expect(posted.headers.location).toBe('/s/thanks/employee');
      const thanks = await get('/s/thanks/employee').expect(200);
      for (const res of [page, thanks]) {
        expect(res.headers['content-security-policy']).toContain("script-src 'none'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
      }
    });
  });

  describe('storing answers', () => {
    it('stores an employee answer sealed, with only cycle, unit and tenure band readable, then thanks', async () => {
      const { token, invitationId } = await inviteEmployee(t.dataSource, cycleId, unitId, '3-5y');
      const form = {
        ...validForm(EMPLOYEE_QUESTIONS),
        q_comment: 'Keep the Friday demos, please.',
      };
      const before = await employeeRows();
      const res = await post(`/s/${token}`, form).expect(303);
      expect(res.headers.location).toBe('/s/thanks/employee');

      const rows = await employeeRows();
      expect(rows).toHaveLength(before.length + 1);
      const row = rows.find((r) => r.answers.comment === 'Keep the Friday demos, please.')!;
      expect(row).toMatchObject({ unit_id: unitId, tenure_band: '3-5y', sealed: true });
      expect(row.submitted_on).toBe(new Date().toISOString().slice(0, 10));
      expect(row.answers).toEqual({
        enps: 9,
        proud: 4,
        tools: 4,
        manager: 4,
        workload: 'About right',
        comment: 'Keep the Friday demos, please.',
      });
      // What the database holds: no answer, no day, nothing of the person.
      const [stored] = await t.dataSource.query(
        `SELECT to_jsonb(s) AS row FROM sealed_employee_answers s WHERE cycle_id = $1 LIMIT 1`,
        [cycleId],
      );
      expect(Object.keys(stored.row).sort()).toEqual(
        ['cycle_id', 'id', 'key_id', 'sealed', 'tenure_band', 'unit_id'].sort(),
      );
      const plain = await t.dataSource.query(
        `SELECT 1 FROM sealed_employee_answers WHERE position('Friday'::bytea IN sealed) > 0`,
      );
      expect(plain).toHaveLength(0);
      expect(await t.dataSource.query(`SELECT 1 FROM employee_responses`)).toHaveLength(0);
      const [inv] = await t.dataSource.query(`SELECT responded FROM invitations WHERE id = $1`, [
        invitationId,
      ]);
      expect(inv.responded).toBe(true);

      const thanks = await get('/s/thanks/employee').expect(200);
      expect(thanks.text).toContain('Thank you');
      expect(thanks.text).toContain('groups of at least 5 people');
    });

    it('leaves out optional questions that were not answered', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const form = validForm(EMPLOYEE_QUESTIONS);
      form.q_comment = '   ';
      await post(`/s/${token}`, form).expect(303);
      const rows = await employeeRows();
      expect(rows.some((r: { answers: object }) => !('comment' in r.answers))).toBe(true);
    });

    it('stores a customer answer with account, contact, invitation and a timestamp', async () => {
      const invited = await inviteCustomer(t.dataSource, cycleId, unitId);
      await post(`/s/${invited.token}`, validForm(CUSTOMER_QUESTIONS)).expect(303);
      const rows = await t.dataSource.query(
        `SELECT * FROM customer_responses WHERE invitation_id = $1`,
        [invited.invitationId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        cycle_id: cycleId,
        unit_id: unitId,
        account_id: invited.accountId,
        contact_id: invited.personId,
      });
      expect(rows[0].submitted_at).toBeInstanceOf(Date);
      expect(Date.now() - rows[0].submitted_at.getTime()).toBeLessThan(60_000);
      expect(rows[0].answers).toMatchObject({ nps: 9, csat: 4, contact: 'About right' });
      const thanks = await get('/s/thanks/customer').expect(200);
      expect(thanks.text).toContain('may get in touch');
    });

    it('lets a customer who unsubscribed still answer', async () => {
      const invited = await inviteCustomer(t.dataSource, cycleId, unitId, { unsubscribed: true });
      await get(`/s/${invited.token}`).expect(200);
      await post(`/s/${invited.token}`, validForm(CUSTOMER_QUESTIONS)).expect(303);
    });

    it('accepts a newer token of the same invitation (a reminder) once, like the first', async () => {
      const invited = await inviteEmployee(t.dataSource, cycleId, unitId);
      const reminder = await issueToken(t.dataSource, invited.invitationId);
      await post(`/s/${reminder}`, validForm(EMPLOYEE_QUESTIONS)).expect(303);
      const first = await get(`/s/${invited.token}`).expect(404);
      expect(first.text).toContain('This survey link cannot be used');
    });
  });

  describe('token states', () => {
    it('answers never-existing, malformed, deleted and unsubscribe tokens with one identical 404', async () => {
      const deleted = await inviteEmployee(t.dataSource, cycleId, unitId);
      await t.dataSource.query(`DELETE FROM invitation_tokens WHERE invitation_id = $1`, [
        deleted.invitationId,
      ]);
      const invited = await inviteCustomer(t.dataSource, cycleId, unitId);
      const unsubscribe = await issueToken(t.dataSource, invited.invitationId, 'unsubscribe');
      const never = 'A'.repeat(43);
      const pages = [];
      for (const token of [never, 'short', 'bad%20token!', deleted.token, unsubscribe]) {
        const res = await get(`/s/${encodeURIComponent(token)}`);
        expect(res.status).toBe(404);
        pages.push(res.text);
        const posted = await post(`/s/${encodeURIComponent(token)}`, validForm(EMPLOYEE_QUESTIONS));
        expect(posted.status).toBe(404);
        expect(posted.text).toBe(res.text);
      }
      expect(new Set(pages).size).toBe(1);
      expect(pages[0]).toContain('This survey link cannot be used');
      expect(
        await t.dataSource.query(`SELECT 1 FROM customer_responses WHERE invitation_id = $1`, [
          invited.invitationId,
        ]),
      ).toHaveLength(0);
    });

    it('answers a used link exactly like an unknown one, and stores nothing more', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      await post(`/s/${token}`, validForm(EMPLOYEE_QUESTIONS)).expect(303);
      const count = (await employeeRows()).length;
      const unknown = await get(`/s/${'D'.repeat(43)}`).expect(404);
      const again = await get(`/s/${token}`).expect(404);
      expect(again.text).toBe(unknown.text);
      const repost = await post(`/s/${token}`, validForm(EMPLOYEE_QUESTIONS)).expect(404);
      expect(repost.text).toBe(unknown.text);
      expect(await employeeRows()).toHaveLength(count);
    });

    it.each([
      ['draft', new Date(Date.now() + 48 * HOUR)],
      ['scheduled', new Date(Date.now() + 48 * HOUR)],
      ['open', new Date(Date.now() + 48 * HOUR)],
    ] as const)('says when a %s cycle that has not opened yet opens', async (status, opensAt) => {
      const surveyId = await createSurvey(t.dataSource, 'employee');
      const cycle = await createCycle(t.dataSource, {
        employeeSurveyId: surveyId,
        status,
        opensAt,
        closesAt: new Date(opensAt.getTime() + 240 * HOUR),
      });
      const { token } = await inviteEmployee(t.dataSource, cycle, unitId);
      const res = await get(`/s/${token}`).expect(200);
      expect(res.text).toContain('This survey is not open yet');
      const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
        opensAt,
      );
      expect(res.text).toContain(`It opens on ${day} at`);
      await post(`/s/${token}`, validForm(EMPLOYEE_QUESTIONS)).expect(200);
      expect(await employeeRows(cycle)).toHaveLength(0);
    });

    it('says a scheduled cycle whose opening time has passed opens shortly', async () => {
      const surveyId = await createSurvey(t.dataSource, 'employee');
      const cycle = await createCycle(t.dataSource, {
        employeeSurveyId: surveyId,
        status: 'scheduled',
      });
      const { token } = await inviteEmployee(t.dataSource, cycle, unitId);
      const res = await get(`/s/${token}`).expect(200);
      expect(res.text).toContain('It opens shortly');
    });

    it('answers a link of a closed cycle exactly like an unknown one, and refuses answers', async () => {
      const surveyId = await createSurvey(t.dataSource, 'employee');
      const closed = await createCycle(t.dataSource, {
        employeeSurveyId: surveyId,
        status: 'closed',
        opensAt: new Date('2026-01-01T09:00:00Z'),
        closesAt: new Date('2026-01-20T09:00:00Z'),
        closedAt: new Date('2026-01-16T17:00:00Z'),
      });
      const lapsed = await createCycle(t.dataSource, {
        employeeSurveyId: surveyId,
        status: 'open',
        opensAt: new Date(Date.now() - 100 * HOUR),
        closesAt: new Date(Date.now() - HOUR),
      });
      const early = await inviteEmployee(t.dataSource, closed, unitId);
      const late = await inviteEmployee(t.dataSource, lapsed, unitId);
      const unknown = await get(`/s/${'E'.repeat(43)}`).expect(404);

      for (const token of [early.token, late.token]) {
        const page = await get(`/s/${token}`).expect(404);
        expect(page.text).toBe(unknown.text);
        const posted = await post(`/s/${token}`, validForm(EMPLOYEE_QUESTIONS)).expect(404);
        expect(posted.text).toBe(unknown.text);
      }
      expect(await employeeRows(closed)).toHaveLength(0);
      expect(await employeeRows(lapsed)).toHaveLength(0);
    });
  });

  describe('validation', () => {
    it('re-shows the form with an error summary, messages by the fields and every answer kept', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const form = validForm(EMPLOYEE_QUESTIONS);
      delete form.q_proud;
      form.q_comment = 'We need more "quiet" time & fewer meetings';
      const res = await post(`/s/${token}`, form).expect(422);
      const html = res.text;
      expect(html).toContain('<title>Error: Team pulse');
      expect(html).toContain('There is a problem with your answers');
      expect(html).toContain(
        '<a href="#q_proud-0">Question 2: Choose an answer to this question.</a>',
      );
      expect(html).toMatch(
        /<fieldset class="question question-scale has-error" aria-describedby="q_proud-error">/,
      );
      expect(html).toContain('id="q_proud-error"');
      // kept: the radios chosen and the text typed
      expect(html).toContain('id="q_enps-9" name="q_enps" value="9" checked');
      expect(html).toContain('id="q_workload-1" name="q_workload" value="About right" checked');
      expect(html).toContain(
        '>We need more &quot;quiet&quot; time &amp; fewer meetings</textarea>',
      );
    });

    it('refuses an empty submission with one message per required question', async () => {
      const { token, invitationId } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const res = await post(`/s/${token}`, {}).expect(422);
      expect(res.text.match(/class="field-error"/g)).toHaveLength(5);
      const [inv] = await t.dataSource.query(`SELECT responded FROM invitations WHERE id = $1`, [
        invitationId,
      ]);
      expect(inv.responded).toBe(false);
    });

    it.each([
      ['an NPS above 10', { q_enps: '11' }, 'q_enps'],
      ['a negative NPS', { q_enps: '-1' }, 'q_enps'],
      ['a Likert answer of 0', { q_proud: '0' }, 'q_proud'],
      ['a Likert answer of 6', { q_tools: '6' }, 'q_tools'],
      ['a fractional answer', { q_manager: '3.5' }, 'q_manager'],
      ['a word for a number', { q_enps: 'ten' }, 'q_enps'],
      ['a choice that is not offered', { q_workload: 'Way too heavy' }, 'q_workload'],
    ])('refuses %s', async (_label, change, field) => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const res = await post(`/s/${token}`, { ...validForm(EMPLOYEE_QUESTIONS), ...change }).expect(
        422,
      );
      expect(res.text).toContain(`<a href="#${field}-0">`);
      expect(res.text).toContain('Choose one of the answers shown.');
    });

    it('refuses a field sent twice (wrong type)', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const body = new URLSearchParams({ ...validForm(EMPLOYEE_QUESTIONS) });
      body.append('q_enps', '3');
      body.append('q_comment', 'second');
      const res = await post(`/s/${token}`, body.toString()).expect(422);
      expect(res.text).toContain('<a href="#q_enps-0">');
      expect(res.text).toContain('<a href="#q_comment">Question 6: Enter your answer as text.</a>');
    });

    it('refuses wrong JSON types', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const res = await t
        .http()
        .post(`/s/${token}`)
        .set('X-Forwarded-For', ip())
        .send({
          ...validForm(EMPLOYEE_QUESTIONS),
          q_enps: true,
          q_comment: { html: 1 },
          q_workload: 2,
        })
        .expect(422);
      expect(res.text).toContain('<a href="#q_enps-0">');
      expect(res.text).toContain('<a href="#q_workload-0">');
      expect(res.text).toContain('<a href="#q_comment">');
      const list = await t
        .http()
        .post(`/s/${token}`)
        .set('X-Forwarded-For', ip())
        .send([1, 2])
        .expect(422);
      expect(list.text).toContain('We could not read the form');
    });

    it.each([['q_unknown'], ['constructor'], ['_csrf'], ['q_enps_extra']])(
      'refuses the unknown field %s',
      async (name) => {
        const { token, invitationId } = await inviteEmployee(t.dataSource, cycleId, unitId);
        const res = await post(`/s/${token}`, {
          ...validForm(EMPLOYEE_QUESTIONS),
          [name]: 'x',
        }).expect(422);
        expect(res.text).toContain('The form contained fields that are not part of this survey');
        const [inv] = await t.dataSource.query(`SELECT responded FROM invitations WHERE id = $1`, [
          invitationId,
        ]);
        expect(inv.responded).toBe(false);
      },
    );

    it('refuses a comment over the limit and gives it back to shorten', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const long = 'x'.repeat(501);
      const res = await post(`/s/${token}`, {
        ...validForm(EMPLOYEE_QUESTIONS),
        q_comment: long,
      }).expect(422);
      expect(res.text).toContain('Shorten your answer to 500 characters or fewer.');
      expect(res.text).toContain(`>${long}</textarea>`);
    });

    it('counts a browser line break (CRLF) as one character', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const text = `${'a'.repeat(249)}\r\n${'b'.repeat(250)}`; // 500 characters as typed
      await post(`/s/${token}`, { ...validForm(EMPLOYEE_QUESTIONS), q_comment: text }).expect(303);
    });

    it('refuses a huge comment without echoing all of it back', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const huge = 'y'.repeat(1_000_000);
      const res = await post(`/s/${token}`, {
        ...validForm(EMPLOYEE_QUESTIONS),
        q_comment: huge,
      }).expect(422);
      expect(res.text.length).toBeLessThan(60_000);
    });

    it('refuses a body over the size limit', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const res = await post(`/s/${token}`, `q_comment=${'z'.repeat(6 * 1024 * 1024)}`);
      expect(res.status).toBe(413);
    });
  });

  describe('the one-statement path (the form names its survey)', () => {
    const named = async (token: string) => {
      const page = await get(`/s/${token}`).expect(200);
      return /name="_survey" value="([0-9a-f-]{36})"/.exec(page.text)![1];
    };

    it('stores an employee answer in one statement when the form names its survey', async () => {
      const { token, invitationId } = await inviteEmployee(t.dataSource, cycleId, unitId, '<1y');
      const survey = await named(token);
      const before = (await employeeRows()).length;
      await post(`/s/${token}`, { ...validForm(EMPLOYEE_QUESTIONS), _survey: survey }).expect(303);
      expect(await employeeRows()).toHaveLength(before + 1);
      const [inv] = await t.dataSource.query(`SELECT responded FROM invitations WHERE id = $1`, [
        invitationId,
      ]);
      expect(inv.responded).toBe(true);
      const again = await post(`/s/${token}`, {
        ...validForm(EMPLOYEE_QUESTIONS),
        _survey: survey,
      });
      expect(again.status).toBe(404);
      expect(again.text).toContain('This survey link cannot be used');
      expect(await employeeRows()).toHaveLength(before + 1);
    });

    it("never stores answers checked against another survey than the link's", async () => {
      const employee = await inviteEmployee(t.dataSource, cycleId, unitId);
      const customer = await inviteCustomer(t.dataSource, cycleId, unitId);
      const customerSurvey = await named(customer.token);
      await named(employee.token);
      const res = await post(`/s/${employee.token}`, {
        ...validForm(CUSTOMER_QUESTIONS),
        _survey: customerSurvey,
      }).expect(422);
      expect(res.text).toContain('There is a problem with your answers');
      const [inv] = await t.dataSource.query(`SELECT responded FROM invitations WHERE id = $1`, [
        employee.invitationId,
      ]);
      expect(inv.responded).toBe(false);
      const stray = await t.dataSource.query(
        `SELECT 1 FROM customer_responses WHERE contact_id IS NULL OR account_id IS NULL`,
      );
      expect(stray).toHaveLength(0);
    });

    it('stores nothing through it for a closed cycle or an unknown token', async () => {
      const survey = await named((await inviteEmployee(t.dataSource, cycleId, unitId)).token);
      const closed = await createCycle(t.dataSource, {
        employeeSurveyId: (
          await t.dataSource.query(`SELECT employee_survey_id FROM cycles WHERE id = $1`, [cycleId])
        )[0].employee_survey_id,
        status: 'closed',
        opensAt: new Date(Date.now() - 100 * HOUR),
        closesAt: new Date(Date.now() - HOUR),
      });
      const late = await inviteEmployee(t.dataSource, closed, unitId);
      const form = { ...validForm(EMPLOYEE_QUESTIONS), _survey: survey };
      await post(`/s/${late.token}`, form).expect(404);
      await post(`/s/${'C'.repeat(43)}`, form).expect(404);
      expect(await employeeRows(closed)).toHaveLength(0);
    });

    it('stores exactly one response for concurrent posts naming the survey', async () => {
      const surveyId = await createSurvey(t.dataSource, 'employee');
      const cycle = await createCycle(t.dataSource, { employeeSurveyId: surveyId });
      const { token } = await inviteEmployee(t.dataSource, cycle, unitId);
      const form = { ...validForm(EMPLOYEE_QUESTIONS), _survey: await named(token) };
      const results = await Promise.all(
        Array.from({ length: 12 }, () => post(`/s/${token}`, form)),
      );
      expect(results.filter((r) => r.status === 303)).toHaveLength(1);
      expect(results.filter((r) => r.status === 404)).toHaveLength(11);
      expect(await employeeRows(cycle)).toHaveLength(1);
    });
  });

  describe('double submission', () => {
    it('stores exactly one response when the same link is posted many times at once', async () => {
      const surveyId = await createSurvey(t.dataSource, 'employee');
      const cycle = await createCycle(t.dataSource, { employeeSurveyId: surveyId });
      const { token } = await inviteEmployee(t.dataSource, cycle, unitId);
      const form = validForm(EMPLOYEE_QUESTIONS);
      const results = await Promise.all(
        Array.from({ length: 12 }, () => post(`/s/${token}`, form)),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 303)).toHaveLength(1);
      expect(statuses.filter((s) => s === 404)).toHaveLength(11);
      for (const r of results.filter((r) => r.status === 404))
        expect(r.text).toContain('If you have already answered with it, your answers are saved');
      expect(await employeeRows(cycle)).toHaveLength(1);
    });

    it('stores exactly one customer response for concurrent posts of two reminder links', async () => {
      const invited = await inviteCustomer(t.dataSource, cycleId, unitId);
      const second = await issueToken(t.dataSource, invited.invitationId);
      const form = validForm(CUSTOMER_QUESTIONS);
      await Promise.all([
        post(`/s/${invited.token}`, form),
        post(`/s/${second}`, form),
        post(`/s/${invited.token}`, form),
        post(`/s/${second}`, form),
      ]);
      const rows = await t.dataSource.query(
        `SELECT 1 FROM customer_responses WHERE invitation_id = $1`,
        [invited.invitationId],
      );
      expect(rows).toHaveLength(1);
    });
  });

  describe('comments with markup', () => {
    const payloads = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '</textarea><script>alert(2)</script>',
      "<a href='javascript:alert(3)'>click</a> & {{constructor}}",
    ];

    it.each(payloads)('shows %s escaped when the form is re-shown', async (payload) => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const form = { ...validForm(EMPLOYEE_QUESTIONS), q_comment: payload };
      delete (form as Record<string, string>).q_enps;
      const res = await post(`/s/${token}`, form).expect(422);
      expect(res.text).not.toContain(payload);
      expect(res.text).not.toMatch(/<script>alert|<img src=x|<a href='javascript/);
      const escaped = payload
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#x27;')
        .replace(/=/g, '&#x3D;')
        .replace(/`/g, '&#x60;');
      expect(res.text).toContain(`>${escaped}</textarea>`);
    });

    it('stores comments exactly as given and never echoes them on the thank-you page', async () => {
      const { token } = await inviteCustomer(t.dataSource, cycleId, unitId);
      const payload = payloads.join('\n');
      await post(`/s/${token}`, { ...validForm(CUSTOMER_QUESTIONS), q_comment: payload }).expect(
        303,
      );
      const [row] = await t.dataSource.query(
        `SELECT answers FROM customer_responses r JOIN invitation_tokens k ON k.invitation_id = r.invitation_id
          WHERE k.token_hash = $1`,
        [hashToken(token)],
      );
      expect(row.answers.comment).toBe(payload);
      const thanks = await get('/s/thanks/customer').expect(200);
      expect(thanks.text).not.toMatch(/<script>alert|<img src=x|javascript:/);
      expect(thanks.text).not.toContain('alert(');
    });
  });

  describe('rate limiting', () => {
    it('allows 60 survey requests a minute from one address, then refuses with 429', async () => {
      const { token } = await inviteEmployee(t.dataSource, cycleId, unitId);
      const from = '203.0.113.9';
      for (let i = 0; i < 60; i++) expect((await get(`/s/${token}`, from)).status).toBe(200);
      expect((await get(`/s/${token}`, from)).status).toBe(429);
      expect((await get(`/s/${token}`, '203.0.113.10')).status).toBe(200);
    });

    it('limits posts per address too', async () => {
      const from = '203.0.113.11';
      const token = 'B'.repeat(43);
      for (let i = 0; i < 60; i++) expect((await post(`/s/${token}`, {}, from)).status).toBe(404);
      expect((await post(`/s/${token}`, {}, from)).status).toBe(429);
    });
  });

  it('neither loads nor renews a session on survey and unsubscribe links', async () => {
    const agent = t.agent();
    const user = await createUser(t, 'executive');
    await signIn(agent, user.email, user.password);
    // A page renews the signed-in session (rolling cookie) ...
    const page = await agent.get('/').expect(200);
    expect(String(page.headers['set-cookie'])).toContain('tandem.sid=');
    // ... a survey or unsubscribe link, answered in the same browser, does not touch it.
    for (const path of ['/s/not-a-token', '/u/not-a-token']) {
      const res = await agent.get(path);
      expect(res.status).toBe(404);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Without a cookie, no session is started either.
    const anonymous = await t.http().get('/s/not-a-token');
    expect(anonymous.headers['set-cookie']).toBeUndefined();
    // The session itself is intact.
    await agent.get('/').expect(200);
  });
});

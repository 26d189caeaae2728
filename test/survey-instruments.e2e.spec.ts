import { ApiKeysService } from '../src/auth/api-keys.service';
import { BUILTIN } from './support/delivery-fixtures';
import { createTestApp, createUser, signedInAgent, TestApp } from './support/test-app';

interface ApiQuestion {
  id: string;
  key: string;
  kind: string;
  dimension: string | null;
  reverseKeyed: boolean;
  metricRole: string | null;
  source: string | null;
}

/** Instruments of the company's own: designations, reverse keying, named dimensions, the bank. */
describe('Survey instruments', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  let csrf: string;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    ({ agent, csrf } = await signedInAgent(t, 'hr'));
    const { key } = await t.app
      .get(ApiKeysService)
      .create((await createUser(t, 'hr')).id, 'Surveys');
    auth = { Authorization: `Bearer ${key}` };
  });

  afterAll(async () => {
    await t.close();
  });

  const questions = async (surveyId: string): Promise<ApiQuestion[]> =>
    (await agent.get(`/api/v1/surveys/${surveyId}`).expect(200)).body.questions;

  async function newSurvey(audience: 'employee' | 'customer', templateId = ''): Promise<string> {
    const res = await agent
      .post('/admin/surveys')
      .type('form')
      .send({ _csrf: csrf, name: `Own ${audience} survey`, audience, templateId });
    expect(res.status).toBe(303);
    return res.headers.location.split('/').pop()!;
  }

  const addQuestion = (surveyId: string, fields: Record<string, string>) =>
    agent
      .post(`/admin/surveys/${surveyId}/questions`)
      .type('form')
      .send({ _csrf: csrf, required: 'on', ...fields });

  it('ships the built-in templates with their recommend and CSAT items designated', async () => {
    const employee = await questions(BUILTIN.employee);
    expect(employee.filter((q) => q.metricRole)).toEqual([
      expect.objectContaining({ key: 'enps', metricRole: 'recommend' }),
    ]);
    const customer = await questions(BUILTIN.customer);
    expect(customer.filter((q) => q.metricRole).map((q) => [q.key, q.metricRole])).toEqual([
      ['nps', 'recommend'],
      ['csat', 'csat'],
    ]);
  });

  it('designates one recommend and one CSAT item of the right kind, and says why otherwise', async () => {
    const id = await newSurvey('customer');
    await addQuestion(id, {
      text: 'How likely are you to recommend our branch?',
      kind: 'nps',
      dimension: 'loyalty',
      key: 'branch_nps',
      metricRole: 'recommend',
    }).expect(303);

    const second = await addQuestion(id, {
      text: 'How likely are you to recommend our app?',
      kind: 'nps',
      dimension: 'loyalty',
      key: 'app_nps',
      metricRole: 'recommend',
    });
    expect(second.status).toBe(422);
    expect(second.text).toContain(
      '“How likely are you to recommend our branch?” is already this survey’s recommend (eNPS/NPS) item',
    );
    expect(second.text).toContain('How likely are you to recommend our app?');

    const wrongKind = await addQuestion(id, {
      text: 'I am satisfied with the service.',
      kind: 'likert5',
      dimension: 'satisfaction',
      metricRole: 'csat',
    });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.text).toContain('The CSAT item must be a rating, 1–5 question.');

    await addQuestion(id, {
      text: 'How satisfied are you with your last visit?',
      kind: 'rating5',
      dimension: 'satisfaction',
      key: 'visit',
      metricRole: 'csat',
    }).expect(303);
    const stored = await questions(id);
    expect(stored.map((q) => [q.key, q.metricRole])).toEqual([
      ['branch_nps', 'recommend'],
      ['visit', 'csat'],
    ]);

    // The editor names both, chosen (not found by the fallback rule).
    const page = await agent.get(`/admin/surveys/${id}`).expect(200);
    expect(page.text).toContain('“How likely are you to recommend our branch?”');
    expect(page.text).toContain('“How satisfied are you with your last visit?”');
    expect(page.text).not.toContain('as none is chosen');

    // An employee survey has no CSAT item.
    const employee = await newSurvey('employee');
    const csat = await addQuestion(employee, {
      text: 'How satisfied are you with the canteen?',
      kind: 'rating5',
      dimension: 'wellbeing',
      metricRole: 'csat',
    });
    expect(csat.status).toBe(422);
    expect(csat.text).toContain('Only a customer survey has a CSAT item.');

    // Moving the designation: clear it on one question, then set it on the other.
    const [branch] = stored;
    await agent
      .post(`/admin/surveys/${id}/questions/${branch.id}`)
      .type('form')
      .send({
        _csrf: csrf,
        text: 'How likely are you to recommend our branch?',
        kind: 'nps',
        dimension: 'Loyalty',
        key: 'branch_nps',
        metricRole: '',
      })
      .expect(303);
    await addQuestion(id, {
      text: 'How likely are you to recommend our app?',
      kind: 'nps',
      dimension: 'loyalty',
      key: 'app_nps',
      metricRole: 'recommend',
    }).expect(303);
    expect((await questions(id)).find((q) => q.metricRole === 'recommend')?.key).toBe('app_nps');
  });

  it('stores reverse keying on agreement statements only', async () => {
    const id = await newSurvey('employee');
    await addQuestion(id, {
      text: 'I often think about leaving.',
      kind: 'likert5',
      dimension: 'engagement',
      key: 'eng_leaving',
      reverseKeyed: 'on',
    }).expect(303);
    const nps = await addQuestion(id, {
      text: 'How likely are you to recommend working here?',
      kind: 'nps',
      dimension: 'loyalty',
      reverseKeyed: 'on',
    });
    expect(nps.status).toBe(422);
    expect(nps.text).toContain('Only an agreement (1–5) statement can be reverse-keyed');
    expect((await questions(id)).map((q) => [q.key, q.reverseKeyed])).toEqual([
      ['eng_leaving', true],
    ]);
    const page = await agent.get(`/admin/surveys/${id}`).expect(200);
    expect(page.text).toContain('Engagement index: 1 statement, 1 reverse-keyed');
    expect(page.text).toContain('Reverse-keyed</span>');
  });

  it('takes dimensions the company names itself and shows them by one label', async () => {
    const id = await newSurvey('employee');
    await addQuestion(id, {
      text: 'I can raise a problem without fear.',
      kind: 'likert5',
      dimension: 'Psychological safety',
    }).expect(303);
    expect((await questions(id))[0].dimension).toBe('psychological_safety');
    const page = await agent.get(`/admin/surveys/${id}`).expect(200);
    expect(page.text).toContain('Psychological safety index: 1 statement');
    expect(page.text).toContain('dimension Psychological safety');
    // Offered again on the next question, as typed.
    expect(page.text).toContain('<option value="Psychological safety">');

    const bad = await addQuestion(id, {
      text: 'I get 360° feedback.',
      kind: 'likert5',
      dimension: '360 feedback',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Name the dimension with letters, digits and spaces');
    expect(bad.text).toContain('value="360 feedback"');
  });

  it('lists the bank with sources and adds its items to a survey with their keys and designations', async () => {
    const bank = await agent.get('/admin/surveys/bank').expect(200);
    expect(bank.text).toContain('Reichheld, 2003');
    expect(bank.text).toContain('Source: Tandem item');
    expect(bank.text).toContain('I am proud to tell people where I work.');
    expect(bank.text).toContain('The team that serves you keeps the promises it makes.');

    const api = (await agent.get('/api/v1/surveys/bank').expect(200)).body.items as Array<{
      key: string;
      audience: string;
      source: string | null;
    }>;
    expect(api.find((i) => i.key === 'enps')).toMatchObject({ audience: 'employee' });
    expect(api.find((i) => i.key === 'enps')?.source).toContain('Reichheld');

    const id = await newSurvey('employee');
    const items = (await questions(BUILTIN.employee)).filter((q) =>
      ['enps', 'eng_proud'].includes(q.key),
    );
    const page = await agent.get(`/admin/surveys/${id}/bank`).expect(200);
    expect(page.text).not.toContain('The team that serves you'); // customer items stay out
    for (const item of items)
      await agent
        .post(`/admin/surveys/${id}/bank`)
        .type('form')
        .send({ _csrf: csrf, questionId: item.id })
        .expect(303);
    expect((await questions(id)).map((q) => [q.key, q.metricRole, q.dimension])).toEqual([
      ['enps', 'recommend', 'loyalty'],
      ['eng_proud', null, 'engagement'],
    ]);
    expect((await questions(id))[0].source).toContain('Reichheld');

    const again = await agent
      .post(`/admin/surveys/${id}/bank`)
      .type('form')
      .send({ _csrf: csrf, questionId: items[1].id });
    expect(again.status).toBe(422);
    expect(again.text).toContain('This survey already has the item keyed “eng_proud”.');
    expect(
      (await agent.get(`/admin/surveys/${id}/bank`)).text.match(/In this survey/g),
    ).toHaveLength(2);

    // A customer item does not go into an employee survey.
    const customerItem = (await questions(BUILTIN.customer))[2];
    await agent
      .post(`/admin/surveys/${id}/bank`)
      .type('form')
      .send({ _csrf: csrf, questionId: customerItem.id })
      .expect(404);
  });

  it('starts a new survey from a template or from nothing', async () => {
    const form = await agent.get(`/admin/surveys/new?from=${BUILTIN.customer}`).expect(200);
    expect(form.text).toMatch(new RegExp(`<option value="${BUILTIN.customer}" selected>`));

    const fromTemplate = await newSurvey('employee', BUILTIN.customer);
    const copied = await questions(fromTemplate);
    expect(copied.map((q) => [q.key, q.metricRole])).toEqual(
      (await questions(BUILTIN.customer)).map((q) => [q.key, q.metricRole]),
    );
    const survey = (await agent.get(`/api/v1/surveys/${fromTemplate}`)).body;
    expect(survey).toMatchObject({ audience: 'customer', builtin: false, lockedAt: null });

    expect(await questions(await newSurvey('customer'))).toEqual([]);

    const viaApi = await t
      .http()
      .post('/api/v1/surveys')
      .set(auth)
      .send({
        name: 'Short pulse',
        audience: 'employee',
        templateId: BUILTIN.employee,
        questions: [
          {
            key: 'eng_leaving',
            kind: 'likert5',
            text: 'I often think about leaving.',
            dimension: 'engagement',
            reverseKeyed: true,
          },
        ],
      })
      .expect(201);
    const apiQuestions = viaApi.body.questions as ApiQuestion[];
    expect(apiQuestions[0]).toMatchObject({ key: 'enps', metricRole: 'recommend' });
    expect(apiQuestions.at(-1)).toMatchObject({ key: 'eng_leaving', reverseKeyed: true });

    const doubled = await t
      .http()
      .post(`/api/v1/surveys/${viaApi.body.id}/questions`)
      .set(auth)
      .send({
        kind: 'nps',
        text: 'Would you recommend our products?',
        dimension: 'loyalty',
        metricRole: 'recommend',
      });
    expect(doubled.status).toBe(422);
  });
});

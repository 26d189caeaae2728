import { CycleLaunchService } from '../src/cycles/cycle-launch.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { BUILTIN, cycleInput, seedOrg } from './support/delivery-fixtures';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

describe('Surveys', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  let csrf: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ agent, csrf } = await signedInAgent(t, 'hr'));
  });

  afterAll(async () => {
    await t.close();
  });

  const keys = async (surveyId: string) =>
    (await agent.get(`/api/v1/surveys/${surveyId}`).expect(200)).body.questions.map(
      (q: { key: string }) => q.key,
    );

  it('ships the two built-in templates with stable keys and dimensions', async () => {
    const employee = (await agent.get(`/api/v1/surveys/${BUILTIN.employee}`).expect(200)).body;
    expect(employee).toMatchObject({ audience: 'employee', builtin: true });
    expect(employee.questions[0]).toMatchObject({ key: 'enps', kind: 'nps' });
    const likert = employee.questions.filter((q: { kind: string }) => q.kind === 'likert5');
    expect(likert.length).toBeGreaterThanOrEqual(8);
    expect(new Set(likert.map((q: { dimension: string }) => q.dimension))).toEqual(
      new Set(['engagement', 'enablement', 'manager', 'wellbeing']),
    );
    expect(employee.questions.at(-1)).toMatchObject({
      key: 'comment',
      kind: 'text',
      required: false,
    });

    const customer = (await agent.get(`/api/v1/surveys/${BUILTIN.customer}`).expect(200)).body;
    expect(customer.questions.map((q: { key: string }) => q.key).slice(0, 2)).toEqual([
      'nps',
      'csat',
    ]);
    expect(customer.questions[1]).toMatchObject({ kind: 'rating5', dimension: 'satisfaction' });
    expect(customer.questions.filter((q: { kind: string }) => q.kind === 'likert5')).toHaveLength(
      7,
    );
  });

  it('refuses to change a built-in template and offers a copy', async () => {
    const page = await agent.get(`/admin/surveys/${BUILTIN.customer}`).expect(200);
    expect(page.text).toContain('built-in template and cannot change — make a copy to change it');
    expect(page.text).toContain(`/admin/surveys/${BUILTIN.customer}/copy`);
    const res = await agent
      .post(`/admin/surveys/${BUILTIN.customer}/questions`)
      .type('form')
      .send({ _csrf: csrf, text: 'Sneaky extra question?', kind: 'text' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('make a copy to change it');
    expect(await keys(BUILTIN.customer)).not.toContain('sneaky_extra_question');
  });

  it('copies, edits, reorders and removes questions of a copy', async () => {
    const copied = await agent
      .post(`/admin/surveys/${BUILTIN.employee}/copy`)
      .type('form')
      .send({ _csrf: csrf });
    expect(copied.status).toBe(303);
    const id = copied.headers.location.split('/').pop()!;
    expect(await keys(id)).toEqual(await keys(BUILTIN.employee));

    const bad = await agent.post(`/admin/surveys/${id}/questions`).type('form').send({
      _csrf: csrf,
      text: 'I learn something new most weeks.',
      kind: 'likert5',
      dimension: '',
      required: 'on',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Scored questions need a dimension');
    expect(bad.text).toContain('I learn something new most weeks.');

    await agent
      .post(`/admin/surveys/${id}/questions`)
      .type('form')
      .send({
        _csrf: csrf,
        text: 'I learn something new most weeks.',
        kind: 'likert5',
        dimension: 'engagement',
        key: 'eng_learn',
        required: 'on',
      })
      .expect(303);
    await agent
      .post(`/admin/surveys/${id}/questions`)
      .type('form')
      .send({
        _csrf: csrf,
        text: 'Where do you mostly work?',
        kind: 'single_choice',
        options: 'Office\nHome\nOn the road',
      })
      .expect(303);
    let list = await keys(id);
    expect(list.slice(-2)).toEqual(['eng_learn', 'where_do_you_mostly_work']);

    const questions = (await agent.get(`/api/v1/surveys/${id}`)).body.questions;
    const learn = questions.find((q: { key: string }) => q.key === 'eng_learn');
    await agent
      .post(`/admin/surveys/${id}/questions/${learn.id}/move`)
      .type('form')
      .send({ _csrf: csrf, direction: 'down' })
      .expect(303);
    list = await keys(id);
    expect(list.slice(-2)).toEqual(['where_do_you_mostly_work', 'eng_learn']);
    await agent
      .post(`/admin/surveys/${id}/questions/${learn.id}/move`)
      .type('form')
      .send({ _csrf: csrf, direction: 'up' })
      .expect(303);
    expect((await keys(id)).slice(-2)).toEqual(['eng_learn', 'where_do_you_mostly_work']);

    await agent
      .post(`/admin/surveys/${id}/questions/${learn.id}`)
      .type('form')
      .send({
        _csrf: csrf,
        text: 'I learned something useful this month.',
        kind: 'likert5',
        dimension: 'enablement',
        key: 'eng_learn',
      })
      .expect(303);
    const edited = (await agent.get(`/api/v1/surveys/${id}`)).body.questions.find(
      (q: { key: string }) => q.key === 'eng_learn',
    );
    expect(edited).toMatchObject({
      text: 'I learned something useful this month.',
      dimension: 'enablement',
      required: false,
    });

    await agent
      .post(`/admin/surveys/${id}/questions/${learn.id}/delete`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(await keys(id)).not.toContain('eng_learn');
    const positions = (await agent.get(`/api/v1/surveys/${id}`)).body.questions.map(
      (q: { position: number }) => q.position,
    );
    expect(positions).toEqual(positions.map((_: number, i: number) => i + 1));

    const preview = await agent.get(`/admin/surveys/${id}/preview`).expect(200);
    expect(preview.text).toContain('On the road');
  });

  it('locks a survey once a cycle using it is launched, naming the cycle', async () => {
    const created = await agent
      .post('/api/v1/surveys')
      .set('Authorization', `Bearer ${await apiKey()}`)
      .send({
        name: 'Short pulse',
        audience: 'employee',
        questions: [
          {
            key: 'enps',
            kind: 'nps',
            text: 'Would you recommend working here?',
            dimension: 'loyalty',
            required: true,
          },
        ],
      })
      .expect(201);
    const org = await seedOrg(t.dataSource, 1);
    const cycle = await t.app.get(CyclesService).create(
      cycleInput([org.rootId], {
        name: 'Autumn wave',
        employeeSurveyId: created.body.id,
        customerSurveyId: null,
      }),
    );
    await t.app.get(CycleLaunchService).launch(cycle.id);

    const page = await agent.get(`/admin/surveys/${created.body.id}`).expect(200);
    expect(page.text).toContain('used by cycle');
    expect(page.text).toContain('Autumn wave');
    expect(page.text).toContain('make a copy to change it');
    const res = await agent
      .post(`/admin/surveys/${created.body.id}`)
      .type('form')
      .send({ _csrf: csrf, name: 'Renamed' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('used by cycle “Autumn wave”');

    const copy = await agent
      .post(`/api/v1/surveys/${created.body.id}/copy`)
      .set('Authorization', `Bearer ${await apiKey()}`)
      .expect(201);
    expect(copy.body).toMatchObject({
      name: 'Copy of Short pulse',
      lockedAt: null,
      builtin: false,
    });
  });

  it('re-renders the new-survey form with errors and the typed values', async () => {
    const form = await agent.get('/admin/surveys/new').expect(200);
    const res = await agent
      .post('/admin/surveys')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        name: '',
        audience: 'customer',
        description: 'kept text',
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Name the survey.');
    expect(res.text).toContain('kept text');
    expect(res.text).toContain('aria-invalid="true"');
  });

  let key: string | undefined;
  async function apiKey(): Promise<string> {
    if (key) return key;
    const page = await agent.get('/account/api-keys');
    const created = await agent
      .post('/account/api-keys')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'tests' });
    key = /<code>(tdm_[^<]+)<\/code>/.exec(created.text)![1];
    return key;
  }
});

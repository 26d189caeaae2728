import { randomUUID } from 'node:crypto';
import { person, PlanOrg, seedPlanOrg } from './follow-through.fixtures';
import { cycleInput } from './support/delivery-fixtures';
import { createTestApp, TestApp } from './support/test-app';

type Person = Awaited<ReturnType<typeof person>>;
type Form = Record<string, string>;

/** One HTML form: an invalid post and what it must show, then a valid post and where it goes. */
interface FormCase {
  name: string;
  as?: () => Person;
  path: () => string;
  invalid: () => Form;
  /** The id of the field the error belongs to (`aria-describedby="<field>-error"`). */
  field: () => string;
  message: string;
  /** How a typed value appears in the re-rendered page (null: a password, never echoed). */
  kept: string | null;
  valid: () => Form;
  /** The flash on the page the 303 leads to, or the text of a page shown at once (200). */
  done: { flash: string } | { page: string };
}

describe('Form posts', () => {
  let t: TestApp;
  let admin: Person;
  let pwUser: Person;
  let other: Person;
  let org: PlanOrg;
  let planOrg: PlanOrg;
  const ids: Record<string, string> = {};

  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const post = (who: Person, path: string, body: Form) =>
    who.agent
      .post(path)
      .type('form')
      .send({ _csrf: who.csrf, ...body });
  const created = async (who: Person, path: string, body: Form) => {
    const res = await post(who, path, body).expect(303);
    return res.headers.location.split('#')[0].split('/').pop()!;
  };
  const followUp = async (state: 'open' | 'assigned') => {
    const [{ id: responseId }] = await t.dataSource.query(
      `INSERT INTO customer_responses (cycle_id, unit_id, answers) VALUES ($1, $2, '{}') RETURNING id`,
      [org.cycleId, org.bigId],
    );
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO follow_ups (response_id, cycle_id, unit_id, reasons, nps, state, assignee_id,
                               opened_at, due_at)
       VALUES ($1, $2, $3, '{detractor}', 3, $4, $5, now(), now() + interval '3 days') RETURNING id`,
      [responseId, org.cycleId, org.bigId, state, state === 'assigned' ? ids.assignee : null],
    );
    return id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    org = await seedPlanOrg(t.dataSource);
    planOrg = await seedPlanOrg(t.dataSource);
    admin = await person(t, 'admin');
    pwUser = await person(t, 'hr');
    other = await person(t, 'hr');
    const [{ id: assignee }] = await t.dataSource.query(
      `SELECT id FROM employees WHERE email = $1`,
      [org.bigEmployees[0]],
    );
    ids.assignee = assignee;
    ids.unit = await created(admin, '/admin/units', {
      name: 'Edited later',
      externalId: `FP-EDIT-${randomUUID().slice(0, 6)}`,
      parentId: org.rootId,
    });
    ids.employee = await created(admin, '/admin/employees', {
      name: 'Eve Before',
      email: 'eve.before@example.test',
      unitId: org.bigId,
      hireDate: '2022-01-03',
    });
    ids.account = await created(admin, '/admin/accounts', {
      name: 'Before Ltd',
      unitId: org.bigId,
      externalId: 'FP-ACC-BEFORE',
    });
    ids.contact = await created(admin, '/admin/contacts', {
      name: 'Cora Before',
      email: 'cora.before@example.test',
      accountId: ids.account,
      subscribed: 'true',
    });
    ids.survey = await created(admin, '/admin/surveys', {
      name: 'Form survey',
      audience: 'employee',
      description: '',
    });
    await created(admin, `/admin/surveys/${ids.survey}/questions`, {
      text: 'Do you have what you need?',
      kind: 'likert5',
      dimension: 'enablement',
      required: 'on',
    });
    [{ id: ids.question }] = await t.dataSource.query(
      `SELECT id FROM questions WHERE survey_id = $1`,
      [ids.survey],
    );
    ids.plan = await created(admin, '/action-plans', {
      cycleId: planOrg.cycleId,
      unitId: planOrg.bigId,
      what1: 'Weekly stand-up',
      owner1: 'Sam',
      dueOn1: soon,
    });
    [{ id: ids.action }] = await t.dataSource.query(
      `SELECT id FROM action_plan_actions WHERE plan_id = $1`,
      [ids.plan],
    );
    ids.toAssign = await followUp('open');
    ids.toContact = await followUp('assigned');
    ids.toNote = await followUp('assigned');
    ids.toResolve = await followUp('assigned');
  });

  afterAll(async () => {
    await t.close();
  });

  const cycleForm = (overrides: Form): Form => {
    const input = cycleInput([org.rootId]);
    return {
      ...Object.fromEntries(
        Object.entries(input).filter(([, v]) => typeof v === 'string') as [string, string][],
      ),
      unitIds: org.rootId,
      reminderDays: '3, 7',
      ...overrides,
    };
  };

  const cases: FormCase[] = [
    {
      name: 'add a unit',
      path: () => '/admin/units',
      invalid: () => ({ name: '  ', externalId: 'FP-UNIT', parentId: '' }),
      field: () => 'name',
      message: 'Enter a name.',
      kept: 'value="FP-UNIT"',
      valid: () => ({ name: 'Form unit', externalId: 'FP-UNIT', parentId: '' }),
      done: { flash: 'Unit “Form unit” added.' },
    },
    {
      name: 'edit a unit',
      path: () => `/admin/units/${ids.unit}`,
      invalid: () => ({ name: '', externalId: 'FP-EDITED', parentId: org.rootId }),
      field: () => 'name',
      message: 'Enter a name.',
      kept: 'value="FP-EDITED"',
      valid: () => ({ name: 'Edited unit', externalId: 'FP-EDITED', parentId: org.rootId }),
      done: { flash: 'Unit saved.' },
    },
    {
      name: 'add an employee',
      path: () => '/admin/employees',
      invalid: () => ({
        name: 'Rita Form',
        email: 'not-an-email',
        unitId: org.bigId,
        hireDate: '2022-01-03',
      }),
      field: () => 'email',
      message: 'Enter a valid email address.',
      kept: 'value="Rita Form"',
      valid: () => ({
        name: 'Rita Form',
        email: 'rita.form@example.test',
        unitId: org.bigId,
        hireDate: '2022-01-03',
      }),
      done: { flash: 'Rita Form added.' },
    },
    {
      name: 'edit an employee',
      path: () => `/admin/employees/${ids.employee}`,
      invalid: () => ({
        name: 'Eve After',
        email: 'eve.before@example.test',
        unitId: org.bigId,
        hireDate: '2022-01-03',
        exitDate: '2021-12-31',
        exitType: 'voluntary',
      }),
      field: () => 'exitDate',
      message: 'The exit date cannot be before the hire date.',
      kept: 'value="Eve After"',
      valid: () => ({
        name: 'Eve After',
        email: 'eve.before@example.test',
        unitId: org.bigId,
        hireDate: '2022-01-03',
      }),
      done: { flash: 'Employee saved.' },
    },
    {
      name: 'add a customer account',
      path: () => '/admin/accounts',
      invalid: () => ({ name: 'Acme Form', unitId: '', externalId: 'FP-ACC' }),
      field: () => 'unitId',
      message: 'Choose the unit that serves this account.',
      kept: 'value="Acme Form"',
      valid: () => ({ name: 'Acme Form', unitId: org.bigId, externalId: 'FP-ACC' }),
      done: { flash: 'Account “Acme Form” added.' },
    },
    {
      name: 'edit a customer account',
      path: () => `/admin/accounts/${ids.account}`,
      invalid: () => ({ name: 'After Ltd', unitId: '', externalId: 'FP-ACC-AFTER' }),
      field: () => 'unitId',
      message: 'Choose the unit that serves this account.',
      kept: 'value="After Ltd"',
      valid: () => ({ name: 'After Ltd', unitId: org.bigId, externalId: 'FP-ACC-AFTER' }),
      done: { flash: 'Account saved.' },
    },
    {
      name: 'add a contact',
      path: () => '/admin/contacts',
      invalid: () => ({ name: 'Carla Form', email: 'bad', accountId: ids.account }),
      field: () => 'email',
      message: 'Enter a valid email address.',
      kept: 'value="Carla Form"',
      valid: () => ({ name: 'Carla Form', email: 'carla@example.test', accountId: ids.account }),
      done: { flash: 'Carla Form added.' },
    },
    {
      name: 'edit a contact',
      path: () => `/admin/contacts/${ids.contact}`,
      invalid: () => ({ name: 'Cora After', email: 'bad', accountId: ids.account }),
      field: () => 'email',
      message: 'Enter a valid email address.',
      kept: 'value="Cora After"',
      valid: () => ({
        name: 'Cora After',
        email: 'cora.after@example.test',
        accountId: ids.account,
      }),
      done: { flash: 'Contact saved.' },
    },
    {
      name: 'invite a user',
      path: () => '/admin/users',
      invalid: () => ({ email: 'bad', name: 'Uma Form', role: 'hr', unitId: '' }),
      field: () => 'email',
      message: 'Enter a valid email address.',
      kept: 'value="Uma Form"',
      valid: () => ({ email: 'uma@example.test', name: 'Uma Form', role: 'hr', unitId: '' }),
      done: { page: 'User invited' },
    },
    {
      name: 'change a user’s role',
      path: () => `/admin/users/${other.user.id}/role`,
      invalid: () => ({ role: 'manager', unitId: '' }),
      field: () => 'unitId',
      message: 'A manager needs the unit they manage.',
      kept: 'value="manager" selected',
      valid: () => ({ role: 'executive', unitId: '' }),
      done: { flash: 'Role updated. If it changed, their sessions have ended.' },
    },
    {
      name: 'create an API key',
      path: () => '/account/api-keys',
      invalid: () => ({ name: '   ' }),
      field: () => 'name',
      message: 'Name the key',
      kept: 'value="   "',
      valid: () => ({ name: 'HRIS sync' }),
      done: { page: 'Your new key is shown only this once.' },
    },
    {
      name: 'change one’s password',
      as: () => pwUser,
      path: () => '/account/password',
      invalid: () => ({ current: pwUser.user.password, next: 'short', confirm: 'short' }),
      field: () => 'next',
      message: 'Choose a password of at least 12 characters.',
      kept: null, // passwords are never sent back; see below
      valid: () => ({
        current: pwUser.user.password,
        next: 'violet-harbour-lantern-57',
        confirm: 'violet-harbour-lantern-57',
      }),
      done: { flash: 'Your password has been changed.' },
    },
    {
      name: 'create a cycle',
      path: () => '/admin/cycles',
      invalid: () => cycleForm({ name: '', periodLabel: 'FP-KEPT' }),
      field: () => 'name',
      message: 'Name the cycle.',
      kept: 'value="FP-KEPT"',
      valid: () => cycleForm({ name: 'Form cycle', periodLabel: 'FP-KEPT' }),
      done: { flash: 'Cycle created as a draft.' },
    },
    {
      name: 'create a survey',
      path: () => '/admin/surveys',
      invalid: () => ({ name: '', audience: 'customer', description: 'Kept description' }),
      field: () => 'name',
      message: 'Name the survey.',
      kept: 'Kept description',
      valid: () => ({ name: 'New form survey', audience: 'customer', description: '' }),
      done: { flash: 'Survey created. Add its questions.' },
    },
    {
      name: 'rename a survey',
      path: () => `/admin/surveys/${ids.survey}`,
      invalid: () => ({ name: '', description: 'Description kept' }),
      field: () => 'survey-name',
      message: 'Name the survey.',
      kept: 'Description kept',
      valid: () => ({ name: 'Renamed survey', description: '' }),
      done: { flash: 'Survey saved.' },
    },
    {
      name: 'add a survey question',
      path: () => `/admin/surveys/${ids.survey}/questions`,
      invalid: () => ({ text: 'How is the coffee here?', kind: 'likert5', dimension: '360 view' }),
      field: () => 'dimension',
      message: 'Name the dimension with letters, digits and spaces',
      kept: 'How is the coffee here?',
      valid: () => ({
        text: 'How is the coffee here?',
        kind: 'likert5',
        dimension: 'wellbeing',
        required: 'on',
      }),
      done: { flash: 'Question added.' },
    },
    {
      name: 'edit a survey question',
      path: () => `/admin/surveys/${ids.survey}/questions/${ids.question}`,
      invalid: () => ({ text: 'Is the tea fine too?', kind: 'likert5', dimension: '!!!' }),
      field: () => 'dimension',
      message: 'Name the dimension with letters, digits and spaces',
      kept: 'Is the tea fine too?',
      valid: () => ({ text: 'Is the tea fine too?', kind: 'likert5', dimension: 'wellbeing' }),
      done: { flash: 'Question saved.' },
    },
    {
      name: 'create an action plan',
      path: () => '/action-plans',
      invalid: () => ({
        cycleId: org.cycleId,
        unitId: org.bigId,
        what1: 'Fix the kiosk queue',
        owner1: '',
        dueOn1: soon,
      }),
      field: () => 'owner1',
      message: 'Name who owns this action.',
      kept: 'Fix the kiosk queue',
      valid: () => ({
        cycleId: org.cycleId,
        unitId: org.bigId,
        what1: 'Fix the kiosk queue',
        owner1: 'Sam',
        dueOn1: soon,
      }),
      done: { flash: 'Plan saved.' },
    },
    {
      name: 'add an action to a plan',
      path: () => `/action-plans/${ids.plan}/actions`,
      invalid: () => ({ what: 'Coffee machine', owner: '', dueOn: soon }),
      field: () => 'owner',
      message: 'Name who owns this action.',
      kept: 'Coffee machine',
      valid: () => ({ what: 'Coffee machine', owner: 'Ann', dueOn: soon }),
      done: { flash: 'Action added.' },
    },
    {
      name: 'update an action’s status',
      path: () => `/action-plans/${ids.plan}/actions/${ids.action}`,
      invalid: () => ({ status: 'bogus', note: 'Typed note' }),
      field: () => `status-${ids.action}`,
      message: 'Choose a status.',
      kept: 'value="Typed note"',
      valid: () => ({ status: 'in_progress', note: 'Started' }),
      done: { flash: 'Status updated.' },
    },
    {
      name: 'assign a follow-up',
      path: () => `/follow-ups/${ids.toAssign}/assign`,
      invalid: () => ({ assigneeId: '', assignNote: 'Call her today' }),
      field: () => 'assigneeId',
      message: 'Choose who will get in touch.',
      kept: 'Call her today',
      valid: () => ({ assigneeId: ids.assignee, assignNote: 'Call her today' }),
      done: { flash: 'Assigned.' },
    },
    {
      name: 'mark a follow-up contacted',
      path: () => `/follow-ups/${ids.toContact}/contacted`,
      invalid: () => ({ contactNote: `Rang twice ${'x'.repeat(2000)}` }),
      field: () => 'contactNote',
      message: 'shorter than or equal to 2000 characters',
      kept: `Rang twice ${'x'.repeat(2000)}`,
      valid: () => ({ contactNote: 'Rang twice' }),
      done: { flash: 'Marked as contacted.' },
    },
    {
      name: 'add a note to a follow-up',
      path: () => `/follow-ups/${ids.toNote}/notes`,
      invalid: () => ({ note: `Left a message ${'x'.repeat(2000)}` }),
      field: () => 'note',
      message: 'shorter than or equal to 2000 characters',
      kept: `Left a message ${'x'.repeat(2000)}`,
      valid: () => ({ note: 'Left a message' }),
      done: { flash: 'Note added.' },
    },
    {
      name: 'resolve a follow-up',
      path: () => `/follow-ups/${ids.toResolve}/resolve`,
      invalid: () => ({ resolution: `Called back ${'x'.repeat(2000)}` }),
      field: () => 'resolution',
      message: 'shorter than or equal to 2000 characters',
      kept: `Called back ${'x'.repeat(2000)}`,
      valid: () => ({ resolution: 'Called back and fixed it' }),
      done: { flash: 'Resolved.' },
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: an invalid post comes back at 422 with the error by its field and the typed values; a valid one goes on',
    async (_name, c) => {
      const who = c.as?.() ?? admin;
      const bad = await post(who, c.path(), c.invalid());
      expect(bad.status).toBe(422);
      expect(bad.text).toContain(`aria-describedby="${c.field()}-error"`);
      const error = new RegExp(`id="${c.field()}-error">([^<]*)<`).exec(bad.text)?.[1];
      expect(error).toContain(c.message);
      if (c.kept !== null) expect(bad.text).toContain(c.kept);

      const good = await post(who, c.path(), c.valid());
      if ('page' in c.done) {
        expect(good.status).toBe(200);
        expect(good.text).toContain(c.done.page);
        return;
      }
      expect(good.status).toBe(303);
      const next = await who.agent.get(good.headers.location).expect(200);
      expect(next.text).toContain(c.done.flash);
    },
  );

  it('never sends a typed password back', async () => {
    const bad = await post(pwUser, '/account/password', {
      current: 'my-current-secret',
      next: 'tiny',
      confirm: 'tiny',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).not.toContain('my-current-secret');
    expect(bad.text).not.toContain('value="tiny"');
  });

  it('shows a rule the form can fix next to the field, and sends a missing record to the 404 page', async () => {
    const taken = await post(admin, '/admin/employees', {
      name: 'Second Eve',
      email: 'eve.before@example.test',
      unitId: org.bigId,
      hireDate: '2022-01-03',
    });
    expect(taken.status).toBe(422);
    expect(/id="email-error">([^<]*)</.exec(taken.text)?.[1]).toBe(
      'Another employee already has that email address.',
    );
    expect(taken.text).toContain('value="Second Eve"');

    const missing = await post(admin, `/admin/surveys/${ids.survey}/questions/${randomUUID()}`, {
      text: 'A question for nothing',
      kind: 'likert5',
      dimension: 'wellbeing',
    });
    expect(missing.status).toBe(404);
  });
});

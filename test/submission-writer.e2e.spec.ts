import { hashToken } from '../src/delivery/tokens';
import { AnswerSeal } from '../src/respond/answer-seal';
import { SubmissionWriter } from '../src/respond/submission-writer';
import {
  createOpenCycle,
  createUnit,
  inviteCustomer,
  inviteEmployee,
  issueToken,
  storedEmployeeAnswers,
} from './support/respond-factories';
import { createTestApp, TestApp } from './support/test-app';

describe(SubmissionWriter.name, () => {
  let t: TestApp;
  let sut: SubmissionWriter;
  let unitId: string;
  let cycle: Awaited<ReturnType<typeof createOpenCycle>>;

  beforeAll(async () => {
    t = await createTestApp();
    sut = t.app.get(SubmissionWriter);
    unitId = await createUnit(t.dataSource);
    cycle = await createOpenCycle(t.dataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const sealed = (content: Record<string, number | string>) =>
    t.app.get(AnswerSeal).seal({ answers: content, submittedOn: '2026-12-04' });
  const answers = (n: number) => sealed({ enps: n % 11, comment: `answer ${n}` });
  const customerAnswers = (n: number) => JSON.stringify({ nps: n % 11, comment: `answer ${n}` });
  const employeeRows = () => storedEmployeeAnswers(t.app, t.dataSource, cycle.cycleId);

  it('stores a burst of submissions, each once, with its own answers', async () => {
    const before = (await employeeRows()).length;
    const invited = await Promise.all(
      Array.from({ length: 150 }, () => inviteEmployee(t.dataSource, cycle.cycleId, unitId)),
    );
    const results = await Promise.all(
      invited.map((inv, n) =>
        sut.store('employee', hashToken(inv.token), answers(n), cycle.employeeSurveyId),
      ),
    );
    expect(results.every(Boolean)).toBe(true);
    const rows = await employeeRows();
    expect(rows).toHaveLength(before + 150);
    const comments = new Set(rows.map((r) => r.answers.comment));
    for (let n = 0; n < 150; n++) expect(comments.has(`answer ${n}`)).toBe(true);
    const [{ used }] = await t.dataSource.query(
      `SELECT count(*)::int AS used FROM invitations WHERE id = ANY($1) AND responded`,
      [invited.map((i) => i.invitationId)],
    );
    expect(used).toBe(150);
  });

  it('shares one transaction between submissions written together', async () => {
    const invited = await Promise.all(
      Array.from({ length: 20 }, () => inviteEmployee(t.dataSource, cycle.cycleId, unitId)),
    );
    await Promise.all(
      invited.map((inv, n) =>
        sut.store('employee', hashToken(inv.token), answers(1000 + n), cycle.employeeSurveyId),
      ),
    );
    const [{ transactions }] = await t.dataSource.query(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM invitations WHERE id = ANY($1)`,
      [invited.map((i) => i.invitationId)],
    );
    // Submitted in the same moment, they leave in a few statements, not twenty.
    expect(transactions).toBeLessThan(20);
  });

  it('stores a link posted several times in one batch once, and says so to one post only', async () => {
    const inv = await inviteEmployee(t.dataSource, cycle.cycleId, unitId);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        sut.store(
          'employee',
          hashToken(inv.token),
          sealed({ comment: `twice ${n}` }),
          cycle.employeeSurveyId,
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const twice = (await employeeRows()).filter((r) =>
      String(r.answers.comment).startsWith('twice '),
    );
    expect(twice).toHaveLength(1);
  });

  it('stores one customer response for two links of the same invitation in one batch', async () => {
    const invited = await inviteCustomer(t.dataSource, cycle.cycleId, unitId);
    const reminder = await issueToken(t.dataSource, invited.invitationId);
    const results = await Promise.all(
      [invited.token, reminder].map((token) =>
        sut.store('customer', hashToken(token), customerAnswers(7), cycle.customerSurveyId),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const rows = await t.dataSource.query(
      `SELECT 1 FROM customer_responses WHERE invitation_id = $1`,
      [invited.invitationId],
    );
    expect(rows).toHaveLength(1);
  });

  it('stores nothing for a wrong survey, a wrong audience or an unknown token, and the rest of the batch still lands', async () => {
    const good = await inviteEmployee(t.dataSource, cycle.cycleId, unitId);
    const wrongSurvey = await inviteEmployee(t.dataSource, cycle.cycleId, unitId);
    const customer = await inviteCustomer(t.dataSource, cycle.cycleId, unitId);
    const results = await Promise.all([
      sut.store('employee', hashToken(good.token), answers(1), cycle.employeeSurveyId),
      sut.store('employee', hashToken(wrongSurvey.token), answers(2), cycle.customerSurveyId),
      sut.store('employee', hashToken(customer.token), answers(3), cycle.employeeSurveyId),
      sut.store('employee', Buffer.alloc(32, 7), answers(4), cycle.employeeSurveyId),
    ]);
    expect(results).toEqual([true, false, false, false]);
    const [{ responded }] = await t.dataSource.query(
      `SELECT count(*)::int AS responded FROM invitations WHERE id = ANY($1) AND responded`,
      [[good.invitationId, wrongSurvey.invitationId, customer.invitationId]],
    );
    expect(responded).toBe(1);
  });

  it('retries a failing batch one by one, so one bad submission fails alone', async () => {
    const good = await inviteCustomer(t.dataSource, cycle.cycleId, unitId);
    const results = await Promise.allSettled([
      sut.store('customer', hashToken(good.token), customerAnswers(5), cycle.customerSurveyId),
      sut.store('customer', hashToken(good.token), '{not json', cycle.customerSurveyId),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: true });
    expect(results[1].status).toBe('rejected');
    const [{ responded }] = await t.dataSource.query(
      `SELECT responded FROM invitations WHERE id = $1`,
      [good.invitationId],
    );
    expect(responded).toBe(true);
  });
});

import { ApiKeysService } from '../src/auth/api-keys.service';
import {
  answersFor,
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  insertUnit,
  questionKeys,
  seededRandom,
  SeededUnit,
} from './fixtures/analytics-import/seed';
import { confirmImport, errorCells, uploadCsv } from './fixtures/directory/directory-http';
import { createTestApp, createUser, csrfFrom, signedInAgent, TestApp } from './support/test-app';

const HEADER = 'employee_id,effective_date,event,unit,exit_type,name,email';
/** Days in Q1 2025 (January 1 to March 31, both inclusive). */
const Q1_DAYS = 90;

describe('Dated employee history', () => {
  let t: TestApp;
  let key: string;
  let q1: string;
  const branches: SeededUnit[] = [];
  /** people on each branch's staff all through Q1: 6 + branch number */
  const staff = (i: number) => 6 + i;

  const importHistory = (csv: string, dryRun = false) =>
    t
      .http()
      .post(`/api/v1/imports/history${dryRun ? '?dryRun=true' : ''}`)
      .set({ Authorization: `Bearer ${key}` })
      .attach('file', Buffer.from(csv), 'history.csv');

  /** Everything the history import writes, to compare before and after. */
  const snapshot = async () => ({
    employees: await t.dataSource.query(
      `SELECT id, external_id, email, name, unit_id, hire_date::text, exit_date::text, exit_type,
              updated_at FROM employees ORDER BY external_id`,
    ),
    periods: await t.dataSource.query(
      `SELECT id, employee_id, hire_date::text, exit_date::text, exit_type
         FROM employment_periods ORDER BY employee_id, hire_date`,
    ),
    assignments: await t.dataSource.query(
      `SELECT id, employee_id, unit_id, start_date::text, end_date::text
         FROM unit_assignments ORDER BY employee_id, start_date`,
    ),
  });

  /** The rows of the history file: every branch's staff, a mover and a leaver. */
  const historyRows = () => {
    const rows: string[] = [];
    branches.forEach((unit, b) => {
      for (let p = 1; p <= staff(b + 1); p++)
        rows.push(
          `S${b + 1}-${p},2020-01-01,hire,${unit.externalId},,Staff ${b + 1}-${p},s${b + 1}-${p}@example.test`,
        );
    });
    const [b1, b2, b3, b4] = branches.map((u) => u.externalId);
    rows.push(
      // The mover: from Branch 1 to Branch 2 in the middle of the quarter.
      `MOVER,2020-01-01,hire,${b1},,Mo Ver,mover@example.test`,
      `MOVER,2025-02-15,move,${b2},,,`,
      // The leaver: moved to Branch 3 last year, left it during the quarter, rehired later.
      `LEAVER,2020-01-01,hire,${b1},,Lee Ver,leaver@example.test`,
      `LEAVER,2024-06-01,move,${b3},,,`,
      `LEAVER,2025-03-10,exit,,voluntary,,`,
      `LEAVER,2025-06-01,hire,${b4},,Lee Ver,leaver@example.test`,
    );
    return rows;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    const user = await createUser(t, 'hr');
    key = (await t.app.get(ApiKeysService).create(user.id, 'HRIS')).key;
    const root = await insertUnit(ds, 'Company');
    for (let i = 1; i <= 8; i++) branches.push(await insertUnit(ds, `Branch ${i}`, root));

    q1 = await insertCycle(ds, 'Q1 2025', '2025-01-01', '2025-03-31', 'closed');
    const random = seededRandom(7);
    const employeeQuestions = await questionKeys(ds, 'employee');
    const customerQuestions = await questionKeys(ds, 'customer');
    for (const [i, unit] of branches.entries()) {
      const level = -1 + (2 * i) / (branches.length - 1);
      await insertEmployeeResponses(
        ds,
        q1,
        unit.id,
        Array.from({ length: 6 }, () => answersFor(employeeQuestions, level, random)),
      );
      await insertCustomerResponses(
        ds,
        q1,
        unit.id,
        Array.from({ length: 6 }, () => answersFor(customerQuestions, level, random)),
      );
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('reports every problem of every row in one pass and writes nothing', async () => {
    const before = await snapshot();
    const b1 = branches[0].externalId;
    const csv = [
      HEADER,
      `BAD1,2025-13-01,hire,NO-SUCH-UNIT,,Bad One,`,
      `BAD2,2024-01-01,move,${b1},,,`,
      `BAD3,2024-01-01,hire,${b1},voluntary,Bad Three,bad3@example.test`,
      `BAD3,2024-02-01,exit,,,,`,
      `BAD3,2024-02-01,sideways,${b1},,,`,
      `BAD4,2024-01-01,hire,${b1},,Bad Four,bad4@example.test`,
      `BAD4,2024-01-01,hire,${b1},,Bad Four,bad4@example.test`,
      `BAD5,2024-01-01,hire,${b1},,Bad Five,bad4@example.test`,
    ].join('\n');
    const res = await importHistory(csv);
    expect(res.status).toBe(422);
    const summary = res.body.details.summary;
    expect(summary.applied).toBe(false);
    expect(
      summary.errors.map((e: { line: number; column: string; message: string }) => [
        e.line,
        e.column,
        e.message,
      ]),
    ).toEqual([
      [2, 'effective_date', 'must be a date written as YYYY-MM-DD'],
      [2, 'unit', 'no unit has this external id'],
      [3, 'event', 'is a move, but the employee has no hire on or before this date'],
      [4, 'exit_type', 'is only for an exit'],
      [5, 'exit_type', 'is required for an exit'],
      [6, 'event', 'must be hire, move or exit'],
      [8, 'event', 'repeats line 7 (the same employee, date and event)'],
      [9, 'email', 'is also the email of the new employee on line 7'],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('imports the history through the API, and importing the same file again changes nothing', async () => {
    const csv = [HEADER, ...historyRows()].join('\n');
    const dry = await importHistory(csv, true).expect(200);
    expect(dry.body).toMatchObject({ applied: false, errorCount: 0 });
    expect((await snapshot()).periods).toEqual([]);

    const first = await importHistory(csv).expect(200);
    const rows = historyRows().length;
    expect(first.body).toMatchObject({ applied: true, toCreate: rows, toUpdate: 0, unchanged: 0 });
    const after = await snapshot();
    const leaver = after.employees.find((e: { external_id: string }) => e.external_id === 'LEAVER');
    // The employees row shows the current state: rehired into Branch 4.
    expect(leaver).toMatchObject({
      unit_id: branches[3].id,
      hire_date: '2025-06-01',
      exit_date: null,
    });
    expect(
      after.periods.filter((p: { employee_id: string }) => p.employee_id === leaver.id),
    ).toEqual([
      expect.objectContaining({
        hire_date: '2020-01-01',
        exit_date: '2025-03-10',
        exit_type: 'voluntary',
      }),
      expect.objectContaining({ hire_date: '2025-06-01', exit_date: null, exit_type: null }),
    ]);

    const again = await importHistory(csv).expect(200);
    expect(again.body).toMatchObject({ toCreate: 0, toUpdate: 0, unchanged: rows });
    expect(await snapshot()).toEqual(after);
  });

  it('shows the preview of a history file and a person’s history on their page', async () => {
    const hr = await signedInAgent(t, 'hr');
    const csv = [HEADER, `MOVER,2025-02-15,move,${branches[1].externalId},,,`].join('\n');
    const preview = await uploadCsv(hr.agent, 'history', csv);
    const page = await hr.agent.get(preview).expect(200);
    expect(page.text).toMatch(/<strong>1<\/strong> unchanged/);
    expect(page.text).toContain('there is nothing to import');
    expect(errorCells(page.text)).toEqual([]);

    const [mover] = await t.dataSource.query(
      `SELECT id FROM employees WHERE external_id = 'MOVER'`,
    );
    const person = await hr.agent.get(`/admin/employees/${mover.id}`).expect(200);
    const history = /<table class="history">([\s\S]*?)<\/table>/.exec(person.text)?.[1] ?? '';
    expect(history).toContain('2020-01-01</td><td>Hired');
    expect(history).toContain('Branch 1');
    expect(history).toContain('2025-02-15</td><td>Moved');
    expect(history).toContain('Branch 2');

    // A preview that would change a person's history, then confirmed on the page.
    const exit = [HEADER, `MOVER,2025-05-31,exit,,involuntary,,`].join('\n');
    const second = await uploadCsv(hr.agent, 'history', exit);
    const secondPage = (await hr.agent.get(second).expect(200)).text;
    // A new event of someone already in the directory updates them.
    expect(secondPage).toMatch(/<strong>1<\/strong> to update/);
    expect(secondPage).toContain('<td>MOVER</td><td>Mo Ver</td><td><code>exit</code></td>');
    expect((await confirmImport(hr.agent, second)).status).toBe(303);
    const [row] = await t.dataSource.query(
      `SELECT exit_date::text, exit_type FROM employees WHERE id = $1`,
      [mover.id],
    );
    expect(row).toEqual({ exit_date: '2025-05-31', exit_type: 'involuntary' });
  });

  it('reports headcount, turnover and the partial correlation of the past cycle from the history', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    const { body } = await agent.get(`/api/v1/cycles/${q1}/linkage`).expect(200);
    const unit = (i: number) =>
      body.units.find((u: { unitId: string }) => u.unitId === branches[i - 1].id);
    // Branch 1: its staff, and the mover until February 14 (45 days); the leaver had moved on.
    expect(unit(1).headcount).toBeCloseTo((staff(1) * Q1_DAYS + 45) / Q1_DAYS, 10);
    // Branch 2: its staff, and the mover from February 15 (45 days).
    expect(unit(2).headcount).toBeCloseTo((staff(2) * Q1_DAYS + 45) / Q1_DAYS, 10);
    // Branch 3: the leaver until March 10 (69 days), and their exit counts here.
    const branch3Days = staff(3) * Q1_DAYS + 69;
    expect(unit(3).headcount).toBeCloseTo(branch3Days / Q1_DAYS, 10);
    expect(unit(3).turnoverRate).toBeCloseTo(365 / branch3Days, 10);
    expect(unit(3).voluntaryTurnoverRate).toBeCloseTo(365 / branch3Days, 10);
    // Branch 4, where the leaver works today, had neither them nor an exit in the quarter.
    expect(unit(4).headcount).toBeCloseTo(staff(4), 10);
    expect(unit(4).turnoverRate).toBeCloseTo(0, 10);
    expect(unit(1).turnoverRate).toBeCloseTo(0, 10);

    const pair = body.analysis.pairs.find(
      (p: { employeeMeasure: string; customerMetric: string }) =>
        p.employeeMeasure === 'engagement' && p.customerMetric === 'nps',
    );
    expect(pair.result.n).toBe(8);
    expect(pair.result.partialForUnitSize.status).toBe('ok');
    expect(Number.isFinite(pair.result.partialForUnitSize.r)).toBe(true);
    expect(body.analysis.turnover.length).toBeGreaterThan(0);
  });

  it('records a move made on the edit form as a move from that day, keeping the past', async () => {
    const hr = await signedInAgent(t, 'hr');
    const [person] = await t.dataSource.query(
      `SELECT id, email, name FROM employees WHERE external_id = 'S5-1'`,
    );
    const target = branches[5];
    const form = await hr.agent.get(`/admin/employees/${person.id}/edit`).expect(200);
    await hr.agent
      .post(`/admin/employees/${person.id}`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        email: person.email,
        name: person.name,
        externalId: 'S5-1',
        unitId: target.id,
        hireDate: '2020-01-01',
        exitDate: '',
        exitType: '',
      })
      .expect(303);
    const [today] = await t.dataSource.query(`SELECT current_date::text AS d`);
    const [yesterday] = await t.dataSource.query(`SELECT (current_date - 1)::text AS d`);
    const assignments = await t.dataSource.query(
      `SELECT unit_id, start_date::text AS start, end_date::text AS "end"
         FROM unit_assignments WHERE employee_id = $1 ORDER BY start_date`,
      [person.id],
    );
    expect(assignments).toEqual([
      { unit_id: branches[4].id, start: '2020-01-01', end: yesterday.d },
      { unit_id: target.id, start: today.d, end: null },
    ]);
    // The past cycle still counts them in Branch 5.
    const { agent } = await signedInAgent(t, 'executive');
    const { body } = await agent.get(`/api/v1/cycles/${q1}/linkage`).expect(200);
    const branch5 = body.units.find((u: { unitId: string }) => u.unitId === branches[4].id);
    expect(branch5.headcount).toBeCloseTo(staff(5), 10);
  });
});

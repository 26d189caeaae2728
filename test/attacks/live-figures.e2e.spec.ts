import { UnitStatsService } from '../../src/analytics/unit-stats.service';
import { reportCommand } from '../../src/cli/report.command';
import { CycleLifecycleService } from '../../src/cycles/cycle-lifecycle.service';
import {
  answersFor,
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  insertUnit,
  questionKeys,
  seededRandom,
  SeededUnit,
} from '../fixtures/analytics-import/seed';
import {
  createOpenCycle,
  CUSTOMER_QUESTIONS,
  EMPLOYEE_QUESTIONS,
  inviteCustomer,
  inviteEmployee,
  validForm,
} from '../support/respond-factories';
import { createTestApp, signedInAgent, TestApp } from '../support/test-app';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];
type Role = 'admin' | 'hr' | 'executive' | 'manager';

interface Read {
  status: number;
  /** the answer with participation (live counts) and per-request tokens taken out */
  stable: string;
  body: unknown;
  text: string;
}

const ROLES: Role[] = ['admin', 'hr', 'executive', 'manager'];
const PENDING = /Results of [^ ]+ appear when the cycle closes on \d{1,2} [A-Z][a-z]+ \d{4}/;

/** CSV tables of a cycle report and of a unit dashboard that come from answers. */
const CYCLE_TABLES = [
  'units',
  'correlations',
  'turnover',
  'cross-lagged',
  'drivers',
  'trend',
  'heatmap',
  'comments',
];
const UNIT_TABLES = ['summary', 'items', 'heatmap', 'trend', 'comments'];

/**
 * The attack that once worked: while a cycle is open, read a group's figures, wait for one
 * person to answer, read them again, and take mean_after·n_after − mean_before·n_before per item
 * to recover that person's answers. No answer-derived figure of an open cycle may exist, for
 * any role, in any page, API, CSV or export; participation (counts, rates) stays live.
 */
describe('Attack: live figures of an open cycle', () => {
  let t: TestApp;
  let retail: SeededUnit;
  const units: SeededUnit[] = [];
  let closedId: string;
  let openId: string;
  let openLabel: string;
  const agents = {} as Record<Role, Agent>;

  const submit = async (token: string, form: Record<string, string>) => {
    const res = await t.http().post(`/s/${token}`).type('form').send(form);
    expect(res.status).toBe(303);
  };
  const employeeForm = (level: number) => ({
    ...validForm(EMPLOYEE_QUESTIONS),
    q_enps: String(level * 2),
    q_proud: String(level),
    q_tools: String(6 - level),
    q_manager: String(level),
    q_comment: `Comment from a level-${level} answer`,
  });
  const customerForm = (level: number) => ({
    ...validForm(CUSTOMER_QUESTIONS),
    q_nps: String(level * 2),
    q_csat: String(level),
    q_promises: String(level),
  });
  const submitEmployee = async (unit: SeededUnit, level: number) => {
    const invited = await inviteEmployee(t.dataSource, openId, unit.id);
    await submit(invited.token, employeeForm(level));
  };
  const submitCustomer = async (unit: SeededUnit, level: number) => {
    const invited = await inviteCustomer(t.dataSource, openId, unit.id);
    await submit(invited.token, customerForm(level));
  };

  beforeAll(async () => {
    t = await createTestApp({
      ANONYMITY_MIN: '3',
      COMMENT_MIN: '3',
      MIN_CUSTOMER_RESPONSES: '3',
    });
    const ds = t.dataSource;
    const root = await insertUnit(ds, 'Company');
    retail = await insertUnit(ds, 'Retail', root);
    for (const name of ['Aldgate', 'Bow', 'Camden']) units.push(await insertUnit(ds, name, retail));

    // A closed cycle before it, so range reports have results to show beside the open one.
    const random = seededRandom(11);
    const employee = await questionKeys(ds, 'employee');
    const customer = await questionKeys(ds, 'customer');
    closedId = await insertCycle(ds, '2025-Q1', '2025-01-01', '2025-03-31', 'closed');
    for (const [i, unit] of units.entries()) {
      await insertEmployeeResponses(
        ds,
        closedId,
        unit.id,
        Array.from({ length: 5 }, () => answersFor(employee, i / 2 - 0.5, random, 'Earlier')),
      );
      await insertCustomerResponses(
        ds,
        closedId,
        unit.id,
        Array.from({ length: 4 }, () => answersFor(customer, i / 2 - 0.5, random)),
      );
    }
    await t.app.get(UnitStatsService).materialize(closedId);

    ({ cycleId: openId } = await createOpenCycle(ds));
    [{ label: openLabel }] = await ds.query(
      `SELECT period_label AS label FROM cycles WHERE id = $1`,
      [openId],
    );
    // Enough answers in every unit to clear every threshold, through the public path.
    for (const [i, unit] of units.entries()) {
      for (let n = 0; n < 4; n++) await submitEmployee(unit, 2 + ((i + n) % 3));
      for (let n = 0; n < 3; n++) await submitCustomer(unit, 3 + ((i + n) % 3));
    }

    for (const role of ROLES)
      agents[role] = (await signedInAgent(t, role, role === 'manager' ? retail.id : null)).agent;
  });

  afterAll(async () => {
    await t.close();
  });

  /** Every answer-derived read a reader can make, by path. */
  const answerReads = (): string[] => {
    const a = units[0].id;
    return [
      `/api/v1/cycles/${openId}/unit-results`,
      `/api/v1/cycles/${openId}/unit-results?unitId=${a}`,
      `/api/v1/cycles/${openId}/linkage`,
      `/api/v1/linkage`,
      `/api/v1/linkage?from=2025-Q1&to=${encodeURIComponent(openLabel)}`,
      `/api/v1/reports/cycles/${openId}`,
      `/api/v1/reports/linkage`,
      `/api/v1/reports/units/${a}?cycle=${openId}`,
      `/api/v1/reports/units/${a}`,
      `/api/v1/follow-through/impact`,
      `/reports`,
      `/reports/cycles/${openId}`,
      `/reports/linkage`,
      `/reports/linkage?from=2025-Q1&to=${encodeURIComponent(openLabel)}`,
      `/reports/units/${a}?cycle=${openId}`,
      `/reports/units/${a}`,
      `/reports/units/${retail.id}?cycle=${openId}`,
      `/`,
      ...CYCLE_TABLES.map((table) => `/reports/cycles/${openId}/${table}.csv`),
      `/reports/cycles/${openId}/response-rates.csv`,
      ...UNIT_TABLES.map((table) => `/reports/units/${a}/${table}.csv?cycle=${openId}`),
      `/reports/units/${a}/response-rates.csv?cycle=${openId}`,
      `/reports/linkage/heatmap.csv`,
      `/reports/linkage/units.csv`,
    ];
  };

  const read = async (agent: Agent, path: string): Promise<Read> => {
    const res = await agent.get(path);
    const body: unknown = res.body;
    let stable: string;
    if (path.startsWith('/api/')) {
      // Participation is live by design; everything else must stay put.
      stable = JSON.stringify({ ...(body as Record<string, unknown>), responseRates: null });
    } else if (path.includes('response-rates.csv')) {
      stable = String(res.status);
    } else {
      stable = res.text
        .replace(/name="_csrf" value="[^"]*"/g, '')
        .replace(/content="[A-Za-z0-9_-]{20,}"/g, '')
        .replace(/nonce="[^"]*"/g, '')
        .replace(/<section id="response-rates"[\s\S]*?<\/section>/g, '')
        .replace(/<section aria-labelledby="open-cycles">[\s\S]*?<\/section>/g, '');
    }
    return { status: res.status, stable, body, text: res.text };
  };

  const readAll = async (): Promise<Map<string, Read>> => {
    const out = new Map<string, Read>();
    for (const role of ROLES)
      for (const path of answerReads()) out.set(`${role} ${path}`, await read(agents[role], path));
    return out;
  };

  const answered = (r: Read) =>
    (
      r.body as {
        responseRates: { employee: { answered: number }; customer: { answered: number } };
      }
    ).responseRates;

  it('shows no answer-derived figure of the open cycle, and none moves when someone answers', async () => {
    // Invited first (the directory gains a person, which is not an answer), then read, answer, read.
    const employee = await inviteEmployee(t.dataSource, openId, units[0].id);
    const customer = await inviteCustomer(t.dataSource, openId, units[0].id);
    const before = await readAll();
    await submit(employee.token, employeeForm(1));
    await submit(customer.token, customerForm(1));
    const after = await readAll();

    for (const [key, b] of before) {
      const a = after.get(key)!;
      // Nothing but participation differs between the two reads, for any role.
      expect({ key, status: a.status, stable: a.stable }).toEqual({
        key,
        status: b.status,
        stable: b.stable,
      });
    }

    for (const role of ROLES) {
      const at = (path: string) => after.get(`${role} ${path}`)!;
      const a = units[0].id;
      // The results APIs refuse the open cycle, saying when results come.
      for (const path of [
        `/api/v1/cycles/${openId}/unit-results`,
        `/api/v1/cycles/${openId}/unit-results?unitId=${a}`,
        `/api/v1/cycles/${openId}/linkage`,
      ]) {
        expect({ path, status: at(path).status }).toEqual({ path, status: 409 });
        expect(at(path).body).toMatchObject({ code: 'RESULTS_NOT_YET_AVAILABLE' });
        expect((at(path).body as { message: string }).message).toMatch(PENDING);
      }
      // The report JSON is participation only: no employee or customer figure of any kind.
      for (const path of [
        `/api/v1/reports/cycles/${openId}`,
        `/api/v1/reports/units/${a}?cycle=${openId}`,
      ]) {
        const report = at(path);
        expect(report.status).toBe(200);
        const body = report.body as Record<string, unknown>;
        expect(body).toMatchObject({ kind: 'participation', resultsAvailable: false });
        expect(Object.keys(body).sort()).toEqual(
          (path.includes('/units/')
            ? [
                'cycle',
                'cycles',
                'group',
                'kind',
                'message',
                'responseRates',
                'resultsAvailable',
                'unit',
              ]
            : ['cycle', 'group', 'kind', 'message', 'responseRates', 'resultsAvailable']
          ).sort(),
        );
        expect(body.message).toMatch(PENDING);
        const rates = JSON.stringify(body.responseRates);
        expect(rates).not.toMatch(/mean|score|nps|csat|favorable|engagement|metrics|comments/i);
      }
      // Participation stays live: one more employee and one more customer answered.
      const live = (path: string) => [answered(before.get(`${role} ${path}`)!), answered(at(path))];
      const [was, now] = live(`/api/v1/reports/cycles/${openId}`);
      expect(now.employee.answered).toBe(was.employee.answered + 1);
      expect(now.customer.answered).toBe(was.customer.answered + 1);
      const [unitWas, unitNow] = live(`/api/v1/reports/units/${a}?cycle=${openId}`);
      expect(unitNow.employee.answered).toBe(unitWas.employee.answered + 1);

      // Ranges leave the open cycle out, and say so.
      for (const path of ['/api/v1/linkage', '/api/v1/reports/linkage']) {
        const body = at(path).body as {
          cycles?: { id: string }[];
          withheld?: { id: string; message: string }[];
          linkage?: { cycles: { id: string }[]; withheld: { id: string; message: string }[] };
        };
        const linkage = body.linkage ?? (body as Required<typeof body>);
        expect(at(path).status).toBe(200);
        expect(linkage.cycles.map((c) => c.id)).toEqual([closedId]);
        expect(linkage.withheld.map((c) => c.id)).toEqual([openId]);
        expect(linkage.withheld[0].message).toMatch(PENDING);
      }
      // Pages: a clear page for the open cycle, not an error page, and no results in it.
      for (const path of [`/reports/cycles/${openId}`, `/reports/units/${a}?cycle=${openId}`]) {
        expect(at(path).status).toBe(200);
        expect(at(path).text).toContain('Results appear when the cycle closes on');
        expect(at(path).text).toContain('participation only');
        expect(at(path).text).not.toMatch(/Unit by unit|Question by question|Which comes first/);
      }
      expect(at('/reports').text).toContain('Open — results when it closes on');
      expect(at('/reports/linkage').text).toMatch(PENDING);
      // CSV: answer tables are refused with a clear message; response rates stay.
      for (const table of CYCLE_TABLES) {
        const csv = at(`/reports/cycles/${openId}/${table}.csv`);
        expect({ table, status: csv.status }).toEqual({ table, status: 409 });
        expect(csv.text).toContain('appear when the cycle closes');
      }
      for (const table of UNIT_TABLES)
        expect(at(`/reports/units/${a}/${table}.csv?cycle=${openId}`).status).toBe(409);
      expect(at(`/reports/cycles/${openId}/response-rates.csv`).status).toBe(200);
      expect(at(`/reports/units/${a}/response-rates.csv?cycle=${openId}`).status).toBe(200);
    }
  });

  it('keeps the open cycle out of the command line report', async () => {
    let text = '';
    const out = { write: (s: string) => ((text += s), true) };
    expect(await reportCommand.run(['--cycle', openLabel], t.app, out)).toBe(1);
    expect(text).toMatch(PENDING);
    text = '';
    expect(await reportCommand.run(['--format', 'json'], t.app, out)).toBe(0);
    const json = JSON.parse(text) as {
      linkage: { cycles: { id: string }[]; withheld: { id: string }[] };
    };
    expect(json.linkage.cycles.map((c) => c.id)).toEqual([closedId]);
    expect(json.linkage.withheld.map((c) => c.id)).toEqual([openId]);
  });

  it('tells HR and admins on the cycle page that results come at close', async () => {
    for (const role of ['admin', 'hr'] as const) {
      const page = await agents[role].get(`/admin/cycles/${openId}`).expect(200);
      expect(page.text).toContain('Results appear when the cycle closes');
      expect(page.text).toContain('participation only');
    }
  });

  // Last: it closes the cycle.
  it('shows the results once the cycle closes', async () => {
    await t.app.get(CycleLifecycleService).close(openId);
    const a = units[0].id;
    for (const role of ROLES) {
      const agent = agents[role];
      const results = await agent
        .get(`/api/v1/cycles/${openId}/unit-results?unitId=${a}`)
        .expect(200);
      const row = (
        results.body as {
          units: {
            unitId: string;
            responses: number;
            employee: {
              hidden: boolean;
              items?: Record<string, { hidden: boolean; mean?: number }>;
            };
          }[];
        }
      ).units.find((u) => u.unitId === a)!;
      expect(row.responses).toBe(5);
      expect(row.employee.hidden).toBe(false);
      expect(row.employee.items!.proud).toMatchObject({ hidden: false });
      await agent.get(`/api/v1/cycles/${openId}/linkage`).expect(200);
      const report = await agent.get(`/api/v1/reports/cycles/${openId}`).expect(200);
      expect(report.body).toMatchObject({ kind: 'cycle', resultsAvailable: true });
      expect(report.body.linkage.cycles.map((c: { id: string }) => c.id)).toEqual([
        closedId,
        openId,
      ]);
      const range = await agent.get('/api/v1/reports/linkage').expect(200);
      expect(range.body.linkage.withheld).toEqual([]);
      const page = await agent.get(`/reports/cycles/${openId}`).expect(200);
      expect(page.text).toContain('Do engaged teams have happier customers here?');
      expect(page.text).not.toContain('Results appear when the cycle closes');
      await agent.get(`/reports/cycles/${openId}/heatmap.csv`).expect(200);
      await agent.get(`/reports/units/${a}/items.csv?cycle=${openId}`).expect(200);
    }
  });
});

import { generateDemoCompany } from './demo-company';
import type { DemoCompany, DemoOptions } from './demo-company.types';
import type { AnswerQuestion } from './planted-model';
import { SeededRandom } from './prng';

/** The shape of the built-in surveys (keys, kinds, dimensions), as seeded by the migration. */
const QUESTIONS: DemoOptions['questions'] = {
  employee: [
    ['enps', 'nps', 'loyalty'],
    ['eng_proud', 'likert5', 'engagement'],
    ['eng_recommend_work', 'likert5', 'engagement'],
    ['eng_motivated', 'likert5', 'engagement'],
    ['eng_stay', 'likert5', 'engagement'],
    ['ena_resources', 'likert5', 'enablement'],
    ['ena_processes', 'likert5', 'enablement'],
    ['mgr_feedback', 'likert5', 'manager'],
    ['mgr_cares', 'likert5', 'manager'],
    ['wb_workload', 'likert5', 'wellbeing'],
    ['wb_switch_off', 'likert5', 'wellbeing'],
    ['comment', 'text', null],
  ].map(([key, kind, dimension]) => ({ key, kind, dimension }) as AnswerQuestion),
  customer: [
    ['nps', 'nps', 'loyalty'],
    ['csat', 'rating5', 'satisfaction'],
    ['trust_promises', 'likert5', 'trust'],
    ['respect_listens', 'likert5', 'respect'],
    ['comment', 'text', null],
  ].map(([key, kind, dimension]) => ({ key, kind, dimension }) as AnswerQuestion),
};

const options = (seed: number | string): DemoOptions => ({
  seed,
  asOf: '2026-05-20',
  questions: QUESTIONS,
  surveyIds: { employee: 'employee-survey', customer: 'customer-survey' },
});

/** Everything but the latent map, in a comparable form. */
const rows = (c: DemoCompany) =>
  JSON.stringify([
    c.units,
    c.employees,
    c.accounts,
    c.contacts,
    c.cycles,
    c.invitations,
    c.employeeResponses,
    c.customerResponses,
  ]);

describe('generateDemoCompany', () => {
  const company = generateDemoCompany(options(42));

  it('builds the same company, row for row, from the same seed', () => {
    expect(rows(generateDemoCompany(options(42)))).toBe(rows(company));
    expect(rows(generateDemoCompany(options(43)))).not.toBe(rows(company));
  });

  it('has 120 units: the company, 8 regions and 111 branches in a tree', () => {
    const kinds = (k: string) => company.units.filter((u) => u.kind === k);
    expect(company.units).toHaveLength(120);
    expect(kinds('company')).toHaveLength(1);
    expect(kinds('region')).toHaveLength(8);
    expect(kinds('branch')).toHaveLength(111);
    const byId = new Map(company.units.map((u) => [u.id, u]));
    for (const unit of company.units) {
      const parent = unit.parentId === null ? null : byId.get(unit.parentId)!;
      expect(unit.path).toBe(`${parent?.path ?? '/'}${unit.id}/`);
      if (unit.kind === 'branch') expect(parent?.kind).toBe('region');
    }
    expect(new Set(company.units.map((u) => u.externalId)).size).toBe(120);
  });

  it('has about 2,500 employees today, with two years of hires and exits', () => {
    const active = company.employees.filter((e) => e.exitDate === null);
    expect(active.length).toBeGreaterThan(2350);
    expect(active.length).toBeLessThan(2650);
    const first = company.quarters[0].start;
    const leavers = company.employees.filter((e) => e.exitDate !== null);
    expect(leavers.length).toBeGreaterThan(600);
    expect(leavers.every((e) => e.exitDate! >= first && e.exitDate! <= company.asOf)).toBe(true);
    expect(leavers.every((e) => e.exitDate! >= e.hireDate)).toBe(true);
    const voluntary = leavers.filter((e) => e.exitType === 'voluntary').length;
    expect(voluntary / leavers.length).toBeGreaterThan(0.6);
    expect(company.employees.filter((e) => e.hireDate >= first).length).toBeGreaterThan(500);
    expect(new Set(company.employees.map((e) => e.email)).size).toBe(company.employees.length);
    const branches = new Set(company.units.filter((u) => u.kind === 'branch').map((u) => u.id));
    expect(company.employees.every((e) => branches.has(e.unitId))).toBe(true);
  });

  it('has about 900 customer accounts with 3,000 contacts on the books, and accounts lost', () => {
    const onBooks = new Set(company.accounts.filter((a) => a.churnDate === null).map((a) => a.id));
    expect(onBooks.size).toBeGreaterThan(820);
    expect(onBooks.size).toBeLessThan(980);
    const contacts = company.contacts.filter((c) => onBooks.has(c.accountId));
    expect(contacts.length).toBeGreaterThan(2700);
    expect(contacts.length).toBeLessThan(3300);
    expect(company.accounts.filter((a) => a.churnDate !== null).length).toBeGreaterThan(100);
    expect(new Set(company.contacts.map((c) => c.email)).size).toBe(company.contacts.length);
  });

  it('surveys the four full quarters before today, in order', () => {
    expect(company.cycles.map((c) => c.label)).toEqual([
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
    ]);
    expect(company.cycles[0].periodStart).toBe('2025-04-01');
    expect(company.cycles[3].periodEnd).toBe('2026-03-31');
    company.cycles.forEach((c, i) => {
      expect(c.previousCycleId).toBe(i === 0 ? null : company.cycles[i - 1].id);
      expect(c.opensAt.toISOString().slice(0, 10) >= c.periodStart).toBe(true);
      expect(c.closesAt > c.opensAt).toBe(true);
    });
  });

  it('keeps employee responses anonymous and matched to used invitations, unit by unit', () => {
    for (const response of company.employeeResponses)
      expect(Object.keys(response).sort()).toEqual(
        ['answers', 'cycleId', 'id', 'submittedOn', 'tenureBand', 'unitId'].sort(),
      );
    const count = (keyOf: (x: { cycleId: string; unitId: string }) => string, list: object[]) =>
      list.reduce<Record<string, number>>((acc, x) => {
        const k = keyOf(x as { cycleId: string; unitId: string });
        acc[k] = (acc[k] ?? 0) + 1;
        return acc;
      }, {});
    const key = (x: { cycleId: string; unitId: string }) => `${x.cycleId}|${x.unitId}`;
    const used = company.invitations.filter((i) => i.audience === 'employee' && i.responded);
    expect(count(key, company.employeeResponses)).toEqual(count(key, used));
    const customerInvitations = new Set(
      company.invitations.filter((i) => i.responded).map((i) => i.id),
    );
    expect(company.customerResponses.every((r) => customerInvitations.has(r.invitationId))).toBe(
      true,
    );
  });

  it('answers with the survey question keys and response rates near the plan', () => {
    const keys = new Set(QUESTIONS.employee.map((q) => q.key));
    for (const r of company.employeeResponses.slice(0, 500))
      for (const k of Object.keys(r.answers)) expect(keys.has(k)).toBe(true);
    const rate = (audience: 'employee' | 'customer') => {
      const all = company.invitations.filter((i) => i.audience === audience);
      return all.filter((i) => i.responded).length / all.length;
    };
    expect(rate('employee')).toBeGreaterThan(0.68);
    expect(rate('employee')).toBeLessThan(0.76);
    expect(rate('customer')).toBeGreaterThan(0.45);
    expect(rate('customer')).toBeLessThan(0.55);
  });
});

describe(SeededRandom.name, () => {
  it('repeats its stream for a seed and makes well-formed UUIDs', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
    expect(a.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('draws standard normals', () => {
    const r = new SeededRandom('normal');
    const xs = Array.from({ length: 50000 }, () => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });
});

import { DataSource } from 'typeorm';
import { beginMissingHistory } from '../src/directory/history/employee-history.queries';
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

/**
 * A small company for the report specs: twelve branches whose customers follow their
 * engagement a quarter later, a formula-named branch, and a Retail unit whose Kiosk has only
 * three employee responses (hidden) next to an Outlet with six (hidden too, as its complement).
 */

export const FORMULA_UNIT = '=HYPERLINK("https://evil.example","Open")';
export const SCRIPT_COMMENT = '<script>alert("x")</script> More training, please';
export const FORMULA_COMMENT = '=2+3 would help';

export interface ReportWorld {
  root: SeededUnit;
  retail: SeededUnit;
  kiosk: SeededUnit;
  outlet: SeededUnit;
  store: SeededUnit;
  branches: SeededUnit[];
  cycles: { id: string; label: string }[];
  latest: string;
  /** the Kiosk's real engagement index in the latest cycle: must never be published */
  kioskEngagement: number;
}

const COMMENTS = [
  'More training on the new tills',
  'Clearer rotas a week ahead',
  'Fix the heating in the back office',
  SCRIPT_COMMENT,
  FORMULA_COMMENT,
  'Thank people when things go well',
];

export async function seedReportWorld(ds: DataSource): Promise<ReportWorld> {
  const random = seededRandom(7);
  const employeeQuestions = await questionKeys(ds, 'employee');
  const customerQuestions = await questionKeys(ds, 'customer');
  const engagementKeys = employeeQuestions
    .filter((q) => q.kind === 'likert5' && q.dimension === 'engagement')
    .map((q) => q.key);

  const root = await insertUnit(ds, 'Northwind');
  const retail = await insertUnit(ds, 'Retail', root);
  const kiosk = await insertUnit(ds, 'Kiosk', retail);
  const outlet = await insertUnit(ds, 'Outlet', retail);
  const store = await insertUnit(ds, 'Store', retail);
  const branches: SeededUnit[] = [];
  const names = [
    'Aldgate',
    'Bow',
    'Camden',
    'Deptford',
    'Ealing',
    'Fulham',
    'Greenwich',
    'Hackney',
    'Islington',
    'Kew',
    'Lewisham',
  ];
  for (const name of names) branches.push(await insertUnit(ds, name, root));
  branches.push(await insertUnit(ds, 'Formula', root));
  await ds.query(`UPDATE units SET name = $1 WHERE id = $2`, [FORMULA_UNIT, branches[11].id]);
  branches[11].name = FORMULA_UNIT;

  const periods: [string, string, string][] = [
    ['2024-Q4', '2024-10-01', '2024-12-31'],
    ['2025-Q1', '2025-01-01', '2025-03-31'],
    ['2025-Q2', '2025-04-01', '2025-06-30'],
  ];
  const cycles: { id: string; label: string }[] = [];
  for (const [label, start, end] of periods)
    cycles.push({ id: await insertCycle(ds, label, start, end, 'closed'), label });

  let comment = 0;
  const employees = (level: number, n: number) =>
    Array.from({ length: n }, () =>
      answersFor(employeeQuestions, level, random, COMMENTS[comment++ % COMMENTS.length]),
    );
  const customers = (level: number, n: number) =>
    Array.from({ length: n }, () => answersFor(customerQuestions, level, random));

  // Each branch has a latent level that drifts; customers follow employees one quarter later.
  const levels = branches.map((_, i) => -0.9 + (1.8 * i) / (branches.length - 1));
  let previous = levels.map(() => 0);
  for (const [c, cycle] of cycles.entries()) {
    const current = levels.map((level) => level + (random() - 0.5) * 0.5);
    for (const [i, unit] of branches.entries()) {
      await insertEmployeeResponses(ds, cycle.id, unit.id, employees(current[i], 8 + (i % 4)));
      const customerLevel = c === 0 ? current[i] * 0.5 : previous[i];
      await insertCustomerResponses(ds, cycle.id, unit.id, customers(customerLevel, 6 + (i % 3)));
    }
    previous = current;
  }

  const latest = cycles[cycles.length - 1].id;
  const kioskAnswers = employees(-0.8, 3);
  const values = kioskAnswers.flatMap((a) => engagementKeys.map((k) => Number(a[k])));
  const kioskEngagement = ((values.reduce((x, y) => x + y, 0) / values.length - 1) / 4) * 100;
  await insertEmployeeResponses(ds, latest, kiosk.id, kioskAnswers);
  await insertEmployeeResponses(ds, latest, outlet.id, employees(0.5, 6));
  await insertEmployeeResponses(ds, latest, store.id, employees(0.2, 7));
  for (const unit of [kiosk, outlet, store])
    await insertCustomerResponses(ds, latest, unit.id, customers(0, 6));

  // A directory with exits, for turnover.
  for (const [i, unit] of [...branches, kiosk, outlet, store].entries()) {
    await ds.query(
      `INSERT INTO employees (email, name, unit_id, hire_date, exit_date, exit_type)
       SELECT 'e' || g || '-' || $1 || '@example.test', 'Employee ' || g, $1::uuid, '2020-01-01',
              CASE WHEN g <= $2 THEN ('2024-11-20'::date + (g * 37)) END,
              CASE WHEN g <= $2 THEN (CASE WHEN g % 2 = 0 THEN 'involuntary' ELSE 'voluntary' END) END
         FROM generate_series(1, 12) g`,
      [unit.id, i % 6],
    );
  }
  // Rows written straight into employees: give them the history the directory would have.
  await beginMissingHistory(ds.manager);

  // Invitations of the latest cycle, for response rates.
  for (const [i, unit] of [...branches, kiosk, outlet, store].entries()) {
    const sent = 14;
    const answered = 8 + (i % 5);
    await ds.query(
      `INSERT INTO invitations (cycle_id, audience, unit_id, email, delivery_state, sent_at, responded)
       SELECT $1, 'employee', $2::uuid, 'invitee' || g || '-' || $2::text || '@example.test', 'sent', now(), g <= $4
         FROM generate_series(1, $3::int) g`,
      [latest, unit.id, sent, answered],
    );
    await ds.query(
      `INSERT INTO invitations (cycle_id, audience, unit_id, email, delivery_state, sent_at, responded)
       SELECT $1, 'customer', $2::uuid, 'contact' || g || '-' || $2::text || '@example.test', 'sent', now(), g <= 6
         FROM generate_series(1, 15) g`,
      [latest, unit.id],
    );
  }

  return { root, retail, kiosk, outlet, store, branches, cycles, latest, kioskEngagement };
}

import { DataSource } from 'typeorm';
import { churnByUnit, retentionByUnit } from '../src/analytics/queries/directory-aggregates.query';
import { dataSourceOptions } from '../src/database/data-source-options';
import { beginMissingHistory } from '../src/directory/history/employee-history.queries';
import { createTestDatabase } from './support/test-database';

/**
 * Turnover's and churn's inputs per unit and cycle period, against counts made by hand from a
 * small directory that has each case the rules name: exits inside and outside a period, a
 * record deactivated as entered by mistake, accounts without a start date, lost before, in and
 * after a period.
 */
describe('Directory aggregates behind turnover and churn', () => {
  let ds: DataSource;
  const U1 = '00000000-0000-4000-8000-0000000000a1';
  const U2 = '00000000-0000-4000-8000-0000000000a2';
  const Q1 = {
    id: '00000000-0000-4000-8000-0000000000c1',
    periodStart: '2024-01-01',
    periodEnd: '2024-03-31',
  };
  const Q2 = {
    id: '00000000-0000-4000-8000-0000000000c2',
    periodStart: '2024-04-01',
    periodEnd: '2024-06-30',
  };

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(await createTestDatabase()));
    await ds.initialize();
    // Deactivation is a moment; the day it counts to is the session's (any zone: noon UTC).
    await ds.query(`SET TIME ZONE 'UTC'`);
    await ds.query(
      `INSERT INTO units (id, external_id, name, path)
       VALUES ($1, 'U1', 'One', $3), ($2, 'U2', 'Two', $4)`,
      [U1, U2, `/${U1}/`, `/${U2}/`],
    );
    await ds.query(
      `INSERT INTO employees (email, name, unit_id, hire_date, exit_date, exit_type, deactivated_at)
       VALUES ('e1@x.test', 'Stays', $1, '2023-01-01', NULL, NULL, NULL),
              ('e2@x.test', 'Joins in Q1, resigns in Q2', $1, '2024-02-01', '2024-05-10', 'voluntary', NULL),
              ('e3@x.test', 'Let go in Q1', $1, '2023-06-01', '2024-03-15', 'involuntary', NULL),
              ('e4@x.test', 'Entered by mistake', $1, '2023-01-01', NULL, NULL, '2024-01-20 12:00:00+00'),
              ('e5@x.test', 'Joins in Q2', $2, '2024-04-15', NULL, NULL, NULL)`,
      [U1, U2],
    );
    await beginMissingHistory(ds.manager);
    await ds.query(
      `INSERT INTO customer_accounts (external_id, name, unit_id, start_date, churn_date, deactivated_at)
       VALUES ('a1', 'No start date', $1, NULL, NULL, NULL),
              ('a2', 'Lost in Q1', $1, '2023-05-01', '2024-02-10', NULL),
              ('a3', 'Won in Q1', $1, '2024-01-15', NULL, NULL),
              ('a4', 'Entered by mistake', $1, '2023-01-01', NULL, '2024-03-01 12:00:00+00'),
              ('a5', 'Lost on the last day of Q2', $1, '2023-01-01', '2024-06-30', NULL),
              ('b1', 'Won in Q2', $2, '2024-05-01', NULL, NULL)`,
      [U1, U2],
    );
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  const byKey = <T extends { cycleId: string; unitId: string }>(rows: T[]) =>
    Object.fromEntries(
      rows.map((r) => [`${r.cycleId === Q1.id ? 'Q1' : 'Q2'} ${r.unitId === U1 ? 'U1' : 'U2'}`, r]),
    );

  it('counts headcount-days, separations and voluntary ones per unit and period', async () => {
    const rows = byKey(await retentionByUnit(ds.manager, [Q1, Q2]));
    expect(Object.keys(rows).sort()).toEqual(['Q1 U1', 'Q2 U1', 'Q2 U2']);
    // Q1 (91 days): e1 91, e2 Feb 1–Mar 31 60, e3 Jan 1–Mar 15 75, e4 Jan 1–20 20.
    expect(rows['Q1 U1']).toMatchObject({
      days: 91,
      headcountDays: 246,
      separations: 1,
      voluntary: 0,
    });
    // Q2 (91 days): e1 91, e2 Apr 1–May 10 40; e2's resignation.
    expect(rows['Q2 U1']).toMatchObject({
      days: 91,
      headcountDays: 131,
      separations: 1,
      voluntary: 1,
    });
    // e5 from Apr 15: 16 + 31 + 30 days.
    expect(rows['Q2 U2']).toMatchObject({
      days: 91,
      headcountDays: 77,
      separations: 0,
      voluntary: 0,
    });
  });

  it('counts accounts active at each period start and those of them lost in it', async () => {
    const rows = byKey(await churnByUnit(ds.manager, [Q1, Q2]));
    expect(Object.keys(rows).sort()).toEqual(['Q1 U1', 'Q2 U1']);
    // Q1: a1, a2, a4, a5 at Jan 1 (a3 starts later); a2 is lost.
    expect(rows['Q1 U1']).toMatchObject({ activeAtStart: 4, lost: 1 });
    // Q2: a1, a3, a5 at Apr 1 (a2 lost, a4 deactivated before it); a5 is lost on Jun 30.
    expect(rows['Q2 U1']).toMatchObject({ activeAtStart: 3, lost: 1 });
  });

  it('reads nothing for no cycles', async () => {
    expect(await retentionByUnit(ds.manager, [])).toEqual([]);
    expect(await churnByUnit(ds.manager, [])).toEqual([]);
  });
});

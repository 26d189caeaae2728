import { ImportRunner } from '../src/directory/import/import-runner.service';
import { employeeRows, employeesCsv, unitsCsv, unitTree } from './fixtures/directory/directory-csv';
import { createTestApp, TestApp } from './support/test-app';

describe(ImportRunner.name, () => {
  let t: TestApp;
  let sut: ImportRunner;

  beforeAll(async () => {
    t = await createTestApp();
    sut = t.app.get(ImportRunner);
  });

  afterAll(async () => {
    await t.close();
  });

  const pathOf = async (externalId: string): Promise<string> =>
    (await t.dataSource.query(`SELECT path FROM units WHERE external_id = $1`, [externalId]))[0]
      .path;
  const idOf = async (externalId: string): Promise<string> =>
    (await t.dataSource.query(`SELECT id FROM units WHERE external_id = $1`, [externalId]))[0].id;

  it('imports a unit tree whose children come before their parents, with materialized paths', async () => {
    const csv = unitsCsv([
      { external_id: 'T-CHILD', name: 'Child', parent_external_id: 'T-ROOT' },
      { external_id: 'T-ROOT', name: 'Root', parent_external_id: '' },
      { external_id: 'T-LEAF', name: 'Leaf', parent_external_id: 'T-CHILD' },
    ]);
    const summary = await sut.run('units', csv, { apply: true });
    expect(summary).toMatchObject({ applied: true, toCreate: 3, errorCount: 0 });
    const [root, child, leaf] = await Promise.all(['T-ROOT', 'T-CHILD', 'T-LEAF'].map(idOf));
    expect(await pathOf('T-LEAF')).toBe(`/${root}/${child}/${leaf}/`);

    const again = await sut.run('units', csv, { apply: true });
    expect(again).toMatchObject({ toCreate: 0, toUpdate: 0, unchanged: 3 });
  });

  it('moves a unit by import and carries descendants that are not in the file', async () => {
    await sut.run(
      'units',
      unitsCsv([
        { external_id: 'M-A', name: 'A', parent_external_id: '' },
        { external_id: 'M-B', name: 'B', parent_external_id: '' },
        { external_id: 'M-A1', name: 'A1', parent_external_id: 'M-A' },
        { external_id: 'M-A1x', name: 'A1x', parent_external_id: 'M-A1' },
      ]),
      { apply: true },
    );
    const summary = await sut.run(
      'units',
      unitsCsv([{ external_id: 'M-A1', name: 'A1', parent_external_id: 'M-B' }]),
      { apply: true },
    );
    expect(summary.toUpdate).toBe(1);
    expect(summary.samples.update[0].changes).toEqual(['parent_external_id']);
    expect(summary.notes.join()).toContain('1 unit(s) not in the file move');
    const [b, a1, a1x] = await Promise.all(['M-B', 'M-A1', 'M-A1x'].map(idOf));
    expect(await pathOf('M-A1x')).toBe(`/${b}/${a1}/${a1x}/`);
  });

  it('refuses a file that would make a loop, and an unknown parent, writing nothing', async () => {
    const summary = await sut.run(
      'units',
      unitsCsv([
        { external_id: 'L-1', name: 'One', parent_external_id: 'L-2' },
        { external_id: 'L-2', name: 'Two', parent_external_id: 'L-1' },
        { external_id: 'L-3', name: 'Three', parent_external_id: 'NOPE' },
      ]),
      { apply: true },
    );
    expect(summary.applied).toBe(false);
    expect(summary.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'parent_external_id'],
      [3, 'parent_external_id'],
      [4, 'parent_external_id'],
    ]);
    const rows = await t.dataSource.query(`SELECT 1 FROM units WHERE external_id LIKE 'L-%'`);
    expect(rows).toHaveLength(0);
  });

  it('imports employees, then reports and writes only what changed', async () => {
    await sut.run('units', unitsCsv(unitTree(2, 2)), { apply: true });
    const rows = employeeRows(50, ['R1-T1', 'R1-T2', 'R2-T1']);
    const first = await sut.run('employees', employeesCsv(rows), { apply: true });
    expect(first).toMatchObject({ applied: true, toCreate: 50, toUpdate: 0, errorCount: 0 });

    rows[4].name = 'Renamed Person';
    rows[7].unit_external_id = 'R2-T2';
    const stamp = await t.dataSource.query(`SELECT max(updated_at)::text AS m FROM employees`);
    const second = await sut.run('employees', employeesCsv(rows), { apply: true });
    expect(second).toMatchObject({ toCreate: 0, toUpdate: 2, unchanged: 48 });
    expect(second.samples.update.map((s) => s.changes)).toEqual([['name'], ['unit_external_id']]);
    const touched = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM employees WHERE updated_at > $1::timestamptz`,
      [stamp[0].m],
    );
    expect(touched[0].n).toBe(2);
  });

  it('matches an employee without an external id by email and keeps their external id', async () => {
    const csv = employeesCsv([
      { ...employeeRows(1, ['R1-T1'])[0], external_id: '', name: 'By Email' },
    ]);
    const summary = await sut.run('employees', csv, { apply: true });
    expect(summary).toMatchObject({ toCreate: 0, toUpdate: 1 });
    const [row] = await t.dataSource.query(
      `SELECT external_id, name FROM employees WHERE email = 'employee1@example.test'`,
    );
    expect(row).toEqual({ external_id: 'E000001', name: 'By Email' });
  });

  it('refuses an email that belongs to a different employee', async () => {
    const [a, b] = employeeRows(2, ['R1-T1']);
    const summary = await sut.run('employees', employeesCsv([{ ...a, email: b.email }]), {
      apply: false,
    });
    expect(summary.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'email',
        message: expect.stringContaining('E000002'),
      }),
    ]);
  });

  it('imports accounts with relationship employees and contacts, keeping unsubscribed contacts unsubscribed', async () => {
    const accounts = [
      'external_id,name,unit_external_id,relationship_employee_emails,churn_date',
      'ACC-1,Harbour Ltd,R1-T1,employee1@example.test; employee2@example.test,',
      'ACC-2,Lakeside,R2-T1,,2024-05-01',
    ].join('\n');
    expect(await sut.run('accounts', accounts, { apply: true })).toMatchObject({
      applied: true,
      toCreate: 2,
    });
    expect(await sut.run('accounts', accounts, { apply: true })).toMatchObject({ unchanged: 2 });
    const links = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM account_relationship_employees`,
    );
    expect(links[0].n).toBe(2);

    const unknown = await sut.run(
      'accounts',
      accounts.replace('employee2@example.test', 'ghost@example.test'),
      { apply: true },
    );
    expect(unknown.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'relationship_employee_emails' }),
    ]);

    const contacts = [
      'email,name,account_external_id,subscribed',
      'Buyer@Harbour.test,Sam Buyer,ACC-1,true',
      'ops@lakeside.test,Ops,ACC-2,',
    ].join('\n');
    expect(await sut.run('contacts', contacts, { apply: true })).toMatchObject({ toCreate: 2 });
    await t.dataSource.query(
      `UPDATE contacts SET subscribed = false, unsubscribed_at = now() WHERE email = 'buyer@harbour.test'`,
    );
    const again = await sut.run('contacts', contacts, { apply: true });
    expect(again).toMatchObject({ unchanged: 2, toUpdate: 0 });
    expect(again.notes.join()).toContain('stay unsubscribed');
  });

  it('reports unknown, missing and repeated header columns on line 1', async () => {
    const summary = await sut.run('contacts', 'email,name,name,extra\n', { apply: false });
    expect(summary.errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'account_external_id'],
      [1, 'name'],
      [1, 'subscribed'],
    ]);
  });
});

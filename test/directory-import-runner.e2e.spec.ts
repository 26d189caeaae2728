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
    // `subscribed` is optional, so leaving it out is no longer an error (issue #15.5).
    expect(summary.errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'account_external_id'],
      [1, 'name'],
    ]);
  });

  describe('errors a person can act on (issue #15.5)', () => {
    beforeAll(async () => {
      await sut.run('units', unitsCsv(unitTree(2, 2)), { apply: true });
    });

    it('reports an empty required cell as required, not as too long', async () => {
      const units = await sut.run(
        'units',
        unitsCsv([{ external_id: 'EMPTY-NAME', name: '', parent_external_id: 'R1' }]),
        { apply: false },
      );
      expect(units.errors).toEqual([{ line: 2, column: 'name', message: 'is required' }]);

      // Without an external id the email is what identifies the person, so it is required.
      const row = { ...employeeRows(1, ['R1-T1'])[0], external_id: '', email: '', name: '' };
      row.exit_date = '2024-01-31';
      row.exit_type = '';
      const employees = await sut.run('employees', employeesCsv([row]), { apply: false });
      expect(employees.errors.map((e) => [e.column, e.message])).toEqual([
        ['email', 'is required when external_id is blank'],
        ['exit_type', 'is required when there is an exit_date'],
        ['name', 'is required'],
      ]);
    });

    it('reports a unit that does not exist as an error, never as a row to create', async () => {
      const rows = employeeRows(3, ['R1-T1']).map((r) => ({ ...r, email: `ref-${r.email}` }));
      rows.forEach((r) => (r.external_id = `REF-${r.external_id}`));
      rows[1].unit_external_id = 'NO-SUCH-UNIT';
      const summary = await sut.run('employees', employeesCsv(rows), { apply: true });
      expect(summary).toMatchObject({ applied: false, toCreate: 2, errorCount: 1 });
      expect(summary.errors).toEqual([
        {
          line: 3,
          column: 'unit_external_id',
          message: 'no unit has this external id',
          value: 'NO-SUCH-UNIT',
        },
      ]);
      expect(summary.samples.create.map((s) => s.line)).toEqual([2, 4]);

      const account = await sut.run(
        'accounts',
        'external_id,name,unit_external_id\nREF-ACC,Ghost Unit Ltd,NOWHERE',
        { apply: false },
      );
      expect(account).toMatchObject({ toCreate: 0, samples: { create: [] } });
      expect(account.errors.map((e) => [e.line, e.column])).toEqual([[2, 'unit_external_id']]);
      const [n] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM employees WHERE external_id LIKE 'REF-%'`,
      );
      expect(n.n).toBe(0);
    });

    it('reports a bad cell and an unknown reference of the same row in one pass', async () => {
      const [row] = employeeRows(1, ['NO-SUCH-UNIT']);
      const employees = await sut.run(
        'employees',
        employeesCsv([{ ...row, email: 'not-an-email', hire_date: '2020-13-01' }]),
        { apply: false },
      );
      expect(employees.errors.map((e) => [e.line, e.column, e.message])).toEqual([
        [2, 'email', 'is not a valid email address'],
        [2, 'hire_date', 'must be a date written as YYYY-MM-DD'],
        [2, 'unit_external_id', 'no unit has this external id'],
      ]);

      const contacts = await sut.run(
        'contacts',
        'email,name,account_external_id\nnot-an-email,,NO-SUCH-ACCOUNT',
        { apply: false },
      );
      expect(contacts.errors.map((e) => [e.line, e.column])).toEqual([
        [2, 'account_external_id'],
        [2, 'email'],
        [2, 'name'],
      ]);
      const units = await sut.run(
        'units',
        'external_id,name,parent_external_id\nONE-PASS,,NO-SUCH-PARENT',
        { apply: false },
      );
      expect(units.errors.map((e) => [e.line, e.column])).toEqual([
        [2, 'name'],
        [2, 'parent_external_id'],
      ]);
    });

    it('imports a file that leaves out optional columns, and reports its row errors', async () => {
      const csv = [
        'email,name,unit_external_id,hire_date',
        'optional-1@example.test,Only Required,R1-T1,2022-02-01',
        'optional-2@example.test,,R1-T2,2022-02-01',
      ].join('\n');
      const withError = await sut.run('employees', csv, { apply: true });
      expect(withError).toMatchObject({ applied: false, toCreate: 1, errorCount: 1 });
      expect(withError.errors).toEqual([{ line: 3, column: 'name', message: 'is required' }]);

      const fixed = await sut.run('employees', csv.replace(',,R1-T2', ',Second,R1-T2'), {
        apply: true,
      });
      expect(fixed).toMatchObject({ applied: true, toCreate: 2, errorCount: 0 });
      const stored = await t.dataSource.query(
        `SELECT name, customer_facing, exit_date FROM employees
          WHERE email LIKE 'optional-%' ORDER BY email`,
      );
      expect(stored).toEqual([
        { name: 'Only Required', customer_facing: false, exit_date: null },
        { name: 'Second', customer_facing: false, exit_date: null },
      ]);

      const units = await sut.run('units', 'external_id,name\nOPT-TOP,Top level', {
        apply: true,
      });
      expect(units).toMatchObject({ applied: true, toCreate: 1 });
    });

    it('says in one sentence that a file uses semicolons or tabs between columns', async () => {
      const rows = [
        'external_id;email;name;unit_external_id;hire_date;exit_date;exit_type;customer_facing',
        'E1;a@example.test;Ana;R1-T1;2020-01-01;;;true',
      ];
      const semicolons = await sut.run('employees', rows.join('\r\n'), { apply: true });
      expect(semicolons.errors).toEqual([
        {
          line: 1,
          column: '',
          message: expect.stringMatching(
            /^This file seems to use semicolons \(;\) between columns; save it as comma-separated CSV/,
          ),
        },
      ]);
      const tabs = await sut.run(
        'units',
        '"external_id"\t"name"\t"parent_external_id"\nTAB-1\tTabbed\t',
        { apply: true },
      );
      expect(tabs.errors).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringContaining('to use tabs') }),
      ]);
      expect(tabs.applied).toBe(false);
    });

    it('imports a file with a byte-order mark and Windows line endings', async () => {
      const csv =
        '\uFEFFexternal_id,name,parent_external_id\r\nBOM-1,With BOM,R1\r\nBOM-2,Crlf,BOM-1\r\n';
      const summary = await sut.run('units', csv, { apply: true });
      expect(summary).toMatchObject({ applied: true, toCreate: 2, errorCount: 0 });
      const [row] = await t.dataSource.query(`SELECT name FROM units WHERE external_id = 'BOM-2'`);
      expect(row.name).toBe('Crlf');
    });
  });
});

import { ApiKeysService } from '../src/auth/api-keys.service';
import { ImportRunner } from '../src/directory/import/import-runner.service';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

/**
 * Tree: A > A1 > A1a, and B. The manager manages A1: they see A1 and A1a, never A or B.
 */
describe('Directory scoping through HTTP', () => {
  let t: TestApp;
  let manager: Awaited<ReturnType<typeof signedInAgent>>;
  let managerKey: string;
  const ids: Record<string, string> = {};

  const idOf = async (table: string, where: string, value: string) =>
    (await t.dataSource.query(`SELECT id FROM ${table} WHERE ${where} = $1`, [value]))[0]
      .id as string;

  beforeAll(async () => {
    t = await createTestApp();
    const runner = t.app.get(ImportRunner);
    const files: Array<[Parameters<ImportRunner['run']>[0], string]> = [
      [
        'units',
        'external_id,name,parent_external_id\nA,Alpha,\nA1,Alpha one,A\nA1a,Alpha one a,A1\nB,Bravo,',
      ],
      [
        'employees',
        'external_id,email,name,unit_external_id,hire_date,exit_date,exit_type,customer_facing\n' +
          'E-A,ann@a.test,Ann Alpha,A,2020-01-01,,,false\n' +
          'E-A1,alf@a1.test,Alf Inside,A1,2020-01-01,,,true\n' +
          'E-A1a,ada@a1a.test,Ada Deeper,A1a,2020-01-01,,,false\n' +
          'E-B,bob@b.test,Bob Bravo,B,2020-01-01,,,false',
      ],
      [
        'accounts',
        'external_id,name,unit_external_id,relationship_employee_emails,churn_date\n' +
          'ACC-IN,Inside Co,A1a,ada@a1a.test,\nACC-OUT,Outside Co,B,bob@b.test,',
      ],
      [
        'contacts',
        'email,name,account_external_id,subscribed\n' +
          'in@inside.test,Ivy Inside,ACC-IN,true\nout@outside.test,Otto Outside,ACC-OUT,true',
      ],
    ];
    for (const [kind, csv] of files) {
      const summary = await runner.run(kind, csv, { apply: true });
      if (!summary.applied) throw new Error(JSON.stringify(summary.errors));
    }
    for (const u of ['A', 'A1', 'A1a', 'B']) ids[u] = await idOf('units', 'external_id', u);
    ids.empIn = await idOf('employees', 'external_id', 'E-A1a');
    ids.empOut = await idOf('employees', 'external_id', 'E-B');
    ids.empAbove = await idOf('employees', 'external_id', 'E-A');
    ids.accIn = await idOf('customer_accounts', 'external_id', 'ACC-IN');
    ids.accOut = await idOf('customer_accounts', 'external_id', 'ACC-OUT');
    ids.conIn = await idOf('contacts', 'email', 'in@inside.test');
    ids.conOut = await idOf('contacts', 'email', 'out@outside.test');
    manager = await signedInAgent(t, 'manager', ids.A1);
    managerKey = (await t.app.get(ApiKeysService).create(manager.user.id, 'manager key')).key;
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists only units, employees, accounts and contacts in the manager’s subtree', async () => {
    const units = (await manager.agent.get('/admin/units').expect(200)).text;
    expect(units).toContain('Alpha one a');
    expect(units).toContain('>Alpha one<');
    expect(units).not.toContain('Bravo');
    expect(units).not.toContain('>Alpha<');

    const employees = (await manager.agent.get('/admin/employees?status=all').expect(200)).text;
    expect(employees).toContain('Alf Inside');
    expect(employees).toContain('Ada Deeper');
    expect(employees).not.toContain('Ann Alpha');
    expect(employees).not.toContain('Bob Bravo');

    const accounts = (await manager.agent.get('/admin/accounts').expect(200)).text;
    expect(accounts).toContain('Inside Co');
    expect(accounts).not.toContain('Outside Co');

    const contacts = (await manager.agent.get('/admin/contacts').expect(200)).text;
    expect(contacts).toContain('Ivy Inside');
    expect(contacts).not.toContain('Otto Outside');
  });

  it('searching does not reach outside the subtree', async () => {
    const res = await manager.agent.get('/admin/employees?q=bob').expect(200);
    expect(res.text).not.toContain('Bob Bravo');
    expect(res.text).toContain('No employees match');
  });

  it('exports only the subtree as CSV', async () => {
    const units = await manager.agent.get('/admin/units/export.csv').expect(200);
    expect(units.text.trim().split('\n').slice(1).sort()).toEqual([
      'A1,Alpha one,A',
      'A1a,Alpha one a,A1',
    ]);
    const employees = await manager.agent.get('/admin/employees/export.csv').expect(200);
    expect(employees.text).toContain('ada@a1a.test');
    expect(employees.text).not.toContain('bob@b.test');
    expect(employees.text).not.toContain('ann@a.test');
    const accounts = await manager.agent.get('/admin/accounts/export.csv').expect(200);
    expect(accounts.text).not.toContain('ACC-OUT');
    const contacts = await manager.agent.get('/admin/contacts/export.csv').expect(200);
    expect(contacts.text).not.toContain('out@outside.test');
  });

  it('answers 403 to a direct URL outside the subtree, above or beside it', async () => {
    for (const path of [
      `/admin/units/${ids.B}`,
      `/admin/units/${ids.A}`,
      `/admin/employees/${ids.empOut}`,
      `/admin/employees/${ids.empAbove}`,
      `/admin/accounts/${ids.accOut}`,
      `/admin/contacts/${ids.conOut}`,
      `/admin/employees?unit=${ids.B}`,
      `/admin/contacts?account=${ids.accOut}`,
    ]) {
      const res = await manager.agent.get(path);
      expect([path, res.status]).toEqual([path, 403]);
    }
    for (const path of [
      `/admin/units/${ids.A1a}`,
      `/admin/employees/${ids.empIn}`,
      `/admin/accounts/${ids.accIn}`,
      `/admin/contacts/${ids.conIn}`,
    ]) {
      const res = await manager.agent.get(path);
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it('lets a manager change nothing, inside or outside the subtree', async () => {
    const attempts: Array<[string, Record<string, string>]> = [
      [
        `/admin/employees/${ids.empIn}`,
        { name: 'Changed', email: 'ada@a1a.test', unitId: ids.A1a, hireDate: '2020-01-01' },
      ],
      [
        `/admin/employees/${ids.empOut}`,
        { name: 'Changed', email: 'bob@b.test', unitId: ids.B, hireDate: '2020-01-01' },
      ],
      [`/admin/units/${ids.A1a}`, { name: 'Renamed' }],
      [`/admin/units/${ids.B}/deactivate`, {}],
      [`/admin/accounts/${ids.accOut}/deactivate`, {}],
      [`/admin/contacts/${ids.conIn}/deactivate`, {}],
      ['/admin/units', { name: 'New unit', parentId: ids.A1 }],
    ];
    for (const [path, body] of attempts) {
      const res = await manager.agent
        .post(path)
        .type('form')
        .send({ _csrf: manager.csrf, ...body });
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect((await manager.agent.get(`/admin/employees/${ids.empIn}/edit`)).status).toBe(403);
    const names = await t.dataSource.query(`SELECT name FROM employees ORDER BY name`);
    expect(names.map((r: { name: string }) => r.name)).not.toContain('Changed');
    const units = await t.dataSource.query(`SELECT count(*)::int AS n FROM units`);
    expect(units[0].n).toBe(4);
  });

  it('applies the same scope to the JSON API with the manager’s key', async () => {
    const auth = { Authorization: `Bearer ${managerKey}` };
    const list = await t.http().get('/api/v1/employees?status=all').set(auth).expect(200);
    expect(list.body.items.map((e: { email: string }) => e.email).sort()).toEqual([
      'ada@a1a.test',
      'alf@a1.test',
    ]);
    const units = await t.http().get('/api/v1/units').set(auth).expect(200);
    expect(units.body.items.map((u: { externalId: string }) => u.externalId)).toEqual([
      'A1',
      'A1a',
    ]);
    expect((await t.http().get(`/api/v1/units/${ids.B}`).set(auth)).status).toBe(403);
    expect((await t.http().get(`/api/v1/employees/${ids.empOut}`).set(auth)).status).toBe(403);
    expect((await t.http().get(`/api/v1/accounts/${ids.accOut}`).set(auth)).status).toBe(403);
    expect((await t.http().get(`/api/v1/contacts/${ids.conOut}`).set(auth)).status).toBe(403);
    const csv = await t.http().get('/api/v1/contacts/export.csv').set(auth).expect(200);
    expect(csv.text).not.toContain('out@outside.test');

    const patch = await t
      .http()
      .patch(`/api/v1/employees/${ids.empIn}`)
      .set(auth)
      .send({ name: 'Changed by API' });
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('READ_ONLY');
    const imported = await t
      .http()
      .post('/api/v1/imports/units')
      .set(auth)
      .attach('file', Buffer.from('external_id,name,parent_external_id\nX,X,\n'), 'units.csv');
    expect(imported.status).toBe(403);
  });

  it('lets an executive read everything but change nothing', async () => {
    const exec = await signedInAgent(t, 'executive');
    const employees = (await exec.agent.get('/admin/employees').expect(200)).text;
    expect(employees).toContain('Bob Bravo');
    expect(employees).toContain('Ann Alpha');
    expect((await exec.agent.get(`/admin/units/${ids.B}`)).status).toBe(200);
    const res = await exec.agent
      .post(`/admin/units/${ids.B}`)
      .type('form')
      .send({ _csrf: exec.csrf, name: 'Renamed' });
    expect(res.status).toBe(403);
    expect((await exec.agent.get('/admin/units/new')).status).toBe(403);
  });

  it('hides the add and edit buttons from people who cannot change the directory', async () => {
    const page = await manager.agent.get(`/admin/units/${ids.A1}`).expect(200);
    expect(page.text).not.toContain('Edit or move');
    expect(page.text).not.toContain('/deactivate');
    expect(csrfFrom(page.text)).toBeTruthy();
  });
});

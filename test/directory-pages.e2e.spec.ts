import { parse } from 'csv-parse/sync';
import { ImportRunner } from '../src/directory/import/import-runner.service';
import { employeeRows, employeesCsv, unitsCsv } from './fixtures/directory/directory-csv';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

describe('Directory pages', () => {
  let t: TestApp;
  let hr: Awaited<ReturnType<typeof signedInAgent>>;

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    t.dataSource.query<T[]>(sql, params);
  const unitId = async (externalId: string) =>
    (await query<{ id: string }>(`SELECT id FROM units WHERE external_id = $1`, [externalId]))[0]
      .id;
  const post = (path: string, body: Record<string, string>) =>
    hr.agent
      .post(path)
      .type('form')
      .send({ _csrf: hr.csrf, ...body });

  beforeAll(async () => {
    t = await createTestApp();
    hr = await signedInAgent(t, 'hr');
  });

  afterAll(async () => {
    await t.close();
  });

  it('shows friendly empty states that point to adding and importing', async () => {
    for (const [path, text] of [
      ['/admin/units', 'No units yet.'],
      ['/admin/employees', 'No employees yet.'],
      ['/admin/accounts', 'No customer accounts yet.'],
      ['/admin/contacts', 'No contacts yet.'],
    ]) {
      const page = await hr.agent.get(path).expect(200);
      expect(page.text).toContain(text);
      expect(page.text).toContain('/admin/imports/');
    }
    const form = await hr.agent.get('/admin/employees/new').expect(200);
    expect(form.text).toContain('There are no active units yet.');
  });

  it('re-renders the unit form with the typed values and a field error', async () => {
    const res = await post('/admin/units', { name: '   ', externalId: 'KEEP-ME', parentId: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="KEEP-ME"');
    expect(res.text).toContain('aria-describedby="name-error"');
    expect(res.text).toContain('Enter a name.');
  });

  it('creates units and refuses a taken external id next to the field', async () => {
    expect(
      (await post('/admin/units', { name: 'North', externalId: 'N', parentId: '' })).status,
    ).toBe(303);
    const dup = await post('/admin/units', { name: 'Other', externalId: 'N', parentId: '' });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('Another unit already has that external id.');
    expect(dup.text).toContain('value="Other"');
  });

  it('moves a unit with its whole subtree, rewriting the descendants’ paths', async () => {
    await t.app.get(ImportRunner).run(
      'units',
      unitsCsv([
        { external_id: 'S', name: 'South', parent_external_id: '' },
        { external_id: 'S1', name: 'South one', parent_external_id: 'S' },
        { external_id: 'S1a', name: 'South one a', parent_external_id: 'S1' },
        { external_id: 'S1b', name: 'South one b', parent_external_id: 'S1' },
      ]),
      { apply: true },
    );
    const [n, s1, s1a] = await Promise.all(['N', 'S1', 'S1a'].map(unitId));
    const edit = await hr.agent.get(`/admin/units/${s1}/edit`).expect(200);
    expect(edit.text).not.toContain(`value="${s1a}"`); // its own subtree is not offered
    const res = await post(`/admin/units/${s1}`, {
      name: 'South one',
      externalId: 'S1',
      parentId: n,
    });
    expect(res.status).toBe(303);
    const paths = await query<{ external_id: string; path: string }>(
      `SELECT external_id, path FROM units WHERE external_id LIKE 'S1%' ORDER BY external_id`,
    );
    for (const row of paths) expect(row.path.startsWith(`/${n}/${s1}/`)).toBe(true);
    expect(paths.find((p) => p.external_id === 'S1a')!.path).toBe(`/${n}/${s1}/${s1a}/`);
  });

  it('refuses to move a unit under one of its own sub-units', async () => {
    const [s1, s1a] = await Promise.all(['S1', 'S1a'].map(unitId));
    const before = await query(`SELECT id, path, parent_id FROM units ORDER BY id`);
    const res = await post(`/admin/units/${s1}`, {
      name: 'South one',
      externalId: 'S1',
      parentId: s1a,
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('cannot move under itself or one of its own sub-units');
    expect(await query(`SELECT id, path, parent_id FROM units ORDER BY id`)).toEqual(before);
  });

  it('re-renders the employee form when the exit date is before the hire date, keeping every value', async () => {
    const unit = await unitId('N');
    const res = await post('/admin/employees', {
      name: 'Rita Early',
      email: 'rita@example.test',
      unitId: unit,
      externalId: 'E-RITA',
      hireDate: '2022-05-01',
      exitDate: '2022-04-30',
      exitType: 'voluntary',
      customerFacing: 'true',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The exit date cannot be before the hire date.');
    expect(res.text).toContain('aria-describedby="exitDate-error"');
    for (const kept of [
      'value="Rita Early"',
      'value="rita@example.test"',
      'value="2022-04-30"',
      'value="E-RITA"',
    ])
      expect(res.text).toContain(kept);
    expect(res.text).toMatch(new RegExp(`<option value="${unit}"\\s+selected`));
    expect(res.text).toMatch(/name="customerFacing" type="checkbox" value="true"\s+checked/);
    expect((await query(`SELECT 1 FROM employees WHERE email = 'rita@example.test'`)).length).toBe(
      0,
    );
  });

  it('creates an employee, moves them and records their exit', async () => {
    const [n, s] = await Promise.all(['N', 'S'].map(unitId));
    const created = await post('/admin/employees', {
      name: 'Sam Mover',
      email: 'Sam.Mover@Example.test',
      unitId: n,
      externalId: '',
      hireDate: '2021-01-04',
      exitDate: '',
      exitType: '',
    });
    expect(created.status).toBe(303);
    const id = created.headers.location.split('/').pop()!;
    const noType = await post(`/admin/employees/${id}`, {
      name: 'Sam Mover',
      email: 'sam.mover@example.test',
      unitId: s,
      hireDate: '2021-01-04',
      exitDate: '2024-02-29',
      exitType: '',
    });
    expect(noType.status).toBe(422);
    expect(noType.text).toContain('voluntary, involuntary or other');
    const saved = await post(`/admin/employees/${id}`, {
      name: 'Sam Mover',
      email: 'sam.mover@example.test',
      unitId: s,
      hireDate: '2021-01-04',
      exitDate: '2024-02-29',
      exitType: 'involuntary',
    });
    expect(saved.status).toBe(303);
    const [row] = await query(
      `SELECT email, unit_id, exit_date::text, exit_type, customer_facing FROM employees WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({
      email: 'sam.mover@example.test',
      unit_id: s,
      exit_date: '2024-02-29',
      exit_type: 'involuntary',
      customer_facing: false,
    });
    const taken = await post('/admin/employees', {
      name: 'Copy',
      email: 'sam.mover@example.test',
      unitId: n,
      hireDate: '2021-01-04',
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Another employee already has that email address.');
  });

  it('pages, searches and sorts the employee list', async () => {
    await t.app
      .get(ImportRunner)
      .run('employees', employeesCsv(employeeRows(40, ['S1a'])), { apply: true });
    const first = await hr.agent.get('/admin/employees?status=all').expect(200);
    expect(first.text).toContain('Page 1 of 2 (41 in all)');
    expect((first.text.match(/<tr>\s*<td><a href="\/admin\/employees\//g) ?? []).length).toBe(25);
    const second = await hr.agent.get('/admin/employees?status=all&page=2').expect(200);
    expect((second.text.match(/<tr>\s*<td><a href="\/admin\/employees\//g) ?? []).length).toBe(16);

    const search = await hr.agent.get('/admin/employees?q=employee17%40').expect(200);
    expect(search.text).toContain('employee17@example.test');
    expect(search.text).not.toContain('employee18@example.test');

    const sorted = await hr.agent
      .get('/admin/employees?status=all&sort=email&dir=desc')
      .expect(200);
    const emails = [...sorted.text.matchAll(/<td>([a-z0-9.]+@example\.test)<\/td>/g)].map(
      (m) => m[1],
    );
    expect(emails).toEqual([...emails].sort().reverse());
    expect(sorted.text).toContain('aria-sort="descending"');

    const exited = await hr.agent.get('/admin/employees?status=exited').expect(200);
    expect(exited.text).toContain('Sam Mover');
    expect(exited.text).not.toContain('employee1@example.test<');
  });

  it('asks for confirmation before deactivating, and refuses a unit that still has people', async () => {
    const s1a = await unitId('S1a');
    const confirm = await hr.agent.get(`/admin/units/${s1a}/deactivate`).expect(200);
    expect(confirm.text).toContain('a unit must be empty to be deactivated');
    expect(confirm.text).not.toContain('Deactivate unit</button>');
    const refused = await post(`/admin/units/${s1a}/deactivate`, {});
    expect(refused.status).toBe(409);

    expect(
      (await post('/admin/units', { name: 'Empty', externalId: 'EMPTY', parentId: '' })).status,
    ).toBe(303);
    const empty = await unitId('EMPTY');
    const page = await hr.agent.get(`/admin/units/${empty}/deactivate`).expect(200);
    expect(page.text).toContain('Deactivate the unit “Empty”?');
    expect(page.text).toContain('Deactivate unit</button>');
    expect((await post(`/admin/units/${empty}/deactivate`, {})).status).toBe(303);
    expect((await hr.agent.get('/admin/units').expect(200)).text).not.toContain('>Empty<');
    expect((await hr.agent.get('/admin/units?status=inactive').expect(200)).text).toContain(
      '>Empty<',
    );
    expect((await post(`/admin/units/${empty}/reactivate`, {})).status).toBe(303);
    expect((await hr.agent.get('/admin/units').expect(200)).text).toContain('>Empty<');
  });

  it('deactivates an employee record only after the confirmation page', async () => {
    const [emp] = await query<{ id: string }>(
      `SELECT id FROM employees WHERE email = 'employee3@example.test'`,
    );
    const page = await hr.agent.get(`/admin/employees/${emp.id}/deactivate`).expect(200);
    expect(page.text).toContain('record their exit date instead');
    expect(
      (await query(`SELECT deactivated_at FROM employees WHERE id = $1`, [emp.id]))[0],
    ).toEqual({
      deactivated_at: null,
    });
    await hr.agent
      .post(`/admin/employees/${emp.id}/deactivate`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const list = await hr.agent.get('/admin/employees?q=employee3%40').expect(200);
    expect(list.text).toContain('No employees match');
  });

  it('names unknown relationship employees on the account form and keeps the typed list', async () => {
    const n = await unitId('N');
    const res = await post('/admin/accounts', {
      name: 'Harbour Ltd',
      unitId: n,
      externalId: 'ACC-H',
      relationshipEmployeeEmails: 'employee1@example.test\nghost@example.test',
      churnDate: '',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('ghost@example.test)');
    expect(res.text).toContain('employee1@example.test\nghost@example.test</textarea>');
    const ok = await post('/admin/accounts', {
      name: 'Harbour Ltd',
      unitId: n,
      externalId: 'ACC-H',
      relationshipEmployeeEmails: 'employee1@example.test; employee2@example.test',
      churnDate: '',
    });
    expect(ok.status).toBe(303);
    const account = await hr.agent.get(ok.headers.location).expect(200);
    expect(account.text).toContain('employee1@example.test, employee2@example.test');
  });

  it('adds a contact, and unsubscribing records when', async () => {
    const [account] = await query<{ id: string }>(
      `SELECT id FROM customer_accounts WHERE external_id = 'ACC-H'`,
    );
    const created = await post('/admin/contacts', {
      name: 'Pat Buyer',
      email: 'pat@harbour.test',
      accountId: account.id,
      subscribed: 'true',
    });
    expect(created.status).toBe(303);
    const id = created.headers.location.split('/').pop()!;
    await post(`/admin/contacts/${id}`, {
      name: 'Pat Buyer',
      email: 'pat@harbour.test',
      accountId: account.id,
    }).expect(303);
    const [row] = await query<{ subscribed: boolean; unsubscribed_at: Date | null }>(
      `SELECT subscribed, unsubscribed_at FROM contacts WHERE id = $1`,
      [id],
    );
    expect(row.subscribed).toBe(false);
    expect(row.unsubscribed_at).toBeInstanceOf(Date);
  });

  it('stores and shows a survey language from the employee and contact forms, refusing an unknown one', async () => {
    const unit = await unitId('N');
    const fields = {
      name: 'Lena Sprache',
      email: 'lena@example.test',
      unitId: unit,
      hireDate: '2023-02-01',
      exitDate: '',
    };
    const form = await hr.agent.get('/admin/employees/new').expect(200);
    expect(form.text).toContain('<label for="language">Survey language</label>');
    expect(form.text).toMatch(/<option value="">Company default<\/option>/);
    expect(form.text).toMatch(/<option value="de" lang="de"\s*>Deutsch<\/option>/);
    expect(form.text).toMatch(/<option value="es" lang="es"\s*>Español<\/option>/);

    const bad = await post('/admin/employees', { ...fields, language: 'xx' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Choose one of en, de, es, or none.');
    expect(bad.text).toContain('aria-describedby="language-error"');
    expect(bad.text).toContain('value="Lena Sprache"');
    expect(bad.text).toMatch(new RegExp(`<option value="${unit}"\\s+selected`));
    expect(await query(`SELECT 1 FROM employees WHERE name = 'Lena Sprache'`)).toHaveLength(0);

    const created = await post('/admin/employees', { ...fields, language: 'de' }).expect(303);
    const id = created.headers.location.split('/').pop()!;
    expect(await query(`SELECT language FROM employees WHERE id = $1`, [id])).toEqual([
      { language: 'de' },
    ]);
    const shown = await hr.agent.get(`/admin/employees/${id}`).expect(200);
    expect(shown.text).toContain('<dt>Survey language</dt><dd>Deutsch</dd>');
    const edit = await hr.agent.get(`/admin/employees/${id}/edit`).expect(200);
    expect(edit.text).toMatch(/<option value="de" lang="de"\s*selected>Deutsch/);
    // Choosing "Company default" again clears it.
    await post(`/admin/employees/${id}`, { ...fields, language: '' }).expect(303);
    expect(await query(`SELECT language FROM employees WHERE id = $1`, [id])).toEqual([
      { language: null },
    ]);
    const cleared = await hr.agent.get(`/admin/employees/${id}`).expect(200);
    expect(cleared.text).toContain('<dt>Survey language</dt><dd>Company default</dd>');

    const [account] = await query<{ id: string }>(
      `SELECT id FROM customer_accounts WHERE external_id = 'ACC-H'`,
    );
    const contact = { name: 'Eva Cliente', email: 'eva@cliente.test', accountId: account.id };
    const badContact = await post('/admin/contacts', { ...contact, language: 'fr' });
    expect(badContact.status).toBe(422);
    expect(badContact.text).toContain('Choose one of en, de, es, or none.');
    expect(badContact.text).toContain('value="eva@cliente.test"');
    const added = await post('/admin/contacts', { ...contact, language: 'es' }).expect(303);
    const contactId = added.headers.location.split('/').pop()!;
    expect(await query(`SELECT language FROM contacts WHERE id = $1`, [contactId])).toEqual([
      { language: 'es' },
    ]);
    const contactPage = await hr.agent.get(`/admin/contacts/${contactId}`).expect(200);
    expect(contactPage.text).toContain('<dt>Survey language</dt><dd>Español</dd>');
  });

  it('exports lists as CSV with formula-like cells neutralized', async () => {
    const n = await unitId('N');
    for (const [name, email] of [
      ['=HYPERLINK("http://evil.example","click")', 'f1@example.test'],
      ['+cmd|" /C calc"!A0', 'f2@example.test'],
      ['@SUM(1+1)', 'f3@example.test'],
      ['-2+3', 'f4@example.test'],
    ])
      await post('/admin/employees', { name, email, unitId: n, hireDate: '2020-01-01' }).expect(
        303,
      );
    const res = await hr.agent.get('/admin/employees/export.csv?q=f').expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('employees.csv');
    const rows = parse<Record<string, string>>(res.text, { columns: true });
    const names = rows.filter((r) => /^f\d@/.test(r.email)).map((r) => r.name);
    expect(names.sort()).toEqual([
      `'+cmd|" /C calc"!A0`,
      `'-2+3`,
      `'=HYPERLINK("http://evil.example","click")`,
      `'@SUM(1+1)`,
    ]);
  });

  it('exports in the import format, so an exported file imports back with nothing to change', async () => {
    for (const kind of ['units', 'employees', 'accounts', 'contacts'] as const) {
      const exported = await hr.agent.get(`/admin/${kind}/export.csv?status=active`).expect(200);
      const summary = await t.app.get(ImportRunner).run(kind, exported.text, { apply: false });
      expect([kind, summary.errorCount, summary.toCreate, summary.toUpdate]).toEqual([
        kind,
        0,
        0,
        0,
      ]);
    }
  });
});

import { ApiKeysService } from '../src/auth/api-keys.service';
import { employeeRows, employeesCsv, unitsCsv, unitTree } from './fixtures/directory/directory-csv';
import {
  confirmImport,
  errorCells,
  importCsv,
  uploadCsv,
} from './fixtures/directory/directory-http';
import { createTestApp, createUser, signedInAgent, TestApp } from './support/test-app';

describe('Directory CSV import through the pages', () => {
  let t: TestApp;
  let hr: Awaited<ReturnType<typeof signedInAgent>>;
  const teams = unitTree(3, 4)
    .filter((u) => u.parent_external_id)
    .map((u) => u.external_id);

  const count = async (table: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await signedInAgent(t, 'hr');
    await importCsv(hr.agent, 'units', unitsCsv(unitTree(3, 4)));
  });

  afterAll(async () => {
    await t.close();
  });

  it('imports nothing from a 1,000-row file with 3 bad rows and names their lines and columns', async () => {
    const rows = employeeRows(1000, teams);
    rows[99].email = 'not-an-email';
    rows[499].unit_external_id = 'NO-SUCH-UNIT';
    rows[899].hire_date = '2020-06-01';
    rows[899].exit_date = '2019-12-31';
    rows[899].exit_type = 'voluntary';

    const preview = await uploadCsv(hr.agent, 'employees', employeesCsv(rows));
    const page = await hr.agent.get(preview).expect(200);
    expect(errorCells(page.text)).toEqual([
      [101, 'email'],
      [501, 'unit_external_id'],
      [901, 'exit_date'],
    ]);
    expect(page.text).toContain('is not a valid email address');
    expect(page.text).toContain('no unit has this external id');
    expect(page.text).toContain('is before hire_date');
    expect(page.text).not.toContain('/confirm"');

    const forced = await confirmImport(hr.agent, preview);
    expect(forced.status).toBe(422);
    expect(await count('employees')).toBe(0);
  });

  it('imports the corrected file after a preview, and importing it again changes 0 rows', async () => {
    const csv = employeesCsv(employeeRows(1000, teams));
    const preview = await uploadCsv(hr.agent, 'employees', csv);
    const page = await hr.agent.get(preview).expect(200);
    expect(page.text).toMatch(/<strong>1000<\/strong> to create/);
    expect(await count('employees')).toBe(0);

    const confirmed = await confirmImport(hr.agent, preview);
    expect(confirmed.status).toBe(303);
    const done = await hr.agent.get(preview).expect(200);
    expect(done.text).toContain('1000 created, 0 updated, 0 unchanged');
    expect(await count('employees')).toBe(1000);

    const [before] = await t.dataSource.query(
      `SELECT max(updated_at)::text AS at, sum(xmin::text::bigint) AS versions FROM employees`,
    );
    const again = await uploadCsv(hr.agent, 'employees', csv);
    const againPage = await hr.agent.get(again).expect(200);
    expect(againPage.text).toMatch(/<strong>0<\/strong> to create/);
    expect(againPage.text).toMatch(/<strong>0<\/strong> to update/);
    expect(againPage.text).toMatch(/<strong>1000<\/strong> unchanged/);
    expect(againPage.text).toContain('nothing to import');
    const [after] = await t.dataSource.query(
      `SELECT max(updated_at)::text AS at, sum(xmin::text::bigint) AS versions FROM employees`,
    );
    expect(after).toEqual(before);
  });

  it('previews changed rows with the columns that change, and applies only those', async () => {
    const rows = employeeRows(1000, teams);
    rows[0].name = 'Renamed Once';
    rows[1].exit_date = '2030-01-01';
    rows[1].exit_type = 'other';
    const preview = await uploadCsv(hr.agent, 'employees', employeesCsv(rows));
    const page = await hr.agent.get(preview).expect(200);
    expect(page.text).toMatch(/<strong>2<\/strong> to update/);
    expect(page.text).toContain('<code>exit_date</code>, <code>exit_type</code>');
    expect((await confirmImport(hr.agent, preview)).status).toBe(303);
    const [renamed] = await t.dataSource.query(
      `SELECT name FROM employees WHERE external_id = 'E000001'`,
    );
    expect(renamed.name).toBe('Renamed Once');
  });

  it('applies a preview only once', async () => {
    const rows = employeeRows(1000, teams);
    rows[2].name = 'Third Person';
    const preview = await uploadCsv(hr.agent, 'employees', employeesCsv(rows));
    expect((await confirmImport(hr.agent, preview)).status).toBe(303);
    expect((await confirmImport(hr.agent, preview)).status).toBe(409);
  });

  it('keeps previews private to the person who uploaded them', async () => {
    const preview = await uploadCsv(hr.agent, 'units', unitsCsv(unitTree(1, 1)));
    const other = await signedInAgent(t, 'admin');
    expect((await other.agent.get(preview)).status).toBe(404);
  });

  it('asks for a file when none was chosen', async () => {
    const page = await hr.agent.get('/admin/imports/contacts').expect(200);
    const token = /_csrf=([^"]+)"/.exec(page.text)![1];
    const res = await hr.agent
      .post(`/admin/imports/contacts?_csrf=${token}`)
      .attach('file', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a CSV file to upload.');
    expect(res.text).toContain('aria-invalid="true"');
  });

  it('refuses an upload without the CSRF token', async () => {
    const res = await hr.agent
      .post('/admin/imports/units')
      .attach('file', Buffer.from(unitsCsv(unitTree(1, 1))), 'units.csv');
    expect(res.status).toBe(403);
  });

  describe('errors a person can act on (issue #15.5)', () => {
    const newRows = (prefix: string, n: number) =>
      employeeRows(n, teams).map((r) => ({
        ...r,
        external_id: `${prefix}-${r.external_id}`,
        email: `${prefix}-${r.email}`,
      }));

    it('shows an empty name as required and an unknown unit as an error of the same row, not as a row to create', async () => {
      const rows = newRows('page', 3);
      rows[1].name = '';
      rows[1].unit_external_id = 'NO-SUCH-UNIT';
      const preview = await uploadCsv(hr.agent, 'employees', employeesCsv(rows));
      const page = await hr.agent.get(preview).expect(200);
      expect(errorCells(page.text)).toEqual([
        [3, 'name'],
        [3, 'unit_external_id'],
      ]);
      expect(page.text).toContain('<td>is required</td>');
      expect(page.text).not.toContain('at most 200 characters');
      expect(page.text).toMatch(/<strong>2<\/strong> to create/);
      const toCreate = /Rows to create<\/caption>([\s\S]*?)<\/table>/.exec(page.text)![1];
      expect(toCreate).toContain(rows[0].external_id);
      expect(toCreate).not.toContain(rows[1].external_id);
    });

    it('names the separator of a semicolon-separated file in one error on line 1', async () => {
      const csv = employeesCsv(newRows('semi', 2)).replace(/,/g, ';');
      const preview = await uploadCsv(hr.agent, 'employees', csv);
      const page = await hr.agent.get(preview).expect(200);
      expect(page.text).toMatch(/<strong>1<\/strong> error\(s\)/);
      expect(page.text).toContain(
        '<p class="file-error">Line 1: This file seems to use semicolons (;) between columns; save it as comma-separated CSV',
      );
      expect(page.text).not.toContain('class="error-list"');
      expect(page.text).not.toContain('missing from the header row');
    });

    it('imports a file with a byte-order mark, Windows line endings and no optional columns', async () => {
      const rows = newRows('bom', 2);
      const csv =
        '\uFEFFemail,name,unit_external_id,hire_date\r\n' +
        rows.map((r) => [r.email, r.name, r.unit_external_id, r.hire_date].join(',')).join('\r\n') +
        '\r\n';
      const preview = await uploadCsv(hr.agent, 'employees', csv);
      expect((await confirmImport(hr.agent, preview)).status).toBe(303);
      const stored = await t.dataSource.query(
        `SELECT name FROM employees WHERE email LIKE 'bom-%' ORDER BY email`,
      );
      expect(stored.map((r: { name: string }) => r.name)).toEqual(rows.map((r) => r.name));
    });

    it('reports every error by line in the JSON API and writes nothing', async () => {
      const user = await createUser(t, 'hr');
      const { key } = await t.app.get(ApiKeysService).create(user.id, 'HRIS');
      const rows = newRows('api', 2);
      rows[0].email = '';
      rows[0].unit_external_id = 'NO-SUCH-UNIT';
      const columns = 'email,name,unit_external_id,hire_date';
      const csv = [
        columns,
        ...rows.map((r) => [r.email, r.name, r.unit_external_id, r.hire_date].join(',')),
      ].join('\n');
      const res = await t
        .http()
        .post('/api/v1/imports/employees')
        .set({ Authorization: `Bearer ${key}` })
        .attach('file', Buffer.from(csv), 'employees.csv');
      expect(res.status).toBe(422);
      expect(res.body.details.summary).toMatchObject({
        errorCount: 2,
        toCreate: 1,
        applied: false,
      });
      expect(res.body.details.summary.errors).toEqual([
        { line: 2, column: 'email', message: 'is required when external_id is blank' },
        {
          line: 2,
          column: 'unit_external_id',
          message: 'no unit has this external id',
          value: 'NO-SUCH-UNIT',
        },
      ]);
      const semicolons = await t
        .http()
        .post('/api/v1/imports/employees?dryRun=true')
        .set({ Authorization: `Bearer ${key}` })
        .attach('file', Buffer.from(csv.replace(/,/g, ';')), 'employees.csv');
      expect(semicolons.body.details.summary.errors).toEqual([
        expect.objectContaining({ line: 1, message: expect.stringContaining('semicolons (;)') }),
      ]);
      const [n] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM employees WHERE email LIKE 'api-%'`,
      );
      expect(n.n).toBe(0);
    });
  });

  it('does not let an executive import', async () => {
    const exec = await signedInAgent(t, 'executive');
    expect((await exec.agent.get('/admin/imports/units')).status).toBe(403);
  });
});

import { readCsv } from './csv-reader';

describe(readCsv.name, () => {
  const columns = ['email', 'name'] as const;

  it('numbers rows by their line in the file, the header being line 1', () => {
    const table = readCsv('email,name\na@x.test,Ana\n\nb@x.test,Ben\n', columns);
    expect(table.rows.map((r) => [r.line, r.values.email])).toEqual([
      [2, 'a@x.test'],
      [4, 'b@x.test'],
    ]);
  });

  it('gives a row the line it starts on when a quoted cell spans lines', () => {
    const table = readCsv('email,name\n"a@x.test","Ana\nSecond line"\nb@x.test,Ben', columns);
    expect(table.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('reads a byte-order mark, CRLF line ends, header case and spacing, blank cells as missing', () => {
    const table = readCsv('\uFEFFEmail , NAME\r\n  a@x.test ,\r\n', columns);
    expect(table.errors).toEqual([]);
    expect(table.rows).toEqual([{ line: 2, values: { email: 'a@x.test', name: undefined } }]);
  });

  it('reports a row with the wrong number of cells and keeps reading', () => {
    const table = readCsv('email,name\na@x.test\nb@x.test,Ben', columns);
    expect(table.errors).toEqual([
      { line: 2, column: '', message: 'This row has 1 cells; the header has 2.' },
    ]);
    expect(table.rows.map((r) => r.line)).toEqual([3]);
    expect(table.count).toBe(2);
  });

  it('lists extra columns as ignored and missing ones as errors on line 1', () => {
    expect(readCsv('email,name,notes\na@x.test,Ana,hi', columns).ignoredColumns).toEqual(['notes']);
    expect(readCsv('email\na@x.test', columns).errors).toEqual([
      { line: 1, column: 'name', message: 'This column is missing from the header row.' },
    ]);
  });

  it('reads a missing optional column as blank cells, and requires only the required ones', () => {
    const table = readCsv('email\na@x.test', ['email', 'name', 'notes'], ['email']);
    expect(table.errors).toEqual([]);
    expect(table.rows).toEqual([{ line: 2, values: { email: 'a@x.test' } }]);
    expect(readCsv('name\nAna', ['email', 'name'], ['email']).errors).toEqual([
      { line: 1, column: 'email', message: 'This column is missing from the header row.' },
    ]);
  });

  it('names the separator of a semicolon- or tab-separated file in one error', () => {
    const semicolons = readCsv('"Email";"Name"\r\n"a@x.test";"Ana, B."\r\n', columns);
    expect(semicolons).toMatchObject({ count: 1, rows: [] });
    expect(semicolons.errors).toEqual([
      {
        line: 1,
        column: '',
        message:
          'This file seems to use semicolons (;) between columns; save it as comma-separated CSV (“CSV UTF-8”) and upload it again.',
      },
    ]);
    expect(readCsv('email\tname\na@x.test\tAna', columns).errors[0].message).toMatch(
      /^This file seems to use tabs between columns/,
    );
    expect(readCsv('email,name\na@x.test,Ana; Ben', columns).errors).toEqual([]);
  });

  it('turns broken quoting and empty files into errors instead of throwing', () => {
    expect(readCsv('email,name\n"a@x.test,Ana', columns).errors[0].message).toMatch(
      /^The file is not valid CSV/,
    );
    expect(readCsv('', columns).errors[0].message).toBe('The file is empty.');
    expect(readCsv('email,name\n', columns).errors[0].message).toContain('no data rows');
  });

  it('restores cells that an export neutralized against formulas', () => {
    const table = readCsv("email,name\na@x.test,'=SUM(1)", columns);
    expect(table.rows[0].values.name).toBe('=SUM(1)');
  });
});

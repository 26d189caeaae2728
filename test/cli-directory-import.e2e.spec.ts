import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDirectoryCommands } from '../src/cli/import-directory.command';
import { COMMANDS, findCommand } from '../src/cli/main';
import { employeeRows, employeesCsv, unitsCsv, unitTree } from './fixtures/directory/directory-csv';
import { createTestApp, TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

describe('CLI directory imports', () => {
  let t: TestApp;
  const dir = tempDir('cli');
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const run = async (name: string, args: string[]) => {
    let text = '';
    const code = await findCommand(name)!.run(args, t.app, {
      write: (s: string) => ((text += s), true),
    });
    return { code, text };
  };

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('registers one import command per directory file', () => {
    expect(importDirectoryCommands.map((c) => c.name)).toEqual([
      'import:units',
      'import:employees',
      'import:history',
      'import:accounts',
      'import:contacts',
    ]);
    for (const command of importDirectoryCommands) expect(COMMANDS).toContain(command);
  });

  it('prints each bad row by line and column and exits 1 without importing', async () => {
    expect((await run('import:units', [file('u.csv', unitsCsv(unitTree(1, 2)))])).code).toBe(0);
    const rows = employeeRows(5, ['R1-T1']);
    rows[1].email = 'bad';
    rows[3].unit_external_id = 'ZZ';
    const { code, text } = await run('import:employees', [file('bad.csv', employeesCsv(rows))]);
    expect(code).toBe(1);
    expect(text).toContain('nothing was imported — 2 problem(s)');
    expect(text).toContain('line 3, column email ("bad"): is not a valid email address');
    expect(text).toContain('line 5, column unit_external_id ("ZZ"): no unit has this external id');
    const [n] = await t.dataSource.query(`SELECT count(*)::int AS n FROM employees`);
    expect(n.n).toBe(0);
  });

  it('imports a good file, reports a dry run, and explains usage', async () => {
    const path = file('good.csv', employeesCsv(employeeRows(5, ['R1-T1'])));
    expect((await run('import:employees', [path, '--dry-run'])).text).toContain(
      'Would import 5 employees rows',
    );
    const done = await run('import:employees', [path]);
    expect(done).toEqual({
      code: 0,
      text: expect.stringContaining('5 created, 0 updated, 0 unchanged'),
    });
    expect((await run('import:employees', [])).code).toBe(2);
  });

  it('imports a dated history file, and the same file again changes nothing', async () => {
    await run('import:units', [file('u3.csv', unitsCsv(unitTree(1, 2)))]);
    const path = file(
      'history.csv',
      [
        'employee_id,effective_date,event,unit,exit_type,name,email',
        'H-1,2022-03-01,hire,R1-T1,,Hana One,hana.one@example.test',
        'H-1,2023-09-01,move,R1-T2,,,',
        'H-1,2024-06-30,exit,,voluntary,,',
      ].join('\n'),
    );
    expect((await run('import:history', [path])).text).toContain(
      '3 created, 0 updated, 0 unchanged',
    );
    expect((await run('import:history', [path])).text).toContain(
      '0 created, 0 updated, 3 unchanged',
    );
  });

  it('prints every problem of a row by line, and names a semicolon separator (issue #15.5)', async () => {
    await run('import:units', [file('u2.csv', unitsCsv(unitTree(1, 2)))]);
    const oneRow = file(
      'one-row.csv',
      'email,name,unit_external_id,hire_date\nnot-an-email,,NO-SUCH-UNIT,2020-01-01\n',
    );
    const { code, text } = await run('import:employees', [oneRow]);
    expect(code).toBe(1);
    expect(text).toContain('nothing was imported — 3 problem(s)');
    expect(text).toContain('line 2, column email ("not-an-email"): is not a valid email address');
    expect(text).toContain('line 2, column name: is required');
    expect(text).toContain(
      'line 2, column unit_external_id ("NO-SUCH-UNIT"): no unit has this external id',
    );

    const semicolons = file(
      'semi.csv',
      employeesCsv(employeeRows(2, ['R1-T1'])).replace(/,/g, ';'),
    );
    const semi = await run('import:employees', [semicolons, '--dry-run']);
    expect(semi.code).toBe(1);
    expect(semi.text).toContain('1 problem(s)');
    expect(semi.text).toContain(
      'line 1: This file seems to use semicolons (;) between columns; save it as comma-separated CSV',
    );
  });

  it('imports a file with a byte-order mark and Windows line endings (issue #15.5)', async () => {
    const csv = '\uFEFFexternal_id,name\r\nCLI-BOM,Saved by Excel\r\n';
    const { code, text } = await run('import:units', [file('bom.csv', csv)]);
    expect({ code, text }).toEqual({
      code: 0,
      text: expect.stringContaining('1 created, 0 updated, 0 unchanged'),
    });
  });

  it('runs as `npm run cli -- import:units <file>` against the configured database', () => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        'src/cli/main.ts',
        'import:units',
        file('more.csv', unitsCsv(unitTree(2, 1))),
      ],
      {
        cwd: join(__dirname, '..'),
        env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'error' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 created, 0 updated, 2 unchanged');
  });
});

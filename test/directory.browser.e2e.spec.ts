import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ImportRunner } from '../src/directory/import/import-runner.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { employeeRows, employeesCsv, unitsCsv, unitTree } from './fixtures/directory/directory-csv';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

/** Every directory page and the sign-in/account pages, on a desktop and on a phone, checked by axe. */
describe('Directory and account pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: { email: string; password: string };
  const files = tempDir('browser-csv');
  const ids: Record<string, string> = {};

  const one = async (sql: string) => (await t.dataSource.query<Array<{ id: string }>>(sql))[0].id;

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Northwind Trading' });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    admin = await createUser(t, 'admin');
    const runner = t.app.get(ImportRunner);
    await runner.run('units', unitsCsv(unitTree(3, 3)), { apply: true });
    await runner.run('employees', employeesCsv(employeeRows(60, ['R1-T1', 'R1-T2', 'R2-T1'])), {
      apply: true,
    });
    await runner.run(
      'accounts',
      'external_id,name,unit_external_id,relationship_employee_emails,churn_date\n' +
        'ACC-1,Harbour Logistics,R1-T1,employee1@example.test,\nACC-2,Lakeside Dental,R2-T1,,2024-05-01',
      { apply: true },
    );
    await runner.run(
      'contacts',
      'email,name,account_external_id,subscribed\nbuyer@harbour.test,Sam Okafor,ACC-1,true\nops@lakeside.test,Ola Berg,ACC-2,false',
      { apply: true },
    );
    ids.region = await one(`SELECT id FROM units WHERE external_id = 'R1'`);
    ids.team = await one(`SELECT id FROM units WHERE external_id = 'R3-T3'`);
    ids.otherTeam = await one(`SELECT id FROM units WHERE external_id = 'R3-T2'`);
    ids.employee = await one(`SELECT id FROM employees WHERE external_id = 'E000001'`);
    ids.account = await one(`SELECT id FROM customer_accounts WHERE external_id = 'ACC-1'`);
    ids.contact = await one(`SELECT id FROM contacts WHERE email = 'buyer@harbour.test'`);
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function withPage(
    viewport: { width: number; height: number },
    run: (page: Page) => Promise<void>,
  ) {
    const context = await browser.newContext({ viewport });
    try {
      await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  const visit = async (page: Page, path: string, name: string, heading?: string | RegExp) => {
    const res = await page.goto(`${baseUrl}${path}`);
    expect([path, res?.status()]).toEqual([path, 200]);
    if (heading) expect(await page.textContent('h1')).toMatch(heading);
    // The page itself never scrolls sideways; a wide table scrolls in its own region.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect([path, overflow]).toEqual([path, 0]);
    await expectAccessible(page, name);
  };

  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`shows the sign-in and account pages accessibly on a ${size}`, async () => {
      await withPage(viewport, async (page) => {
        await visit(page, '/login', `auth-login-${size}`, 'Sign in');
        await page.fill('#email', admin.email);
        await page.fill('#password', 'not the password');
        await page.click('button[type=submit]');
        await page.waitForSelector('.error-summary');
        await expectAccessible(page, `auth-login-error-${size}`);

        await browserSignIn(page, baseUrl, admin.email, admin.password);
        await visit(page, '/account/password', `auth-change-password-${size}`);
        await page.fill('#current', 'wrong');
        await page.fill('#next', 'short');
        await page.fill('#confirm', 'short');
        await page.click('main button[type=submit]');
        await page.waitForSelector('.field-error');
        await expectAccessible(page, `auth-change-password-error-${size}`);
        await visit(page, '/admin/users', `auth-users-${size}`, 'Users');
        await visit(page, '/admin/users/new', `auth-invite-user-${size}`, 'Invite a user');
        await page.fill('#email', `invited-${size}@example.test`);
        await page.fill('#name', 'Invited Person');
        await page.selectOption('#role', 'manager');
        await page.selectOption('#unitId', ids.region);
        await Promise.all([page.waitForLoadState(), page.click('main button[type=submit]')]);
        await expectAccessible(page, `auth-invited-${size}`);
        await visit(page, '/account/api-keys', `auth-api-keys-${size}`, 'API keys');
        await page.fill('#name', 'HRIS sync');
        await Promise.all([page.waitForLoadState(), page.click('main button[type=submit]')]);
        expect(await page.textContent('main')).toContain('tdm_');
        await expectAccessible(page, `auth-api-key-created-${size}`);
      });
    });

    it(`shows every directory list, detail, form and confirmation accessibly on a ${size}`, async () => {
      await withPage(viewport, async (page) => {
        await browserSignIn(page, baseUrl, admin.email, admin.password);
        await visit(page, '/admin/units', `directory-units-${size}`, 'Units');
        expect(await page.locator('table tbody tr').count()).toBe(12);
        await visit(page, '/admin/units?q=nothing-like-this', `directory-units-empty-${size}`);
        expect(await page.textContent('.empty')).toContain('No units match');
        await visit(page, `/admin/units/${ids.region}`, `directory-unit-${size}`, 'Region 1');
        await visit(page, '/admin/units/new', `directory-unit-new-${size}`, 'Add a unit');
        await visit(page, `/admin/units/${ids.region}/edit`, `directory-unit-edit-${size}`);
        await visit(
          page,
          `/admin/units/${ids.region}/deactivate`,
          `directory-unit-deactivate-blocked-${size}`,
        );

        await visit(page, '/admin/employees', `directory-employees-${size}`, 'Employees');
        await page.click('th a:has-text("Hired")');
        expect(page.url()).toContain('sort=hireDate');
        await visit(page, `/admin/employees/${ids.employee}`, `directory-employee-${size}`);
        await visit(
          page,
          `/admin/employees/${ids.employee}/deactivate`,
          `directory-employee-deactivate-${size}`,
        );
        await visit(
          page,
          '/admin/employees/new',
          `directory-employee-new-${size}`,
          'Add an employee',
        );
        await page.fill('#name', 'Rita Early');
        await page.fill('#email', `rita-${size}@example.test`);
        await page.selectOption('#unitId', ids.otherTeam);
        await page.fill('#hireDate', '2022-05-01');
        await page.fill('#exitDate', '2022-04-30');
        await page.selectOption('#exitType', 'voluntary');
        await page.selectOption('#language', 'de');
        await page.click('main form button[type=submit]');
        await page.waitForSelector('#exitDate-error');
        expect(await page.inputValue('#name')).toBe('Rita Early');
        expect(await page.inputValue('#language')).toBe('de');
        await expectAccessible(page, `directory-employee-errors-${size}`);
        await page.fill('#exitDate', '');
        await page.selectOption('#exitType', '');
        await Promise.all([
          page.waitForURL(/\/admin\/employees\/[0-9a-f-]{36}$/),
          page.click('main form button[type=submit]'),
        ]);
        expect(await page.textContent('.flash')).toContain('Rita Early added.');
        expect(await page.textContent('dl.details')).toContain('Deutsch');

        await visit(page, '/admin/accounts', `directory-accounts-${size}`, 'Customer accounts');
        await visit(
          page,
          `/admin/accounts/${ids.account}`,
          `directory-account-${size}`,
          'Harbour Logistics',
        );
        await visit(page, '/admin/accounts/new', `directory-account-new-${size}`);
        await visit(
          page,
          `/admin/accounts/${ids.account}/deactivate`,
          `directory-account-deactivate-${size}`,
        );
        await visit(page, '/admin/contacts', `directory-contacts-${size}`, 'Contacts');
        await visit(
          page,
          `/admin/contacts/${ids.contact}`,
          `directory-contact-${size}`,
          'Sam Okafor',
        );
        await visit(page, '/admin/contacts/new', `directory-contact-new-${size}`);

        // Deactivation through the confirmation page, then the unit drops out of the active list.
        await visit(
          page,
          `/admin/units/${ids.team}/deactivate`,
          `directory-unit-deactivate-${size}`,
        );
        await Promise.all([
          page.waitForURL(`${baseUrl}/admin/units/${ids.team}`),
          page.click('button.danger'),
        ]);
        expect(await page.textContent('h1')).toContain('Deactivated');
        await page.click('button:has-text("Reactivate this unit")');
        await page.waitForSelector('.flash');
      });
    });

    it(`imports a CSV through upload, preview and confirmation on a ${size}`, async () => {
      const bad = employeeRows(3, ['R3-T1']);
      bad[1].email = 'not-an-email';
      const badFile = join(files, `bad-${size}.csv`);
      writeFileSync(badFile, employeesCsv(bad));
      const good = employeeRows(3, ['R3-T1']).map((r) => ({
        ...r,
        external_id: `${size}-${r.external_id}`,
        email: `${size}-${r.email}`,
      }));
      const goodFile = join(files, `good-${size}.csv`);
      writeFileSync(goodFile, employeesCsv(good));

      await withPage(viewport, async (page) => {
        await browserSignIn(page, baseUrl, admin.email, admin.password);
        await visit(page, '/admin/imports', `directory-imports-${size}`, 'Import from CSV');
        await visit(
          page,
          '/admin/imports/employees',
          `directory-import-upload-${size}`,
          'Import employees',
        );
        await page.click('main form button[type=submit]');
        await page.waitForSelector('#file-error');
        await expectAccessible(page, `directory-import-upload-error-${size}`);

        await page.setInputFiles('#file', badFile);
        await Promise.all([
          page.waitForURL(/\/admin\/imports\/previews\//),
          page.click('main form button[type=submit]'),
        ]);
        expect(await page.textContent('.error-list')).toContain('is not a valid email address');
        await expectAccessible(page, `directory-import-preview-errors-${size}`);

        await page.goto(`${baseUrl}/admin/imports/employees`);
        await page.setInputFiles('#file', goodFile);
        await Promise.all([
          page.waitForURL(/\/admin\/imports\/previews\//),
          page.click('main form button[type=submit]'),
        ]);
        await expectAccessible(page, `directory-import-preview-${size}`);
        await Promise.all([
          page.waitForLoadState(),
          page.click('button:has-text("Import 3 row(s)")'),
        ]);
        expect(await page.textContent('.flash')).toContain('3 created');
        await expectAccessible(page, `directory-import-done-${size}`);
      });
    });

    it(`reports import errors a person can act on, accessibly on a ${size} (issue #15.5)`, async () => {
      const rows = employeeRows(4, ['R3-T2']).map((r) => ({
        ...r,
        external_id: `act-${size}-${r.external_id}`,
        email: `act-${size}-${r.email}`,
      }));
      rows[1].name = '';
      rows[1].unit_external_id = 'NO-SUCH-UNIT';
      rows[2].email = 'not-an-email';
      rows[2].hire_date = '2021-02-30';
      const rowsFile = join(files, `errors-${size}.csv`);
      writeFileSync(rowsFile, employeesCsv(rows));
      const semicolonFile = join(files, `semicolons-${size}.csv`);
      writeFileSync(semicolonFile, employeesCsv(rows).replace(/,/g, ';'));

      await withPage(viewport, async (page) => {
        await browserSignIn(page, baseUrl, admin.email, admin.password);
        const upload = async (path: string) => {
          await page.goto(`${baseUrl}/admin/imports/employees`);
          await page.setInputFiles('#file', path);
          await Promise.all([
            page.waitForURL(/\/admin\/imports\/previews\//),
            page.click('main form button[type=submit]'),
          ]);
        };
        await upload(rowsFile);
        const errors = await page.locator('.error-list tbody tr').allTextContents();
        expect(errors).toEqual([
          '3nameis required',
          '3unit_external_idno unit has this external idNO-SUCH-UNIT',
          '4emailis not a valid email addressnot-an-email',
          '4hire_datemust be a date written as YYYY-MM-DD2021-02-30',
        ]);
        expect(await page.textContent('table.samples')).not.toContain(rows[1].external_id);
        await expectAccessible(page, `directory-import-row-errors-${size}`);

        await upload(semicolonFile);
        expect(await page.textContent('.error-summary .file-error')).toMatch(
          /^Line 1: This file seems to use semicolons \(;\) between columns/,
        );
        await expectAccessible(page, `directory-import-separator-error-${size}`);
      });
    });
  }
});

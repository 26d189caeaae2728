import { randomBytes } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { person } from './follow-through.fixtures';
import { createTestApp, listen, TestApp } from './support/test-app';

/**
 * The retention page (empty, with an error, saved), its preview and applying it, and a
 * person's export and erasure from their directory page, in Chromium, checked by axe.
 */
describe('Retention and erasure pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof person>>;
  const tag = randomBytes(4).toString('hex');
  let unitId = '';
  let accountId = '';

  const create = async (path: string, body: object): Promise<string> =>
    (await t.http().post(path).set(admin.bearer).send(body).expect(201)).body.id;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    admin = await person(t, 'admin');
    unitId = await create('/api/v1/units', { name: `Quay ${tag}`, externalId: `U-${tag}` });
    accountId = await create('/api/v1/accounts', {
      name: `Dockside ${tag}`,
      unitId,
      externalId: `A-${tag}`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  }

  async function submit(page: Page, button: string): Promise<void> {
    await Promise.all([
      page.waitForLoadState('load'),
      page.waitForEvent('framenavigated'),
      page.getByRole('button', { name: button }).click(),
    ]);
  }

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const)
    it(`sets, previews and applies the retention policy at ${label} px`, async () => {
      await t.dataSource.query(
        `UPDATE retention_policies SET customer_comment_months = NULL, contact_months = NULL,
                departed_employee_months = NULL`,
      );
      const leaver = await create('/api/v1/employees', {
        name: `Long Gone ${label} ${tag}`,
        email: `gone.${label}.${tag}@northwind.test`,
        unitId,
        hireDate: '2015-01-01',
        exitDate: '2020-06-30',
        exitType: 'voluntary',
      });
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, admin.user.email, admin.user.password);
        await page.goto(`${baseUrl}/admin/settings/retention`);
        await page.getByRole('heading', { name: 'Retention' }).waitFor();
        await page.getByText('The policy is off').waitFor();
        await expectAccessible(page, `retention-${label}`);

        await page.goto(`${baseUrl}/admin/settings/retention/preview`);
        await page.getByText('The policy is off: set at least one period').waitFor();
        await expectAccessible(page, `retention-preview-off-${label}`);

        await page.goto(`${baseUrl}/admin/settings/retention`);
        await page.fill('#departedEmployeeMonths', 'a year');
        await submit(page, 'Save policy');
        await page.getByText('Enter a whole number of months').first().waitFor();
        expect(await page.getAttribute('#departedEmployeeMonths', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#departedEmployeeMonths')).toBe('a year');
        await expectAccessible(page, `retention-errors-${label}`);

        await page.fill('#departedEmployeeMonths', '36');
        await submit(page, 'Save policy');
        await page.getByText('Retention policy saved.').waitFor();

        await page.getByRole('link', { name: 'Preview what it removes' }).click();
        await page
          .getByRole('heading', { name: 'What the retention policy removes now' })
          .waitFor();
        await page.getByText(`Long Gone ${label} ${tag}`).waitFor();
        await expectAccessible(page, `retention-preview-${label}`);
        const [{ name: still }] = await t.dataSource.query(
          `SELECT name FROM employees WHERE id = $1`,
          [leaver],
        );
        expect(still).toBe(`Long Gone ${label} ${tag}`);

        await page.getByText('In all, 1 to remove.').waitFor();
        await submit(page, 'Erase now');
        await page
          .getByText(
            'Retention applied. Erased: 0 customer comments, 0 contacts, 1 departed employees.',
          )
          .waitFor();
        await expectAccessible(page, `retention-applied-${label}`);
        const [{ name }] = await t.dataSource.query(`SELECT name FROM employees WHERE id = $1`, [
          leaver,
        ]);
        expect(name).toBe('Erased employee');
      } finally {
        await context.close();
      }
    });

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const)
    it(`exports and erases a contact and an employee from their pages at ${label} px`, async () => {
      const contactName = `Mira Sand ${label} ${tag}`;
      const contactId = await create('/api/v1/contacts', {
        name: contactName,
        email: `mira.${label}.${tag}@customer.test`,
        accountId,
      });
      const employeeName = `Ivo Lenz ${label} ${tag}`;
      const employeeId = await create('/api/v1/employees', {
        name: employeeName,
        email: `ivo.${label}.${tag}@northwind.test`,
        unitId,
        hireDate: '2022-01-10',
      });
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, admin.user.email, admin.user.password);

        await page.goto(`${baseUrl}/admin/contacts/${contactId}`);
        await page.getByRole('heading', { name: 'Personal data' }).waitFor();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Export data (JSON)' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`personal-data-contact-${contactId}.json`);
        const exported = JSON.parse(
          await new Promise<string>((resolve, reject) => {
            void download.createReadStream().then((stream) => {
              let text = '';
              stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              stream.on('end', () => resolve(text));
              stream.on('error', reject);
            }, reject);
          }),
        );
        expect(exported.contact.name).toBe(contactName);

        await page.getByRole('link', { name: 'Erase this contact…' }).click();
        await page.getByRole('heading', { name: `Erase ${contactName}?` }).waitFor();
        await expectAccessible(page, `erase-contact-${label}`);
        await submit(page, 'Erase this contact');
        await page.getByText('The contact was erased').waitFor();
        expect(page.url()).toBe(`${baseUrl}/admin/contacts`);
        expect(await page.getByText(contactName).count()).toBe(0);

        await page.goto(`${baseUrl}/admin/employees/${employeeId}`);
        await page.getByRole('link', { name: 'Erase this employee…' }).click();
        await page.getByRole('heading', { name: `Erase ${employeeName}?` }).waitFor();
        await page.getByText('an anonymous record with their hire').waitFor();
        await expectAccessible(page, `erase-employee-${label}`);
        await submit(page, 'Erase this employee');
        await page.getByText("The employee's personal data was erased").waitFor();
        await page.getByRole('heading', { name: 'Erased employee' }).waitFor();
        await expectAccessible(page, `erased-employee-${label}`);

        // Asked again, the page says it was done and offers no button.
        await page.goto(`${baseUrl}/admin/employees/${employeeId}/erase`);
        await page.getByText('has already been erased').waitFor();
        expect(await page.getByRole('button', { name: 'Erase this employee' }).count()).toBe(0);
        await expectAccessible(page, `erase-employee-again-${label}`);
      } finally {
        await context.close();
      }
    });
});

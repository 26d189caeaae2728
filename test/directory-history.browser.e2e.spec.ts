import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { insertUnit } from './fixtures/analytics-import/seed';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/**
 * The history import (upload, a preview with row errors, a clean preview, the imported page)
 * and an employee's page with their history, on a phone and a desktop, checked by axe.
 */
describe('Employee history pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let hr: { email: string; password: string };
  let north: string;
  let south: string;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
    hr = await createUser(t, 'hr');
    north = (await insertUnit(t.dataSource, 'Northern branch')).externalId;
    south = (await insertUnit(t.dataSource, 'Southern branch')).externalId;
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(page: Page, name: string, width: number): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  }

  async function upload(page: Page, csv: string, label: string): Promise<void> {
    const file = join(tmpdir(), `history-${label}-${Date.now()}.csv`);
    writeFileSync(file, csv);
    await page.goto(`${baseUrl}/admin/imports/history`);
    await page.setInputFiles('#file', file);
    await Promise.all([
      page.waitForURL(/\/admin\/imports\/previews\//),
      page.click('main form button[type=submit]'),
    ]);
  }

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`imports a history and shows it, passing axe at ${label} px`, async () => {
      const id = `P-${label}`;
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await browserSignIn(page, baseUrl, hr.email, hr.password);
        await page.goto(`${baseUrl}/admin/imports/history`);
        await expectAccessible(page, `history-upload-${label}`, viewport.width);

        const header = 'employee_id,effective_date,event,unit,exit_type,name,email';
        await upload(
          page,
          [
            header,
            `${id},2023-13-01,hire,NO-SUCH-UNIT,,Pat Doe,`,
            `${id},2024-02-01,exit,,,,`,
          ].join('\n'),
          `${label}-bad`,
        );
        await page.getByText('no unit has this external id').waitFor();
        await expectAccessible(page, `history-preview-errors-${label}`, viewport.width);

        await upload(
          page,
          [
            header,
            `${id},2023-01-09,hire,${north},,Pat Doe,pat.${label}@example.test`,
            `${id},2024-02-01,move,${south},,,`,
            `${id},2024-10-31,exit,,voluntary,,`,
          ].join('\n'),
          `${label}-good`,
        );
        await expectAccessible(page, `history-preview-${label}`, viewport.width);
        await Promise.all([
          page.waitForLoadState('load'),
          page.getByRole('button', { name: /Import 3 row/ }).click(),
        ]);
        await page.getByText('Imported 3 rows').waitFor();
        await expectAccessible(page, `history-imported-${label}`, viewport.width);

        const [person] = await t.dataSource.query(
          `SELECT id FROM employees WHERE external_id = $1`,
          [id],
        );
        await page.goto(`${baseUrl}/admin/employees/${person.id}`);
        await page.getByRole('heading', { name: 'History' }).waitFor();
        const rows = await page.locator('table.history tbody tr').allInnerTexts();
        expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
          '2023-01-09 Hired Northern branch',
          '2024-02-01 Moved Southern branch',
          '2024-10-31 Left Voluntary (they chose to leave)',
        ]);
        await expectAccessible(page, `employee-history-${label}`, viewport.width);
      } finally {
        await context.close();
      }
    });
  }
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { FollowUpOpener } from '../src/follow-through/follow-up-opener.service';
import { customerForm, PlanOrg, seedImpactOrg, seedPlanOrg } from './follow-through.fixtures';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
  SCREENSHOT_DIR,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/** Every follow-through page in headless Chromium, on a desktop and on a phone, checked by axe. */
describe('Follow-through pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let org: PlanOrg;
  let manager: { email: string; password: string };
  let hr: { email: string; password: string };
  let followUpId: string;

  beforeAll(async () => {
    t = await createTestApp({ COMPANY_NAME: 'Northwind Trading', ANONYMITY_MIN: '5' });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    org = await seedPlanOrg(t.dataSource);
    await seedImpactOrg(t.dataSource);
    manager = await createUser(t, 'manager', org.bigId);
    hr = await createUser(t, 'hr');

    // Two customer answers in the big unit: a detractor with a comment (days ago, so overdue)
    // and a low satisfaction score from today.
    const [{ id: accountId }] = await t.dataSource.query(
      `INSERT INTO customer_accounts (external_id, name, unit_id) VALUES ('ACC-B1', 'Harbour Logistics', $1) RETURNING id`,
      [org.bigId],
    );
    await t.dataSource.query(
      `INSERT INTO account_relationship_employees (account_id, employee_id)
       SELECT $1, id FROM employees WHERE unit_id = $2 ORDER BY email LIMIT 1`,
      [accountId, org.bigId],
    );
    const answers = async (
      email: string,
      name: string,
      form: Record<string, string>,
      daysAgo: number,
    ) => {
      const [{ id: contactId }] = await t.dataSource.query(
        `INSERT INTO contacts (email, name, account_id) VALUES ($1, $2, $3) RETURNING id`,
        [email, name, accountId],
      );
      const values = Object.fromEntries(
        Object.entries(form)
          .filter(([, v]) => v !== '')
          .map(([k, v]) => [k.slice(2), /^\d+$/.test(v) ? Number(v) : v]),
      );
      await t.dataSource.query(
        `INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, submitted_at, answers)
         VALUES ($1, $2, $3, $4, now() - ($5 || ' days')::interval, $6::jsonb)`,
        [org.cycleId, org.bigId, accountId, contactId, String(daysAgo), JSON.stringify(values)],
      );
    };
    await answers(
      'sam@harbour.test',
      'Sam Okafor',
      await customerForm(t.dataSource, {
        nps: 2,
        csat: 2,
        likert: 2,
        comment: 'Deliveries were late three weeks in a row and nobody told us why.',
      }),
      6,
    );
    await answers(
      'ola@harbour.test',
      'Ola Berg',
      await customerForm(t.dataSource, { nps: 8, csat: 1 }),
      0,
    );
    await t.app.get(FollowUpOpener).openPending({ cycleId: org.cycleId });
    [{ id: followUpId }] = await t.dataSource.query(
      `SELECT f.id FROM follow_ups f JOIN contacts c ON c.id = f.contact_id WHERE c.email = 'sam@harbour.test'`,
    );
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

  async function asUser(
    who: { email: string; password: string },
    viewport: { width: number; height: number },
    run: (page: Page) => Promise<void>,
  ) {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      await browserSignIn(page, baseUrl, who.email, who.password);
      await run(page);
    } finally {
      await context.close();
    }
  }

  const visit = async (page: Page, path: string, heading: string | RegExp) => {
    const res = await page.goto(`${baseUrl}${path}`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toMatch(heading);
  };

  it('follow-up list and follow-up page, desktop and phone', async () => {
    for (const [viewport, size] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      await asUser(manager, viewport, async (page) => {
        await visit(page, '/follow-ups', 'Customer follow-ups');
        await expect(page.locator('tbody tr').count()).resolves.toBe(2);
        await expect(page.locator('.tag.overdue').count()).resolves.toBe(1);
        await expectAccessible(page, `follow-ups-list-${size}`);

        await visit(page, `/follow-ups/${followUpId}`, 'Harbour Logistics');
        await expect(page.getByText('Deliveries were late three weeks').isVisible()).resolves.toBe(
          true,
        );
        await expectAccessible(page, `follow-up-${size}`);
      });
    }
  });

  it('follow-up steps in the browser, with the error state checked too', async () => {
    await asUser(manager, DESKTOP, async (page) => {
      await visit(page, `/follow-ups/${followUpId}`, 'Harbour Logistics');
      await page.selectOption('#assigneeId', { index: 1 });
      await Promise.all([
        page.waitForURL(`**/follow-ups/${followUpId}`),
        page.click('button:has-text("Assign")'),
      ]);
      await expect(page.locator('.flash').textContent()).resolves.toContain('Assigned.');

      await Promise.all([page.waitForURL('**/resolve'), page.click('button:has-text("Resolve")')]);
      await expect(page.locator('#resolution').getAttribute('aria-invalid')).resolves.toBe('true');
      await expectAccessible(page, 'follow-up-resolve-error');

      await page.fill('#resolution', 'Called Sam, agreed a fixed delivery slot.');
      await page.check('#sendHeardYou');
      await page.fill('#message', 'Thank you for telling us.');
      await Promise.all([
        page.waitForURL(`**/follow-ups/${followUpId}`),
        page.click('button:has-text("Resolve")'),
      ]);
      await expect(page.locator('.flash').textContent()).resolves.toContain('Resolved.');
      await expectAccessible(page, 'follow-up-resolved');
    });
  });

  it('action plan form, plan page and coverage', async () => {
    await asUser(manager, DESKTOP, async (page) => {
      await visit(page, `/action-plans?cycle=${org.cycleId}`, 'Team action plans');
      await expectAccessible(page, 'plans-manager');
      await Promise.all([
        page.waitForURL('**/action-plans/new?**'),
        page.click(`a[href="/action-plans/new?cycle=${org.cycleId}&unit=${org.bigId}"]`),
      ]);
      await expect(page.locator('h1').textContent()).resolves.toContain('Action plan for');
      await expectAccessible(page, 'plan-form');

      await page.fill('#what1', 'Fix the laptop queue');
      await Promise.all([
        page.waitForURL(`${baseUrl}/action-plans`),
        page.click('button:has-text("Save the plan")'),
      ]);
      await expect(page.locator('#owner1').getAttribute('aria-invalid')).resolves.toBe('true');
      await expectAccessible(page, 'plan-form-errors');

      const soon = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
      await page.fill('#owner1', 'Priya Natarajan');
      await page.fill('#dueOn1', soon);
      await page.selectOption('#dimension1', 'enablement');
      await page.fill('#what2', 'Monthly process clinic with the whole team');
      await page.fill('#owner2', 'Tom Reyes');
      await page.fill('#dueOn2', soon);
      await Promise.all([
        page.waitForURL(/\/action-plans\/[0-9a-f-]{36}$/),
        page.click('button:has-text("Save the plan")'),
      ]);
      await expectAccessible(page, 'plan');
    });
    for (const [viewport, size] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const)
      await asUser(hr, viewport, async (page) => {
        await visit(page, `/action-plans?cycle=${org.cycleId}`, 'Team action plans');
        await expect(page.getByText('Results hidden').count()).resolves.toBe(2);
        await expectAccessible(page, `plans-coverage-${size}`);
      });
  });

  it('"does it matter?" page', async () => {
    for (const [viewport, size] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const)
      await asUser(hr, viewport, async (page) => {
        await visit(page, '/follow-through/impact', 'Does following through matter?');
        await expect(page.locator('table.impact-table').count()).resolves.toBe(1);
        await expect(
          page.getByText('No unit has completed an action plan yet').isVisible(),
        ).resolves.toBe(true);
        await expectAccessible(page, `impact-${size}`);
      });
  });

  it('the linkage report carries the comparison as its own section', async () => {
    await asUser(hr, DESKTOP, async (page) => {
      const res = await page.goto(`${baseUrl}/reports/linkage`);
      expect(res?.status()).toBe(200);
      const section = page.locator('#follow-through-impact');
      await expect(section.locator('h2').textContent()).resolves.toBe(
        'Does following through matter?',
      );
      await expect(section.locator('table.impact-table').count()).resolves.toBe(1);
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await section.screenshot({ path: join(SCREENSHOT_DIR, 'impact-in-linkage-report.png') });
      await expectAccessible(page, 'linkage-report-with-impact');
    });
  });
});

import type { Browser } from 'playwright-core';
import {
  answersFor,
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  insertUnit,
  questionKeys,
  seededRandom,
  SeededUnit,
} from './fixtures/analytics-import/seed';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, signedInAgent, TestApp } from './support/test-app';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

describe('Report pages before there is enough data', () => {
  let t: TestApp;
  let executive: Agent;
  let root: SeededUnit;

  beforeAll(async () => {
    t = await createTestApp();
    executive = (await signedInAgent(t, 'executive')).agent;
    root = await insertUnit(t.dataSource, 'Only branch');
  });

  afterAll(async () => {
    await t.close();
  });

  it('says that no cycle has responses yet', async () => {
    const index = (await executive.get('/reports').expect(200)).text;
    expect(index).toContain('No cycle has responses yet');
    const range = (await executive.get('/reports/linkage').expect(200)).text;
    expect(range).toContain('Not enough data yet for a verdict.');
    expect(range).toContain('No cycle has responses yet');
    expect(range).not.toMatch(/NaN|Infinity|undefined/);
    const unit = (await executive.get(`/reports/units/${root.id}`).expect(200)).text;
    expect(unit).toContain(
      'No cycle has responses yet, so there is nothing to show for Only branch',
    );
  });

  it('says what is missing when one cycle has too few units', async () => {
    const random = seededRandom(3);
    const employee = await questionKeys(t.dataSource, 'employee');
    const customer = await questionKeys(t.dataSource, 'customer');
    const cycle = await insertCycle(t.dataSource, '2025-Q1', '2025-01-01', '2025-03-31');
    const second = await insertUnit(t.dataSource, 'Second branch');
    for (const unit of [root, second]) {
      await insertEmployeeResponses(
        t.dataSource,
        cycle,
        unit.id,
        Array.from({ length: 6 }, () => answersFor(employee, 0, random)),
      );
      await insertCustomerResponses(
        t.dataSource,
        cycle,
        unit.id,
        Array.from({ length: 6 }, () => answersFor(customer, 0, random)),
      );
    }
    const html = (await executive.get(`/reports/cycles/${cycle}`).expect(200)).text;
    expect(html).toContain('Not enough data yet for a verdict.');
    expect(html).toContain('2 units do so far, and at least 4 are needed');
    expect(html).toContain('Which comes first needs two cycles; this report has one so far.');
    expect(html).toContain('Trends appear from the second cycle on.');
    expect(html).toContain('No invitations went out through Tandem for this cycle');
    expect(html).toContain('No comments on this question.');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  describe('in a browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('reads well and passes axe on the not-enough-data report', async () => {
      const base = await listen(t);
      const user = await createUser(t, 'executive');
      const page = await browser.newPage({ viewport: DESKTOP });
      await browserSignIn(page, base, user.email, user.password);
      await page.goto(`${base}/reports/linkage`);
      expect(await page.locator('.verdict .headline').textContent()).toBe(
        'Not enough data yet for a verdict.',
      );
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'reports-linkage-not-enough-data');
      await page.close();
    });
  });
});

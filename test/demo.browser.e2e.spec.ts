import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  docsScreenshot,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import {
  createTestApp,
  createUser,
  csrfFrom,
  listen,
  signedInAgent,
  TestApp,
} from './support/test-app';

/** The first run: an empty dashboard, the "load demo data" button, its progress, the result. */
describe('First run and the demo button in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'true', COMPANY_NAME: 'Harbor & Pine Bank' });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    const admin = await createUser(t, 'admin');
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    await browserSignIn(page, baseUrl, admin.email, admin.password);
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(name: string): Promise<void> {
    await screenshot(page, name);
    expect(await axeViolations(page)).toEqual([]);
  }

  it('lets only HR and administrators reach the demo loader', async () => {
    const executive = await signedInAgent(t, 'executive');
    expect((await executive.agent.get('/admin/demo')).status).toBe(403);
    const post = executive.agent.post('/admin/demo').type('form');
    expect((await post.send({ _csrf: executive.csrf })).status).toBe(403);
    const home = await executive.agent.get('/').expect(200);
    expect(home.text).toContain('Three steps to your first linkage report');
    expect(home.text).not.toContain('href="/admin/demo"');
    const { agent } = await signedInAgent(t, 'hr');
    expect((await agent.post('/admin/demo').type('form').send({})).status).toBe(403);
    expect(await t.dataSource.query(`SELECT id FROM demo_runs`)).toEqual([]);
  });

  it('explains the three first steps on the empty dashboard, with the demo offered', async () => {
    await page.goto(`${baseUrl}/`);
    expect(await page.textContent('h1')).toBe('Dashboard');
    expect(await page.textContent('#steps')).toBe('Three steps to your first linkage report');
    for (const [name, href] of [
      ['Open the directory', '/admin/units'],
      ['Plan a cycle', '/admin/cycles'],
      ['Open reports', '/reports'],
    ])
      expect(await page.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(href);
    await expectAccessible('dashboard-empty-desktop');
    await docsScreenshot(page, 'dashboard-empty');
    const phone = await browser.newContext({
      viewport: PHONE,
      storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${baseUrl}/`);
    await screenshot(small, 'dashboard-empty-phone');
    expect(await axeViolations(small)).toEqual([]);
    await phone.close();
  });

  it('shows a waiting load with its progress, refreshing itself, and says when no worker came', async () => {
    // A run queued long ago whose job never ran: what a page looks like before and during work.
    const [run] = await t.dataSource.query(
      `INSERT INTO demo_runs (seed, phase, done, total, created_at)
       VALUES ('42', 'Waiting to start', 0, 12, now() - interval '16 minutes') RETURNING id`,
    );
    const response = await page.goto(`${baseUrl}/admin/demo/runs/${run.id}`);
    expect(response?.headers().refresh).toBe('2');
    expect(await page.textContent('h1')).toBe('Loading the demo company');
    expect(await page.getAttribute('progress', 'max')).toBe('12');
    expect(await page.textContent('main')).toContain('Nothing has picked up this job yet.');
    await expectAccessible('demo-progress-waiting');
    await t.dataSource.query(
      `UPDATE demo_runs SET status = 'failed', phase = 'Failed', message = 'Abandoned.' WHERE id = $1`,
      [run.id],
    );
    const failed = await page.goto(`${baseUrl}/admin/demo/runs/${run.id}`);
    expect(failed?.headers().refresh).toBeUndefined();
    expect(await page.textContent('[role=alert]')).toBe('Abandoned.');
    await expectAccessible('demo-progress-failed');
  });

  it('asks for confirmation, then loads the demo as a job with its progress shown', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Load demo data…' }).click();
    await page.waitForURL(`${baseUrl}/admin/demo`);
    expect(await page.textContent('h1')).toBe('Load the demo company?');
    await expectAccessible('demo-confirm');
    await docsScreenshot(page, 'demo-confirm');

    await page.getByRole('button', { name: 'Load demo data' }).click();
    await page.waitForURL(/\/admin\/demo\/runs\/[0-9a-f-]{36}$/);
    // The Refresh header reloads the page until the job is done.
    await page.waitForFunction(
      () => document.querySelector('h1')?.textContent === 'The demo company is ready',
      undefined,
      { timeout: 90_000, polling: 500 },
    );
    expect(await page.textContent('[role=status]')).toMatch(/^Loaded in \d+\.\d seconds:/);
    await expectAccessible('demo-done');
    const [run] = await t.dataSource.query(
      `SELECT status, done, total FROM demo_runs WHERE status <> 'failed'`,
    );
    expect(run).toMatchObject({ status: 'done' });
    expect(run.done).toBe(run.total);
  }, 120_000);

  it('shows counts and the latest report on the dashboard once there is data', async () => {
    await page.goto(`${baseUrl}/`);
    const counts = await page.locator('.counts li').allTextContents();
    expect(counts.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^120 active units$/),
      expect.stringMatching(/^2,[3-6]\d\d active employees$/),
      expect.stringMatching(/^\d{3} customer accounts$/),
      expect.stringMatching(/^[23],\d{3} subscribed contacts$/),
    ]);
    expect(await page.textContent('#open-cycles + p')).toContain('No cycle is open right now.');
    const report = page.getByRole('link', { name: /^Read the \d{4}-Q\d linkage report$/ });
    expect(await report.getAttribute('href')).toMatch(/^\/reports\/cycles\/[0-9a-f-]{36}$/);
    await expectAccessible('dashboard-with-demo');
    await docsScreenshot(page, 'dashboard-demo');
    await report.click();
    await page.waitForURL(/\/reports\/cycles\//);
    expect(await page.textContent('h1')).toBe('Do engaged teams have happier customers here?');
    await docsScreenshot(page, 'demo-report');
    await page.locator('#lag-heading').scrollIntoViewIfNeeded();
    await docsScreenshot(page, 'demo-report-lag');
  });

  it('refuses a second load, explaining why, and does not offer the button', async () => {
    await page.goto(`${baseUrl}/admin/demo`);
    expect(await page.textContent('main')).toContain('can only be loaded into an empty Tandem');
    expect(await page.getByRole('button', { name: 'Load demo data' }).count()).toBe(0);
    await expectAccessible('demo-confirm-not-empty');
    const { agent } = await signedInAgent(t, 'hr');
    const form = await agent.get('/admin/demo').expect(200);
    const refused = await agent
      .post('/admin/demo')
      .type('form')
      .send({ _csrf: csrfFrom(form.text) });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Nothing was changed.');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM demo_runs WHERE status = 'done'`,
    );
    expect(n).toBe(1);
  });

  it("shows a branch manager their own branch's counts and no demo loader", async () => {
    const [branch] = await t.dataSource.query(
      `SELECT u.id, count(e.id)::int AS employees FROM units u JOIN employees e ON e.unit_id = u.id
        WHERE u.external_id = 'demo-b001' AND (e.exit_date IS NULL OR e.exit_date > current_date)
        GROUP BY u.id`,
    );
    const { agent } = await signedInAgent(t, 'manager', branch.id);
    expect((await agent.get('/admin/demo')).status).toBe(403);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Your units at a glance');
    expect(home.text).toContain(`<strong>${branch.employees}</strong> active employees`);
    expect(home.text).toContain('<strong>1</strong> active units');
  });
});

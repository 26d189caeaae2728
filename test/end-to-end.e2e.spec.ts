import { Browser, Page } from 'playwright-core';
import { CYCLE_QUEUES, RemindJob } from '../src/cycles/cycle-jobs';
import { JobQueue } from '../src/jobs/job-queue.service';
import {
  browserSignIn,
  DESKTOP,
  docsScreenshot,
  launchBrowser,
  screenshot,
} from './support/browser';
import { ReceivedMail, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { jobsSettled } from './support/jobs';
import { createTestApp, createUser, csrfFrom, listen, signIn, TestApp } from './support/test-app';

/**
 * The cycle closes (by its own job) this long after it is created, and everything else happens
 * before: five times what loading the demo took (about 3 s on a quiet 2-core machine, where the
 * steps in between take about 7 s), at least 20 s and at most 60 s. A fixed 45 s left the file
 * waiting half a minute on a quiet machine; a busy one loads the demo more slowly too.
 */
const closeAfterMs = (demoLoadMs: number) => Math.min(60_000, Math.max(20_000, 5 * demoLoadMs));
/** Share of the mailed people who answer through HTTP. */
const SAMPLE = 0.6;

type Agent = ReturnType<TestApp['agent']>;

/** Radio groups of a survey form: field name → the values offered, in order. */
function radioGroups(html: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const m of html.matchAll(/<input type="radio" id="[^"]*" name="(q_[^"]+)" value="([^"]*)"/g))
    groups.set(m[1], [...(groups.get(m[1]) ?? []), m[2]]);
  return groups;
}

/**
 * One story through the real application, as its people would live it: HR loads the demo
 * company from the dashboard, launches a paired cycle over three branches from the cycle pages,
 * the invitations leave through SMTP (a sink on loopback), people answer from the links in
 * those mails (most through plain HTTP, one of each kind in Chromium), the reminder job writes
 * to those who have not answered, the close job ends the cycle, and the report is read.
 * Nothing is written to the database by the test.
 */
describe('Tandem end to end on the demo company', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  let hr: Agent;
  let hrUser: { email: string; password: string };
  let cycleId: string;
  let cycleLabel: string;
  let createdAt: number;
  let closesAt: number;
  let demoLoadMs = Infinity;
  let invited: { employees: number; contacts: number };
  let firstWave: ReceivedMail[];
  let employeeMails: ReceivedMail[];
  const answered = new Set<string>();
  let answeredEmployees = 0;
  let answeredCustomers = 0;
  let ip = 0;

  const isEmployee = (mail: ReceivedMail) => mail.to.endsWith('@harborpine.example');
  const respondent = () => `10.0.${Math.floor(++ip / 250)}.${ip % 250}`;

  /** Fills every question with a plausible answer, posts the form, expects the thank-you page. */
  async function answerThroughHttp(mail: ReceivedMail, pick: number): Promise<void> {
    const who = respondent();
    const form = await t
      .http()
      .get(`/s/${mail.surveyToken}`)
      .set('X-Forwarded-For', who)
      .expect(200);
    const body: Record<string, string> = {};
    for (const [field, values] of radioGroups(form.text)) {
      const top = values.length - 1;
      body[field] = values[Math.max(0, Math.min(top, top - ((pick + field.length) % 3)))];
    }
    const posted = await t
      .http()
      .post(`/s/${mail.surveyToken}`)
      .set('X-Forwarded-For', who)
      .type('form')
      .send(body);
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toMatch(/^\/s\/thanks\/(employee|customer)(\?lang=en)?$/);
    answered.add(mail.to);
    if (isEmployee(mail)) answeredEmployees += 1;
    else answeredCustomers += 1;
  }

  async function answerInBrowser(mail: ReceivedMail, docsName: string): Promise<void> {
    await page.goto(`${baseUrl}/s/${mail.surveyToken}`);
    await docsScreenshot(page, docsName);
    const questions = page.locator('fieldset.question');
    for (let i = 0; i < (await questions.count()); i++) {
      const choices = questions.nth(i).locator('input[type=radio]');
      await choices.nth((await choices.count()) - 2).check();
    }
    await Promise.all([
      page.waitForURL(/\/s\/thanks\/(employee|customer)(\?lang=en)?$/),
      page.click('button[type=submit]'),
    ]);
    expect(await page.textContent('h1')).toBe('Thank you');
    await screenshot(page, `end-to-end-${docsName}-thanks`);
    answered.add(mail.to);
    if (isEmployee(mail)) answeredEmployees += 1;
    else answeredCustomers += 1;
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      SMTP_URL: sink.url,
      COMPANY_NAME: 'Harbor & Pine Bank',
    });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    hrUser = await createUser(t, 'hr');
    hr = t.agent();
    await signIn(hr, hrUser.email, hrUser.password);
    page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await browserSignIn(page, baseUrl, hrUser.email, hrUser.password);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  it('HR loads the demo company from the empty dashboard', async () => {
    const home = await hr.get('/').expect(200);
    expect(home.text).toContain('href="/admin/demo"');
    const confirm = await hr.get('/admin/demo').expect(200);
    const started = await hr
      .post('/admin/demo')
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) })
      .expect(303);
    const progressUrl = started.headers.location;
    const startedAt = Date.now();
    const deadline = startedAt + 90_000;
    for (;;) {
      const progress = await hr.get(progressUrl).expect(200);
      if (progress.text.includes('The demo company is ready')) {
        demoLoadMs = Date.now() - startedAt;
        break;
      }
      expect(progress.text).not.toContain('was not loaded');
      if (Date.now() > deadline) throw new Error('the demo did not load within 90 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 120_000);

  it('HR creates a paired cycle over three branches and launches it', async () => {
    const form = await hr.get('/admin/cycles/new').expect(200);
    const option = (select: string, text: RegExp) => {
      const html = form.text.split(`id="${select}"`)[1].split('</select>')[0];
      const found = [...html.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].filter(
        (m) => text.test(m[2]),
      );
      return found.map((m) => m[1]);
    };
    const branches = option('unitIds', /^— — /).slice(0, 3);
    expect(branches).toHaveLength(3);
    const now = new Date();
    const quarter = Math.floor(now.getUTCMonth() / 3);
    cycleLabel = `${now.getUTCFullYear()}-Q${quarter + 1}`;
    createdAt = Date.now();
    closesAt = createdAt + closeAfterMs(demoLoadMs);
    const created = await hr
      .post('/admin/cycles')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        name: `${cycleLabel} pulse (three branches)`,
        periodLabel: cycleLabel,
        periodStart: new Date(Date.UTC(now.getUTCFullYear(), quarter * 3, 1))
          .toISOString()
          .slice(0, 10),
        periodEnd: now.toISOString().slice(0, 10),
        employeeSurveyId: option('employeeSurveyId', /^Employee engagement pulse$/)[0],
        customerSurveyId: option('customerSurveyId', /^Customer relationship survey$/)[0],
        unitIds: branches,
        opensAt: new Date(createdAt - 60_000).toISOString().slice(0, 19),
        closesAt: new Date(closesAt).toISOString().slice(0, 19),
        reminderDays: '1',
        recurrence: 'none',
      });
    expect(created.status).toBe(303);
    cycleId = created.headers.location.split('/').pop()!;

    const launch = await hr.get(`/admin/cycles/${cycleId}/launch`).expect(200);
    const count = (what: string) =>
      Number(
        new RegExp(`<strong>([\\d,]+)</strong> ${what}`).exec(launch.text)![1].replace(/,/g, ''),
      );
    invited = { employees: count('employees'), contacts: count('customer contacts') };
    expect(invited.employees).toBeGreaterThan(15);
    expect(invited.contacts).toBeGreaterThan(15);
    await hr
      .post(`/admin/cycles/${cycleId}/launch`)
      .type('form')
      .send({ _csrf: csrfFrom(launch.text) })
      .expect(303);
  });

  it('mails every employee and contact of those branches once, each with a personal link', async () => {
    const total = invited.employees + invited.contacts;
    await sink.waitFor(total, 60_000);
    await jobsSettled(t.dataSource);
    firstWave = [...sink.received];
    expect(firstWave).toHaveLength(total);
    expect(new Set(firstWave.map((m) => m.to)).size).toBe(total);
    employeeMails = firstWave.filter(isEmployee);
    expect(employeeMails).toHaveLength(invited.employees);
    for (const mail of firstWave) expect(mail.surveyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.goto(`${baseUrl}/admin/cycles/${cycleId}`);
    await docsScreenshot(page, 'cycle-open');
  });

  it('takes answers from most of them through the links in their mail', async () => {
    const customers = firstWave.filter((m) => !isEmployee(m));
    const sample = (mails: ReceivedMail[]) => mails.slice(1, 1 + Math.round(mails.length * SAMPLE));
    for (const [i, mail] of [...sample(employeeMails), ...sample(customers)].entries())
      await answerThroughHttp(mail, i);
    expect(answeredEmployees).toBeGreaterThan(8);
    expect(answeredCustomers).toBeGreaterThan(8);
  });

  it('takes one employee and one customer answer in Chromium', async () => {
    await answerInBrowser(employeeMails[0], 'survey-employee');
    await answerInBrowser(firstWave.filter((m) => !isEmployee(m))[0], 'survey-customer');
  });

  it('shows the open cycle and its response rates on the dashboard', async () => {
    const home = await hr.get('/').expect(200);
    const row = home.text.split(`href="/admin/cycles/${cycleId}"`)[1]?.split('</tr>')[0] ?? '';
    const percent = (answers: number, sent: number) => `${((answers / sent) * 100).toFixed(0)}%`;
    expect(row).toContain(
      `${percent(answeredEmployees, invited.employees)} <span class="hint">(${answeredEmployees} of ${invited.employees})`,
    );
    expect(row).toContain(
      `${percent(answeredCustomers, invited.contacts)} <span class="hint">(${answeredCustomers} of ${invited.contacts})`,
    );
    await page.goto(`${baseUrl}/`);
    await docsScreenshot(page, 'dashboard-open-cycle');
  });

  it('reminds by the reminder job only those who have not answered', async () => {
    const before = sink.received.length;
    // The scheduled reminder job is due a day after opening; the same job is queued now.
    await t.app.get(JobQueue).send<RemindJob>(CYCLE_QUEUES.remind, {
      data: { cycleId, round: 1 },
      key: `end-to-end-remind:${cycleId}`,
    });
    const expected = firstWave.map((m) => m.to).filter((to) => !answered.has(to));
    await sink.waitFor(before + expected.length, 60_000);
    await jobsSettled(t.dataSource);
    const reminders = sink.received.slice(before);
    expect(reminders.map((m) => m.to).sort()).toEqual(expected.sort());
    for (const mail of reminders) expect(mail.subject).toMatch(/^Reminder/);
    // A reminder's own link works too.
    await answerThroughHttp(
      reminders.find((m) => !isEmployee(m))!,
      7,
    );
  }, 90_000);

  it('closes the cycle by its close job at the closing time, and the links stop working', async () => {
    const left = closesAt - Date.now();
    expect(left).toBeGreaterThan(5_000); // everything above happened while the cycle was open
    const deadline = Date.now() + left + 30_000;
    for (;;) {
      const show = await hr.get(`/admin/cycles/${cycleId}`).expect(200);
      if (/class="tag status-closed"/.test(show.text)) break;
      if (Date.now() > deadline) throw new Error('the close job did not close the cycle');
      await new Promise((r) => setTimeout(r, 250));
    }
    const unanswered = firstWave.find((m) => !answered.has(m.to))!;
    const dead = await t.http().get(`/s/${unanswered.surveyToken}`);
    expect(dead.status).toBe(404); // like an unknown link: it tells nothing about its person
    expect(dead.text).toContain('This survey link cannot be used');
    const status = await hr.get(`/api/v1/cycles/${cycleId}/status`).expect(200);
    expect(status.body.employee).toMatchObject({
      sent: invited.employees,
      answered: answeredEmployees,
    });
    expect(status.body.customer).toMatchObject({
      sent: invited.contacts,
      answered: answeredCustomers,
    });
  }, 200_000);

  it("reads the closed cycle's report, with its response rates and units", async () => {
    const report = await hr.get(`/reports/cycles/${cycleId}`).expect(200);
    expect(report.text).toContain('Do engaged teams have happier customers here?');
    expect(report.text).toContain(cycleLabel);
    expect(report.text).toContain(
      `of employees answered (${answeredEmployees} of ${invited.employees})`,
    );
    expect(report.text).toContain(
      `of customers answered (${answeredCustomers} of ${invited.contacts})`,
    );
    const home = await hr.get('/').expect(200);
    expect(home.text).toContain(`href="/reports/cycles/${cycleId}"`);
    await page.goto(`${baseUrl}/reports/cycles/${cycleId}`);
    await screenshot(page, 'end-to-end-report');
    await docsScreenshot(page, 'cycle-report');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { HistoricalImportService } from '../src/analytics/historical-import.service';
import { findCommand } from '../src/cli/main';
import { insertUnit, questionKeys, SeededUnit } from './fixtures/analytics-import/seed';
import { csvLine, HEADER, wavesCsv } from './fixtures/analytics-import/waves';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
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
import { tempDir } from './support/temp-dir';

const WAVES = [
  { label: '2024-H1', start: '2024-01-01', end: '2024-06-30' },
  { label: '2024-H2', start: '2024-07-01', end: '2024-12-31' },
];

describe('Historical response import', () => {
  let t: TestApp;
  const units: SeededUnit[] = [];
  let validCsv: string;

  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM cycles)::int AS cycles,
              (SELECT count(*) FROM employee_responses)::int AS employee,
              (SELECT count(*) FROM customer_responses)::int AS customer,
              (SELECT count(*) FROM unit_cycle_stats)::int AS stats`,
    );
    return row as { cycles: number; employee: number; customer: number; stats: number };
  };

  /** Uploads on the page; answers the preview page it redirects to. */
  const upload = async (csv: string, name = 'waves.csv') => {
    const { agent, csrf } = await signedInAgent(t, 'hr');
    const posted = await agent
      .post(`/admin/import/responses?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', Buffer.from(csv), name);
    expect(posted.status).toBe(303);
    const preview = await agent.get(posted.headers.location).expect(200);
    const importNow = () =>
      agent
        .post(posted.headers.location)
        .type('form')
        .send({ _csrf: csrfFrom(preview.text), action: 'import' });
    return { preview, importNow };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const root = await insertUnit(t.dataSource, 'Company');
    for (let i = 1; i <= 10; i++) units.push(await insertUnit(t.dataSource, `Branch ${i}`, root));
    validCsv = wavesCsv({
      units: units.map((u) => u.externalId),
      waves: WAVES,
      employeeQuestions: await questionKeys(t.dataSource, 'employee'),
      customerQuestions: await questionKeys(t.dataSource, 'customer'),
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('reports each bad row by line and column and imports nothing', async () => {
    const before = await counts();
    const unit = units[0].externalId;
    const row = (cells: (string | number)[]) => csvLine(cells);
    const csv = [
      validCsv.trimEnd(),
      row(['2024-H2', '2024-07-01', '2024-12-31', 'employee', unit, 'X1', 'no_such_key', 3]),
      row(['2024-H2', '2024-07-01', '2024-12-31', 'employee', unit, 'X2', 'eng_proud', 9]),
      row(['2024-H2', '2024-07-01', '2024-12-31', 'employee', 'NOPE', 'X3', 'eng_proud', 4]),
      row(['2024-H2', '2024-07-31', '2024-12-31', 'customer', unit, 'X4', 'nps', 10]),
      row(['2024-H3', '2025-01-01', '2025-13-01', 'supplier', unit, 'X5', 'nps', 10]),
    ].join('\n');
    const first = validCsv.trimEnd().split('\n').length + 1;

    const { preview, importNow } = await upload(csv);
    expect(preview.text).toContain('Nothing will be imported until every one is fixed');
    const res = await importNow();
    expect(res.status).toBe(422);
    expect(res.text).toContain('nothing was imported');
    const result = await t.app.get(HistoricalImportService).importCsv(csv);
    expect(result.imported).toBe(false);
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [first, 'question_key'],
      [first + 1, 'value'],
      [first + 2, 'unit_external_id'],
      [first + 3, 'period_start'],
      [first + 4, 'period_end'],
      [first + 4, 'respondent_type'],
    ]);
    expect(result.errors[1].message).toMatch(/whole number from 1 to 5/);
    expect(await counts()).toEqual(before);
  });

  it('refuses an identity column on employee rows', async () => {
    const csv = [
      csvLine([...HEADER, 'email']),
      csvLine([
        '2024-H1',
        '2024-01-01',
        '2024-06-30',
        'employee',
        units[0].externalId,
        'R1',
        'eng_proud',
        4,
        'a@example.test',
      ]),
    ].join('\n');
    const result = await t.app.get(HistoricalImportService).importCsv(csv);
    expect(result.imported).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 1, column: 'email' });
    expect(result.errors[0].message).toMatch(/without identity/);
  });

  it('imports two past waves and the linkage API shows a cross-lagged result', async () => {
    const { preview, importNow } = await upload(validCsv);
    expect(preview.text).toContain('Import 160 employee and 120 customer responses');
    const res = await importNow();
    expect(res.status).toBe(200);
    expect(res.text).toContain('Imported 160 employee and 120 customer responses');
    const cycles = await t.dataSource.query(
      `SELECT period_label AS label, status, imported FROM cycles ORDER BY period_start`,
    );
    expect(cycles).toEqual([
      { label: '2024-H1', status: 'closed', imported: true },
      { label: '2024-H2', status: 'closed', imported: true },
    ]);
    expect((await counts()).stats).toBeGreaterThan(0);
    const [anonymous] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM employee_responses WHERE submitted_on = '2024-06-30'`,
    );
    expect(anonymous.n).toBe(80);

    const { agent } = await signedInAgent(t, 'executive');
    const { body } = await agent
      .get('/api/v1/linkage')
      .query({ from: '2024-H1', to: '2024-H2' })
      .expect(200);
    expect(body.cycles.map((c: { label: string }) => c.label)).toEqual(['2024-H1', '2024-H2']);
    expect(body.analysis.crossLagged.status).toBe('ok');
    const lag = body.analysis.crossLagged.comparisons.find(
      (c: { employeeMeasure: string }) => c.employeeMeasure === 'engagement',
    );
    expect(lag.result.status).toBe('ok');
    expect(lag.result.n).toBe(10);
    expect(lag.result.employeeLeads.r).toBeGreaterThan(lag.result.customerLeads.r);
    expect(typeof lag.result.sentence).toBe('string');
  });

  it('refuses to import the same wave twice', async () => {
    const before = await counts();
    const result = await t.app.get(HistoricalImportService).importCsv(validCsv);
    expect(result.imported).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 2, column: 'respondent_type' });
    expect(result.errors[0].message).toMatch(/count them twice/);
    expect(await counts()).toEqual(before);
  });

  it('runs as `npm run cli -- import:responses <file>`, printing line errors and exit codes', async () => {
    const command = findCommand('import:responses')!;
    const dir = tempDir('import');
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        csvLine(HEADER),
        csvLine(['2023-Q4', '2023-10-01', '2023-12-31', 'employee', 'NOPE', 'R1', 'eng_proud', 4]),
      ].join('\n'),
    );
    let printed = '';
    const out = { write: (text: string) => ((printed += text), true) };
    expect(await command.run([bad], t.app, out)).toBe(1);
    expect(printed).toContain(
      'line 2, column unit_external_id: No unit has this external id. (NOPE)',
    );

    const good = join(dir, 'good.csv');
    const unit = units[0].externalId;
    writeFileSync(
      good,
      [
        csvLine(HEADER),
        csvLine(['2023-Q4', '2023-10-01', '2023-12-31', 'customer', unit, 'C1', 'nps', 9]),
        csvLine(['2023-Q4', '2023-10-01', '2023-12-31', 'customer', unit, 'C1', 'csat', 5]),
      ].join('\n'),
    );
    printed = '';
    expect(await command.run([good], t.app, out)).toBe(0);
    expect(printed).toContain('Imported 0 employee and 1 customer responses from 2 rows.');
    expect(await command.run([], t.app, out)).toBe(2);
  });

  it('lets only admins and HR upload', async () => {
    const { agent } = await signedInAgent(t, 'executive');
    await agent.get('/admin/import/responses').expect(403);
  });

  describe('upload page in a browser', () => {
    let browser: Browser;
    let baseUrl: string;

    beforeAll(async () => {
      baseUrl = await listen(t);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser.close();
    });

    it('has no accessibility violations, empty or showing line errors', async () => {
      const user = await createUser(t, 'admin');
      const page = await browser.newPage({ viewport: PHONE });
      await browserSignIn(page, baseUrl, user.email, user.password);
      await page.goto(`${baseUrl}/admin/import/responses`);
      expect(await page.textContent('main')).toContain('eng_proud');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'analytics-import-empty');

      await page.click('main form button[type=submit]:has-text("Upload and preview")');
      await page.waitForSelector('#file-error');
      expect(await page.getAttribute('#file', 'aria-invalid')).toBe('true');
      expect(await axeViolations(page)).toEqual([]);

      await page.setInputFiles('#file', {
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          [
            csvLine(HEADER),
            csvLine([
              '2023-Q4',
              '2023-10-01',
              '2023-12-31',
              'employee',
              'NOPE',
              'R1',
              'eng_proud',
              7,
            ]),
          ].join('\n'),
        ),
      });
      await page.click('main form button[type=submit]:has-text("Upload and preview")');
      await page.waitForSelector('text=Problems by line and column');
      expect(await page.textContent('main')).toContain('No unit has this external id');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'analytics-import-errors');
      await page.close();
    });

    it('previews and edits the mapping of a wide file at 390 and 1280 px, then imports it', async () => {
      const user = await createUser(t, 'hr');
      const page = await browser.newPage({ viewport: DESKTOP });
      await browserSignIn(page, baseUrl, user.email, user.password);
      await page.goto(`${baseUrl}/admin/import/responses`);
      const unit = units[2].externalId;
      const wide = [
        'cycle_label,period_start,period_end,respondent_type,unit_external_id,Q1 Recommend,nps,csat,Account manager',
        ...[9, 7, 10].map((score, i) =>
          csvLine([
            '2022-Q4',
            '2022-10-01',
            '2022-12-31',
            'customer',
            unit,
            '',
            score,
            4,
            `AM${i}`,
          ]),
        ),
      ].join('\n');
      await page.setInputFiles('#file', {
        name: 'old-tool.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(wide),
      });
      await page.click('main form button[type=submit]:has-text("Upload and preview")');
      await page.waitForSelector('text=Columns in the file (Customer rows)');
      const main = () => page.textContent('main').then((text) => text ?? '');
      expect(await main()).toContain('matches no item of the customer survey');
      expect(await main()).toContain('Required item "trust_promises"');
      expect(await main()).toContain('9, 7, 10');
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `analytics-import-mapping-errors-${viewport.width}`);
      }

      // Ignore the account-manager column and say the waves asked only NPS and CSAT.
      await page.selectOption('select[name="customer.item.2"]', '-');
      for (const key of [
        'trust_promises',
        'respect_listens',
        'responsiveness_proactive',
        'respect_needs',
        'effort_details',
        'trust_knowledge',
        'trust_honest',
      ])
        await page.check(`#customer-not-asked-${key}`);
      await page.click('button[value=check]');
      await page.waitForSelector('button[value=import]');
      expect(await main()).not.toContain('problem(s)');
      expect(await page.inputValue('select[name="customer.item.2"]')).toBe('-');
      expect(await page.isChecked('#customer-not-asked-trust_honest')).toBe(true);
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `analytics-import-mapping-${viewport.width}`);
      }

      await page.click('button[value=import]');
      await page.waitForSelector('text=Cycles in this file');
      expect(await main()).toContain('Imported 0 employee and 3 customer responses');
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
      const [stored] = await t.dataSource.query(
        `SELECT r.answers FROM customer_responses r JOIN cycles c ON c.id = r.cycle_id
          WHERE c.period_label = '2022-Q4' ORDER BY r.answers->>'nps' LIMIT 1`,
      );
      expect(stored.answers).toEqual({ nps: 10, csat: 4 });
    });
  });
});

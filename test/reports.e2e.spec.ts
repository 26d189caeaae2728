import { parse } from 'csv-parse/sync';
import { UnitStatsService } from '../src/analytics/unit-stats.service';
import { LinkageService } from '../src/analytics/linkage.service';
import { reportCommand } from '../src/cli/report.command';
import { Metrics } from '../src/metrics/metrics.service';
import { ReportCache } from '../src/reports/report-cache';
import { ReportWarmer } from '../src/reports/report-warmer';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { inviteEmployee } from './support/respond-factories';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';
import {
  answersFor,
  insertEmployeeResponses,
  questionKeys,
  seededRandom,
} from './fixtures/analytics-import/seed';
import {
  FORMULA_COMMENT,
  FORMULA_UNIT,
  ReportWorld,
  SCRIPT_COMMENT,
  seedReportWorld,
} from './reports.fixtures';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

const csvRows = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('Report pages', () => {
  let t: TestApp;
  let world: ReportWorld;
  let executive: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReportWorld(t.dataSource);
    executive = (await signedInAgent(t, 'executive')).agent;
  });

  afterAll(async () => {
    await t.close();
  });

  /** Every way the Kiosk's engagement could be printed. */
  const kioskSpellings = () => {
    const v = world.kioskEngagement;
    return [v.toFixed(0), v.toFixed(1), String(Math.round(v * 1e6) / 1e6)].filter(
      (s) => s.length > 1,
    );
  };

  it('sends a visitor without a session to the login page', async () => {
    for (const path of [
      '/reports',
      '/reports/linkage',
      `/reports/cycles/${world.latest}`,
      '/reports/linkage/units.csv',
    ]) {
      const res = await t.http().get(path);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('gives a survey token no access to reports', async () => {
    const invited = await inviteEmployee(t.dataSource, world.latest, world.branches[0].id);
    const agent = t.agent();
    await agent.get(`/s/${invited.token}`);
    const page = await agent.get('/reports');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    const api = await t
      .http()
      .get('/api/v1/reports/linkage')
      .set('Authorization', `Bearer ${invited.token}`);
    expect(api.status).toBe(401);
  });

  it('lists the cycles with links to their reports', async () => {
    const res = await executive.get('/reports').expect(200);
    for (const cycle of world.cycles) expect(res.text).toContain(`/reports/cycles/${cycle.id}`);
    expect(res.text).toContain('href="/reports/linkage"');
    expect(res.text).toContain(`/reports/units/${world.retail.id}`);
  });

  it('opens the cross-cycle report with the verdict first, in plain words', async () => {
    const res = await executive.get('/reports/linkage').expect(200);
    const html = res.text;
    const headline = (/<p class="headline">([^<]+)<\/p>/.exec(html)?.[1] ?? '').replace(
      /&#x3D;/g,
      '=',
    );
    expect(headline).toMatch(
      // One decision table: a strength word only where the interval supports it, which 14 units rarely do.
      /^(Units with more engaged teams had (more|less) loyal customers \((higher|lower) NPS\): ((small|moderate|strong) link|a link of uncertain size), |No clear link between engagement and NPS across units: |Engagement and NPS were not meaningfully linked across units: negligible link, )r = [.\d−]+ \[[.\d−]+, [.\d−]+\], 14 units[;.]/,
    );
    expect(html.indexOf('class="headline"')).toBeLessThan(html.indexOf('id="scatter"'));
    for (const id of [
      'scatter',
      'cross-lagged',
      'turnover',
      'drivers',
      'heatmap',
      'trends',
      'response-rates',
      'comments',
    ])
      expect(html).toMatch(new RegExp(`id=["']${id}["']`));
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(html).toContain('<svg role="img"');
  });

  it('compares the metric pair chosen in the form', async () => {
    const res = await executive
      .get('/reports/linkage?employeeMetric=enps&customerMetric=csat')
      .expect(200);
    expect(res.text).toMatch(/<option value="enps" selected>/);
    expect(res.text).toMatch(/<p class="headline">[^<]*(eNPS|eNPS)[^<]*<\/p>/);
    const bad = await executive.get('/reports/linkage?employeeMetric=height');
    expect(bad.status).toBe(422);
  });

  it('marks the small unit and its complement hidden in the page, never their figures', async () => {
    const html = (await executive.get(`/reports/cycles/${world.latest}`).expect(200)).text;
    const kioskRow = new RegExp(`<th scope="row"[^>]*>Kiosk</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
    expect(kioskRow).toContain('hidden');
    const outletRow =
      new RegExp(`<th scope="row"[^>]*>Outlet</th>(.*?)</tr>`).exec(html)?.[1] ?? '';
    expect(outletRow).toContain('hidden');
    for (const spelling of kioskSpellings()) expect(kioskRow).not.toContain(spelling);
  });

  it('keeps the hidden unit out of reach of subtraction in the CSV', async () => {
    const res = await executive.get(`/reports/cycles/${world.latest}/heatmap.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = csvRows(res.text);
    const col = header.indexOf('Engagement index');
    const responsesCol = header.indexOf('Employee responses');
    const row = (name: string) => rows.find((r) => r[0] === name)!;
    expect(row('Kiosk')[col]).toMatch(/^hidden: Fewer than 5 responses/);
    expect(row('Outlet')[col]).toMatch(/^hidden: Hidden so that a smaller group/);
    const retail = row('Retail');
    const store = row('Store');
    expect(retail[col]).not.toMatch(/hidden/);
    // The attack: Retail's total minus its only visible child leaves Kiosk and Outlet together.
    const residualN = Number(retail[responsesCol]) - Number(store[responsesCol]);
    const residual =
      (Number(retail[col]) * Number(retail[responsesCol]) -
        Number(store[col]) * Number(store[responsesCol])) /
      residualN;
    expect(residualN).toBe(9);
    expect(Math.abs(residual - world.kioskEngagement)).toBeGreaterThan(1);
    for (const spelling of kioskSpellings()) expect(row('Kiosk').join(',')).not.toContain(spelling);
  });

  it('keeps the hidden unit hidden in the JSON API', async () => {
    const { body } = await executive.get(`/api/v1/reports/cycles/${world.latest}`).expect(200);
    const heat = body.heatmap.rows.find((r: { name: string }) => r.name === 'Kiosk');
    expect(heat.employeeHidden).toMatchObject({ hidden: true, code: 'below-threshold' });
    expect(heat.employee).toEqual({});
    const outlet = body.heatmap.rows.find((r: { name: string }) => r.name === 'Outlet');
    expect(outlet.employeeHidden).toMatchObject({ hidden: true, code: 'complementary' });
    const text = JSON.stringify(body);
    expect(text).not.toContain(String(world.kioskEngagement));
    const kioskPoint = body.linkage.units.find(
      (u: { unitId: string }) => u.unitId === world.kiosk.id,
    );
    expect(kioskPoint.employee.hidden).toBe(true);
  });

  it('neutralizes formula-like cells in every CSV', async () => {
    const units = await executive.get(`/reports/cycles/${world.latest}/units.csv`).expect(200);
    expect(csvRows(units.text).map((r) => r[0])).toContain(`'${FORMULA_UNIT}`);
    expect(units.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const comments = await executive
      .get(`/reports/cycles/${world.latest}/comments.csv`)
      .expect(200);
    const texts = csvRows(comments.text).map((r) => r[1]);
    expect(texts).toContain(`'${FORMULA_COMMENT}`);
    expect(texts).not.toContain(FORMULA_COMMENT);
    // Negative numbers stay numbers.
    const correlations = await executive.get('/reports/linkage/correlations.csv').expect(200);
    expect(correlations.text).not.toMatch(/'-\d/);
  });

  it('shows comments escaped, and only for groups with enough responses', async () => {
    const html = (await executive.get(`/reports/cycles/${world.latest}`).expect(200)).text;
    expect(html).not.toContain(SCRIPT_COMMENT);
    // The company's page shows a sample of 30 of its 130 comments, ordered by a hash of the
    // random response ids, so which of them it shows changes from run to run: it leaves out
    // every copy of this one (21 or 22 of the 130) about once in 500 runs. Camden's ten
    // comments of the cycle are fewer than a sample, so its page shows each one, this among them.
    const camden = world.branches.find((b) => b.name === 'Camden')!;
    const branch = (await executive.get(`/reports/units/${camden.id}`).expect(200)).text;
    expect(branch).not.toContain(SCRIPT_COMMENT);
    expect(branch).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; More training, please',
    );
    const kiosk = (await executive.get(`/reports/units/${world.kiosk.id}`).expect(200)).text;
    expect(kiosk).toMatch(/Comments are not shown for Kiosk/);
    expect(kiosk).not.toContain('More training on the new tills');
  });

  it('documents the reports API in OpenAPI', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/reports/cycles/{id}',
      '/api/v1/reports/linkage',
      '/api/v1/reports/units/{id}',
    ])
      expect(doc.paths[path]?.get?.responses?.['200']).toBeDefined();
    expect(doc.components.schemas.UnitDashboardDto.properties.unitFigures.description).toMatch(
      /hidden/,
    );
  });

  it('answers 404 for a table the report does not have', async () => {
    await executive.get('/reports/linkage/passwords.csv').expect(404);
  });

  describe('the report command', () => {
    const run = async (...args: string[]) => {
      let text = '';
      const code = await reportCommand.run(args, t.app, {
        write: (chunk: string | Uint8Array) => {
          text += String(chunk);
          return true;
        },
      });
      return { code, text };
    };

    it('prints the verdict, caveats and drivers in plain text', async () => {
      const { code, text } = await run();
      expect(code).toBe(0);
      expect(text).toMatch(/^Linkage report, Whole company, 2024-Q4 to 2025-Q2\n/);
      expect(text).toMatch(/Units with more engaged teams had more loyal customers/);
      expect(text).toMatch(/Correlation is not causation/);
      expect(text).toMatch(/ 1\. .+ \(r = \.\d\d, q (=|<) /);
    });

    it('writes one table as CSV, formulas neutralized', async () => {
      const { code, text } = await run('--cycle', '2025-Q2', '--format', 'csv', '--table', 'units');
      expect(code).toBe(0);
      expect(csvRows(text).map((r) => r[0])).toContain(`'${FORMULA_UNIT}`);
    });

    it('refuses a CSV without a table name', async () => {
      expect((await run('--format', 'csv')).code).toBe(2);
    });
  });

  describe('a manager', () => {
    let manager: Agent;

    beforeAll(async () => {
      manager = (await signedInAgent(t, 'manager', world.retail.id)).agent;
    });

    it('is refused a unit outside their subtree', async () => {
      const branch = world.branches[0].id;
      expect((await manager.get(`/reports/units/${branch}`)).status).toBe(403);
      expect((await manager.get(`/reports/units/${branch}/summary.csv`)).status).toBe(403);
      expect((await manager.get(`/api/v1/reports/units/${branch}`)).status).toBe(403);
    });

    it('sees their own unit against the company, with hidden groups marked', async () => {
      const res = await manager.get(`/reports/units/${world.retail.id}`).expect(200);
      expect(res.text).toContain('Whole company');
      const kioskRow = /<th scope="row"[^>]*>Kiosk<\/th>(.*?)<\/tr>/.exec(res.text)?.[1] ?? '';
      expect(kioskRow).toContain('hidden');
      expect(res.text).not.toContain('href="/reports/units/' + world.root.id);
    });

    it('gets a linkage report limited to their subtree', async () => {
      const res = await manager.get(`/reports/cycles/${world.latest}`).expect(200);
      expect(res.text).toContain('Retail');
      for (const branch of world.branches.slice(0, 11))
        expect(res.text).not.toContain(`>${branch.name}<`);
    });
  });

  it('prepares the whole-company reports when a cycle closes, so the next reader waits for nothing', async () => {
    t.app.get(ReportCache).clear();
    await t.app.get(ReportWarmer).warm(world.latest);
    const range = jest.spyOn(t.app.get(LinkageService), 'forRange');
    const cycle = jest.spyOn(t.app.get(LinkageService), 'forCycle');
    try {
      await executive.get('/reports/linkage').expect(200);
      await executive.get(`/reports/cycles/${world.latest}`).expect(200);
      expect(range).not.toHaveBeenCalled();
      expect(cycle).not.toHaveBeenCalled();
    } finally {
      range.mockRestore();
      cycle.mockRestore();
    }
  });

  it('keeps every report a reader moves between: going through them again builds nothing', async () => {
    const misses = async () =>
      sampleValue(
        parsePrometheusText(await t.app.get(Metrics).exposition()),
        'tandem_report_cache_lookups_total',
        { result: 'miss' },
      ) ?? 0;
    const pages = [
      '/reports/linkage',
      ...world.cycles.map((c) => `/reports/cycles/${c.id}`),
      ...[world.root, world.retail, ...world.branches.slice(0, 3)].flatMap((unit) => [
        `/reports/units/${unit.id}`,
        `/reports/units/${unit.id}?cycle=${world.cycles[0].id}`,
      ]),
    ];
    t.app.get(ReportCache).clear();
    for (const page of pages) await executive.get(page).expect(200);
    const built = await misses();
    for (const page of pages) await executive.get(page).expect(200);
    // Every page and read of the first round is still there for the second.
    expect(await misses()).toBe(built);
  });

  // Last: it changes the data.
  it('shows fresh figures once the data behind a report changes', async () => {
    const rowOf = async (name: string) => {
      const csv = await executive.get(`/reports/cycles/${world.latest}/heatmap.csv`).expect(200);
      const [header, ...rows] = csvRows(csv.text);
      const row = rows.find((r) => r[0] === name)!;
      return { responses: Number(row[header.indexOf('Employee responses')]), row };
    };
    const before = await rowOf('Kiosk');
    expect(before.row.join(',')).toMatch(/hidden: Fewer than 5/);

    // Two late responses, as a historical import into the closed cycle would add them.
    const questions = await questionKeys(t.dataSource, 'employee');
    const random = seededRandom(99);
    await insertEmployeeResponses(t.dataSource, world.latest, world.kiosk.id, [
      answersFor(questions, 0, random),
      answersFor(questions, 0, random),
    ]);
    await t.app.get(UnitStatsService).materialize(world.latest);
    const after = await rowOf('Kiosk');
    expect(after.responses).toBe(before.responses + 2);

    await t.dataSource.query(
      `UPDATE units SET name = 'Kiosk North', updated_at = now() WHERE id = $1`,
      [world.kiosk.id],
    );
    const html = (await executive.get(`/reports/units/${world.retail.id}`).expect(200)).text;
    expect(html).toContain('Kiosk North');
  });
});

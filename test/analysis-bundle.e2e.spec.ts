import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import type { Response } from 'supertest';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { insertCycle } from './fixtures/analytics-import/seed';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';
import { ReportWorld, seedReportWorld } from './reports.fixtures';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];
type Row = Record<string, string>;

/** supertest's parser for a binary body. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

interface Bundle {
  folder: string;
  files: Record<string, string>;
  units: Row[];
  header: string[];
  report: {
    about: { cycles: string[]; withheld: string[]; hiddenInAnalysis: number };
    perCycle: { cycle: string; result: { status: string; n?: number; r?: number } }[];
    analysis: { panel: { cycles: string[] } };
  };
}

function unpack(zip: Buffer): Bundle {
  const entries = unzipSync(new Uint8Array(zip));
  const names = Object.keys(entries);
  const folder = names[0].split('/')[0];
  const files = Object.fromEntries(
    names.map((name) => [name.slice(folder.length + 1), strFromU8(entries[name])]),
  );
  const table: string[][] = parse(files['units.csv'], { bom: true });
  const [header, ...rows] = table;
  return {
    folder,
    files,
    header,
    units: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))),
    report: JSON.parse(files['report.json']) as Bundle['report'],
  };
}

describe('Analysis bundle', () => {
  let t: TestApp;
  let world: ReportWorld;
  let executive: Agent;

  const download = async (agent: Agent, path: string) => {
    const res = await agent.get(path).buffer(true).parse(binary).expect(200);
    return { res, bundle: unpack(res.body as Buffer) };
  };

  beforeAll(async () => {
    t = await createTestApp();
    world = await seedReportWorld(t.dataSource);
    executive = (await signedInAgent(t, 'executive')).agent;
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives the cross-cycle report as a zip of units.csv, codebook.md, analysis.R and report.json', async () => {
    const { res, bundle } = await download(executive, '/reports/linkage/analysis.zip');
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="tandem-analysis-2024-Q4-to-2025-Q2.zip"',
    );
    expect(bundle.folder).toBe('tandem-analysis-2024-Q4-to-2025-Q2');
    expect(Object.keys(bundle.files).sort()).toEqual([
      'analysis.R',
      'codebook.md',
      'report.json',
      'units.csv',
    ]);
    // Every unit with responses in every cycle: 12 branches × 3 cycles, and Retail's three
    // units in the latest.
    expect(bundle.units).toHaveLength(12 * 3 + 3);
    expect([...new Set(bundle.units.map((u) => u.cycle))]).toEqual([
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
    ]);
    expect(bundle.report.about.cycles).toEqual(['2024-Q4', '2025-Q1', '2025-Q2']);
    expect(bundle.report.perCycle.map((c) => c.cycle)).toEqual(['2024-Q4', '2025-Q1', '2025-Q2']);
    expect(bundle.report.perCycle.every((c) => c.result.status === 'ok')).toBe(true);
    // The codebook explains every column of the table.
    for (const column of bundle.header)
      expect(bundle.files['codebook.md']).toContain(`\`${column}\``);
    expect(bundle.files['analysis.R']).toContain('employee_measure <- "engagement"');
    expect(bundle.files['analysis.R']).toContain('lmer(y ~ xw + xb + factor(cycle');
    // A name a spreadsheet would run as a formula is neutralized.
    expect(bundle.units.some((u) => u.unit_name.startsWith("'=HYPERLINK"))).toBe(true);
  });

  it('is linked from the cross-cycle report and from a cycle’s report', async () => {
    const range = (await executive.get('/reports/linkage?from=2025-Q1').expect(200)).text;
    expect(range).toMatch(
      /href="\/reports\/linkage\/analysis\.zip\?from&#x3D;2025-Q1" download>Download the analysis/,
    );
    const cycle = (await executive.get(`/reports/cycles/${world.latest}`).expect(200)).text;
    expect(cycle).toContain(`href="/reports/cycles/${world.latest}/analysis.zip" download`);
  });

  it('leaves the cells the page hides empty, and never holds the hidden figure', async () => {
    const { bundle } = await download(executive, '/reports/linkage/analysis.zip');
    const row = (name: string) =>
      bundle.units.find((u) => u.unit_name === name && u.cycle === '2025-Q2')!;
    const employeeColumns = bundle.header.filter(
      (h) => h.startsWith('employee_') && h !== 'employee_responses' && h !== 'employee_hidden',
    );
    expect(employeeColumns).toContain('employee_engagement');
    expect(row('Kiosk').employee_hidden).toBe('below-threshold');
    expect(row('Outlet').employee_hidden).toBe('complementary');
    for (const name of ['Kiosk', 'Outlet'])
      for (const column of employeeColumns) expect(row(name)[column]).toBe('');
    expect(row('Store').employee_engagement).not.toBe('');
    // Outlet has enough responses to be analysed, but the page hides it: the bundle says so.
    expect(row('Outlet').in_analysis).toBe('1');
    expect(bundle.report.about.hiddenInAnalysis).toBe(1);
    expect(bundle.files['codebook.md']).toMatch(/1 unit-cycle rows the analysis used/);
    // (Other units' figures may equal it by chance: a mean of a few answers is a simple fraction.)
    const v = world.kioskEngagement;
    const kiosk = Object.values(row('Kiosk')).join(',');
    for (const spelling of [String(v), v.toFixed(6), v.toFixed(4), v.toFixed(1)])
      expect(kiosk).not.toContain(spelling);
  });

  it('holds only the manager’s subtree', async () => {
    const manager = (await signedInAgent(t, 'manager', world.retail.id)).agent;
    const { bundle } = await download(manager, '/reports/linkage/analysis.zip');
    expect(new Set(bundle.units.map((u) => u.unit_name))).toEqual(
      new Set(['Kiosk', 'Outlet', 'Store']),
    );
    const ids = new Set([world.retail.id, world.kiosk.id, world.outlet.id, world.store.id]);
    expect(bundle.units.every((u) => ids.has(u.unit_id))).toBe(true);
    const json = bundle.files['report.json'];
    for (const branch of world.branches) expect(json).not.toContain(branch.id);
  });

  it('serves one cycle’s bundle, and the API gives the same with an API key', async () => {
    const { res, bundle } = await download(
      executive,
      `/reports/cycles/${world.latest}/analysis.zip`,
    );
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="tandem-analysis-2025-Q2.zip"',
    );
    expect(bundle.report.about.cycles).toEqual(['2025-Q1', '2025-Q2']);
    const user = await signedInAgent(t, 'executive');
    const key = (await t.app.get(ApiKeysService).create(user.user.id, 'bundle')).key;
    const api = await t
      .http()
      .get('/api/v1/reports/linkage/analysis?from=2025-Q1&to=2025-Q2')
      .set('Authorization', `Bearer ${key}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(api.headers['content-disposition']).toContain('tandem-analysis-2025-Q1-to-2025-Q2.zip');
    const fromApi = unpack(api.body as Buffer);
    expect(fromApi.report.about.cycles).toEqual(['2025-Q1', '2025-Q2']);
    const one = await t
      .http()
      .get(`/api/v1/reports/cycles/2025-Q2/analysis`)
      .set('Authorization', `Bearer ${key}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(unpack(one.body as Buffer).files['units.csv']).toBe(bundle.files['units.csv']);
    expect((await t.http().get('/api/v1/reports/linkage/analysis')).status).toBe(401);
  });

  it('refuses an open cycle’s bundle and leaves an open cycle out of a range', async () => {
    const open = await insertCycle(t.dataSource, '2025-Q3', '2025-07-01', '2025-09-30', 'open');
    const page = await executive.get(`/reports/cycles/${open}/analysis.zip`);
    expect(page.status).toBe(409);
    const user = await signedInAgent(t, 'executive');
    const key = (await t.app.get(ApiKeysService).create(user.user.id, 'open')).key;
    const api = await t
      .http()
      .get('/api/v1/reports/cycles/2025-Q3/analysis')
      .set('Authorization', `Bearer ${key}`);
    expect(api.status).toBe(409);
    expect(api.body.code).toBe('RESULTS_NOT_YET_AVAILABLE');
    const onlyOpen = await executive.get('/reports/linkage/analysis.zip?from=2025-Q3&to=2025-Q3');
    expect(onlyOpen.status).toBe(409);
    const { bundle } = await download(executive, '/reports/linkage/analysis.zip?from=2025-Q1');
    expect(bundle.report.about.withheld).toEqual(['2025-Q3']);
    expect(bundle.units.some((u) => u.cycle === '2025-Q3')).toBe(false);
    expect(bundle.files['codebook.md']).toContain('Left out while open');
  });
});

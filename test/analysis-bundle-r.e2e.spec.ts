import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Response } from 'supertest';
import { demoCommand } from '../src/cli/demo.command';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

/**
 * The analysis bundle's R script, run by R on the demo company's bundle, reproduces the
 * report's numbers (docs/methods.md, "Reproducing a report"). R with lme4 is required: without
 * it this test fails and says how to install it (.ci/run installs it).
 */

const TOLERANCE = 1e-6;

function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function requireR(): void {
  const probe = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(lme4))'], {
    encoding: 'utf8',
  });
  if (probe.error !== undefined || probe.status !== 0)
    throw new Error(
      `This test runs the bundle's analysis.R and needs Rscript with lme4, which ${
        probe.error !== undefined ? 'is not installed' : `failed to load: ${probe.stderr}`
      }. Install them (Debian: apt-get install -y r-base-core r-cran-lme4); .ci/run does.`,
    );
}

/** Every number in `results` with its path, against the number at the same path in `report`. */
function compare(results: unknown, report: unknown, path = ''): { path: string; diff: number }[] {
  if (typeof results === 'number') {
    if (typeof report !== 'number') return [{ path, diff: Number.POSITIVE_INFINITY }];
    return [{ path, diff: Math.abs(results - report) / Math.max(1, Math.abs(report)) }];
  }
  if (Array.isArray(results))
    return results.flatMap((v, i) =>
      compare(v, Array.isArray(report) ? report[i] : undefined, `${path}[${i}]`),
    );
  if (typeof results === 'object' && results !== null)
    return Object.entries(results).flatMap(([k, v]) =>
      compare(v, (report as Record<string, unknown> | undefined)?.[k], `${path}.${k}`),
    );
  return [];
}

describe('Analysis bundle reproduced in R', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    const out = { write: () => true };
    expect(await demoCommand.run(['--seed', '42'], t.app, out)).toBe(0);
    dir = tempDir('bundle');
  }, 180_000);

  afterAll(async () => {
    await t.close();
  });

  it("gives the demo report's per-cycle r, between/within and lagged models to 1e-6", async () => {
    requireR();
    const { agent } = await signedInAgent(t, 'executive');
    const res = await agent
      .get('/reports/linkage/analysis.zip')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="tandem-analysis-2025-Q4-to-2026-Q3.zip"',
    );
    const entries = unzipSync(new Uint8Array(res.body as Buffer));
    for (const [name, bytes] of Object.entries(entries)) {
      mkdirSync(join(dir, dirname(name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const folder = join(dir, 'tandem-analysis-2025-Q4-to-2026-Q3');
    const run = spawnSync('Rscript', ['analysis.R'], { cwd: folder, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);

    const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8'));
    const results = JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8'));
    // The demo shows every unit it analyses, so R sees the same rows as the report.
    expect(report.about.hiddenInAnalysis).toBe(0);
    expect(results.r.hiddenInAnalysis).toBe(0);
    expect(results.analysis.panel.cycles).toEqual(report.analysis.panel.cycles);
    expect(results.perCycle.map((c: { cycle: string }) => c.cycle)).toEqual(report.about.cycles);
    for (const section of [
      ...results.perCycle.map((c: { result: unknown }) => c.result),
      results.analysis.panel.betweenWithin,
      results.analysis.panel.lagged,
    ])
      expect(section).toMatchObject({ status: 'ok' });

    // results.r holds R's and lme4's versions, which the report has no counterpart for.
    const diffs = compare({ perCycle: results.perCycle, analysis: results.analysis }, report);
    expect(diffs.length).toBeGreaterThan(40);
    const worst = diffs.reduce((a, b) => (b.diff > a.diff ? b : a));
    console.log(
      `R (${results.r.version}, lme4 ${results.r.lme4}) against report.json: ${diffs.length} numbers, largest relative difference ${worst.diff.toExponential(2)} at ${worst.path}`,
    );
    expect(diffs.filter((d) => !(d.diff <= TOLERANCE))).toEqual([]);
  }, 120_000);
});

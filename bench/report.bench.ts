/**
 * report: the cross-cycle linkage report page (/reports/linkage) over the 1,000,000-response
 * benchmark data, served over HTTP by the real application to a signed-in executive.
 *   report_1m_s       GET /reports/linkage, request to last byte, median of 5 warm runs
 *   report_cold_s     the first request after the data changed (a unit's directory entry is
 *                     touched, which changes the report's fingerprint), in a running server:
 *                     the build of the report and its page; median of 3
 *   report_rebuild_s  the first request after every kept build and read is dropped (as after a
 *                     change to every input at once: the stats of a million responses read
 *                     again and every figure recomputed), in a running server; median of 3
 *   report_start_s    the first request after start (the build, plus a fresh process's warm-up)
 *   report_json_1m_s  GET /api/v1/reports/linkage (the same data as JSON), median of 3
 *   report_html_kb    size of the page (REPORT_HTML_FILE=<file> writes it there)
 *   report_browse_s   an executive going through the linkage report, every cycle's report and
 *                     three regions' pages in turn, again: median of that second round (each
 *                     page was built once already, so it should be served from what was kept)
 *   report_heap_mb    the server's live JavaScript heap (after a full collection) once all of
 *                     those pages are kept
 *
 * The data is bench/linkage.bench.ts's cached database (2,000 units, 4 quarterly cycles): if it
 * is not there yet, that benchmark runs first to seed it. Set DATABASE_URL to use another
 * server (the database name is taken from the linkage benchmark).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup';
import { UsersService } from '../src/auth/users.service';
import { ReportCache } from '../src/reports/report-cache';
import { limitHeapGrowth } from '../src/config/heap-growth';
import { benchConfig } from './support/bench-postgres';
import { isLinkageSeeded, linkageDatabaseUrl, withLinkageServer } from './support/linkage-data';

const WARM_RUNS = 5;

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Seeds through the linkage benchmark, which owns the data set (and caches it). */
function seedWithLinkageBenchmark(): void {
  log('report: no seeded data yet; running the linkage benchmark to seed it');
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'linkage.bench.ts')],
    { stdio: ['ignore', 'ignore', 'inherit'], env: process.env },
  );
  if (result.status !== 0) throw new Error('seeding through bench/linkage.bench.ts failed');
}

interface Session {
  cookie: string;
}

async function signIn(base: string, email: string, password: string): Promise<Session> {
  const page = await fetch(`${base}/login`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email, password, next: '/reports' }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  // The session is regenerated at sign-in: the newer cookie of a name wins.
  const jar = new Map<string, string>();
  for (const c of [...cookies, ...res.headers.getSetCookie().map((x) => x.split(';')[0])])
    jar.set(c.slice(0, c.indexOf('=')), c);
  return { cookie: [...jar.values()].join('; ') };
}

async function timedGet(base: string, path: string, session: Session) {
  const started = process.hrtime.bigint();
  const res = await fetch(`${base}${path}`, {
    headers: { cookie: session.cookie },
    redirect: 'manual',
  });
  const body = await res.text();
  const elapsed = seconds(started);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
  return { elapsed, body };
}

/** The heap still in use after a full collection: what the server keeps, garbage left out. */
function liveHeapMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  limitHeapGrowth(); // as src/main.ts does for the server

  if (!process.env.DATABASE_URL) {
    const seeded = await withLinkageServer(isLinkageSeeded);
    if (!seeded) seedWithLinkageBenchmark();
  } else if (!(await isLinkageSeeded(process.env.DATABASE_URL))) {
    seedWithLinkageBenchmark();
  }

  await withLinkageServer(async (adminUrl) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-data-'));
    let app: NestFastifyApplication | undefined;
    let userId: string | undefined;
    try {
      const config = benchConfig(linkageDatabaseUrl(adminUrl), dataDir, {
        APP_URL: 'http://127.0.0.1:3999',
      });
      app = await createApp(config);
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (!address || typeof address === 'string') throw new Error('not listening');
      const base = `http://127.0.0.1:${address.port}`;

      const email = `report-bench-${Date.now()}@bench.test`;
      const password = 'report bench password 1';
      const { user } = await app
        .get(UsersService)
        .invite({ email, name: 'Report bench', role: 'executive' }, password);
      userId = user.id;
      await app
        .get(DataSource)
        .query(`UPDATE users SET must_change_password = false WHERE id = $1`, [user.id]);
      const session = await signIn(base, email, password);

      const start = await timedGet(base, '/reports/linkage', session);
      if (!start.body.includes('class="headline"')) throw new Error('no verdict on the page');
      const runs: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++)
        runs.push((await timedGet(base, '/reports/linkage', session)).elapsed);
      const colds: number[] = [];
      for (let i = 0; i < 3; i++) {
        // A change that leaves every figure as it was but is part of what a report depends on.
        await app
          .get(DataSource)
          .query(`UPDATE units SET updated_at = now() WHERE id = (SELECT id FROM units LIMIT 1)`);
        colds.push((await timedGet(base, '/reports/linkage', session)).elapsed);
      }
      const rebuilds: number[] = [];
      for (let i = 0; i < 3; i++) {
        app.get(ReportCache).clear();
        rebuilds.push((await timedGet(base, '/reports/linkage', session)).elapsed);
      }
      const json: number[] = [];
      for (let i = 0; i < 3; i++)
        json.push((await timedGet(base, '/api/v1/reports/linkage', session)).elapsed);
      // The reports an executive goes through, twice over: the linkage report, every closed
      // cycle's and the first regions' unit pages. The second round finds them kept.
      const db = app.get(DataSource);
      const cycles = await db.query<Array<{ id: string }>>(
        `SELECT id FROM cycles WHERE status = 'closed' ORDER BY closes_at`,
      );
      const regions = await db.query<Array<{ id: string }>>(
        `SELECT id FROM units WHERE parent_id = (SELECT id FROM units WHERE parent_id IS NULL LIMIT 1)
          ORDER BY path LIMIT 3`,
      );
      const pages = [
        '/reports/linkage',
        ...cycles.map((c) => `/reports/cycles/${c.id}`),
        ...regions.map((u) => `/reports/units/${u.id}`),
      ];
      for (const path of pages) await timedGet(base, path, session);
      const browse: number[] = [];
      for (const path of pages) browse.push((await timedGet(base, path, session)).elapsed);
      const heapMb = liveHeapMb();
      if (process.env.REPORT_HTML_FILE) writeFileSync(process.env.REPORT_HTML_FILE, start.body);
      const headline = /<p class="headline">([^<]+)<\/p>/.exec(start.body)?.[1] ?? '';
      log(`verdict: ${headline.replace(/&#x3D;/g, '=')}`);
      log(`warm runs: ${runs.map((r) => r.toFixed(3)).join(', ')} s`);
      log(`builds after a change: ${colds.map((r) => r.toFixed(3)).join(', ')} s`);
      log(`builds from nothing: ${rebuilds.map((r) => r.toFixed(3)).join(', ')} s`);
      log(`${pages.length} reports, second visit: ${browse.map((r) => r.toFixed(3)).join(', ')} s`);

      console.log(`report_1m_s: ${median(runs).toFixed(3)} s`);
      console.log(`report_cold_s: ${median(colds).toFixed(3)} s`);
      console.log(`report_rebuild_s: ${median(rebuilds).toFixed(3)} s`);
      console.log(`report_start_s: ${start.elapsed.toFixed(3)} s`);
      console.log(`report_json_1m_s: ${median(json).toFixed(3)} s`);
      console.log(`report_html_kb: ${Math.round(Buffer.byteLength(start.body) / 1024)} kB`);
      console.log(`report_browse_s: ${median(browse).toFixed(3)} s`);
      console.log(`report_heap_mb: ${Math.round(heapMb)} MB`);
    } finally {
      if (app && userId) {
        const ds = app.get(DataSource);
        await ds.query(`DELETE FROM sessions WHERE data ->> 'userId' = $1`, [userId]);
        await ds.query(`DELETE FROM users WHERE id = $1`, [userId]);
      }
      await app?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * linkage: the full cross-cycle linkage analysis over 1,000,000 responses (2,000 units,
 * 4 quarterly cycles; 100 employee + 25 customer responses per unit and cycle, ~12 and ~10
 * answers each) plus 220,000 employees and 60,000 customer accounts for turnover and churn.
 *   linkage_1m_s       LinkageService.forRange() end to end (SQL + analyzeLinkage, 2,000
 *                      bootstrap resamples per pair as in production), median of 7 warm runs
 *                      in a row, the process' heap set up as the server's
 *   linkage_cold_s     the same, first run of the process
 *   linkage_node_cpu_s CPU time of this process in a warm run (the rest is PostgreSQL, and
 *                      waiting for a busy machine)
 *   linkage_rss_mb     peak resident memory of the process (seeding is SQL, so it is included)
 *   linkage_groupby_s  the bare GROUP BY over the 1M raw responses that materialization runs
 *                      (the live aggregate of every cycle and audience), for comparison
 *   panel_1m_s         the panel sections alone (between/within REML fit, both lagged REML fits
 *                      with 1,000 unit-bootstrap refits each, quartile gaps) over the unit x
 *                      cycle table of those 1M responses (2,000 units x 4 cycles; the table's SQL
 *                      is in linkage_1m_s), median of 3 runs; they also run inside linkage_1m_s
 *
 * Seeding is not timed and is kept between runs: the cluster lives in var/bench-pg and the
 * database is named after LINKAGE_SEED_VERSION in bench/support/linkage-data.ts (or uses
 * DATABASE_URL's server when set).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { BootstrapThread } from '../src/analytics/bootstrap-thread';
import { analyzePanel } from '../src/analytics/linkage-panel';
import { resolveEligibility } from '../src/analytics/linkage-units';
import { LinkageService } from '../src/analytics/linkage.service';
import { UnitCycleTableService } from '../src/analytics/unit-cycle-table.service';
import { UnitResultsService } from '../src/analytics/unit-results.service';
import { unitStatsSelect } from '../src/analytics/unit-stats.query';
import type { CurrentUser } from '../src/auth/current-user';
import { AppConfig } from '../src/config/app.config';
import { limitHeapGrowth } from '../src/config/heap-growth';
import { dataSourceOptions } from '../src/database/data-source-options';
import { beginMissingHistory } from '../src/directory/history/employee-history.queries';
import { BUILTIN_SURVEY_IDS } from '../src/surveys/builtin-surveys';
import {
  isLinkageSeeded,
  LINKAGE_DATABASE,
  LINKAGE_SEED_VERSION,
  linkageDatabaseUrl,
  withLinkageServer,
} from './support/linkage-data';
import { benchConfig } from './support/bench-postgres';
import { unitStatsService } from './support/owner-services';

const UNITS = 2000;
const REGIONS = 40;
const EMPLOYEE_RESPONSES = 100;
const CUSTOMER_RESPONSES = 25;
const QUARTERS = [
  ['2024-Q1', '2024-01-01', '2024-03-31'],
  ['2024-Q2', '2024-04-01', '2024-06-30'],
  ['2024-Q3', '2024-07-01', '2024-09-30'],
  ['2024-Q4', '2024-10-01', '2024-12-31'],
] as const;

/** Every entity: the owners' services (cycles, surveys) read through their repositories. */
const ENTITIES = [join(__dirname, '..', 'src', '**', 'entities', '*.entity.ts')];

/** Warm runs of forRange, after the first (cold) one; their median is linkage_1m_s. */
const WARM_RUNS = 7;

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Everything in SQL: units, people, accounts, 4 closed cycles and 1M responses. */
async function seed(adminUrl: string): Promise<void> {
  const started = process.hrtime.bigint();
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${LINKAGE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${LINKAGE_DATABASE}`);
  await admin.end();
  const ds = new DataSource(dataSourceOptions(linkageDatabaseUrl(adminUrl), ENTITIES));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  log('seeding: units, employees, accounts');
  await ds.query(`SELECT setseed(0.42)`);
  await ds.query(`
    INSERT INTO units (id, external_id, name, path) VALUES
      ('00000000-0000-4000-8000-000000000000', 'ROOT', 'Company', '/00000000-0000-4000-8000-000000000000/')`);
  await ds.query(
    `INSERT INTO units (id, external_id, name, parent_id, path)
     SELECT id, 'R' || g, 'Region ' || g, '00000000-0000-4000-8000-000000000000',
            '/00000000-0000-4000-8000-000000000000/' || id || '/'
       FROM (SELECT g, ('00000000-0000-4000-8001-' || lpad(g::text, 12, '0'))::uuid AS id
               FROM generate_series(1, $1) g) r`,
    [REGIONS],
  );
  await ds.query(
    `CREATE TABLE bench_units AS
     SELECT g, ('00000000-0000-4000-8002-' || lpad(g::text, 12, '0'))::uuid AS id,
            ('00000000-0000-4000-8001-' || lpad((1 + g % $2)::text, 12, '0'))::uuid AS region,
            random_normal() AS base
       FROM generate_series(1, $1) g`,
    [UNITS, REGIONS],
  );
  await ds.query(`
    INSERT INTO units (id, external_id, name, parent_id, path)
    SELECT b.id, 'B' || b.g, 'Branch ' || b.g, b.region, r.path || b.id || '/'
      FROM bench_units b JOIN units r ON r.id = b.region`);
  // Units with more engaged people lose fewer of them.
  await ds.query(`
    INSERT INTO employees (email, name, unit_id, hire_date, exit_date, exit_type)
    SELECT 'e' || b.g || '-' || i || '@bench.test', 'Employee ' || i, b.id,
           date '2018-01-01' + (random() * 2400)::int,
           CASE WHEN x < 0.07 - 0.03 * b.base THEN date '2024-01-01' + (random() * 365)::int END,
           CASE WHEN x < 0.07 - 0.03 * b.base
                THEN CASE WHEN random() < 0.7 THEN 'voluntary' ELSE 'involuntary' END END
      FROM bench_units b, generate_series(1, 110) i, LATERAL (SELECT random() + 0 * i AS x) r`);
  // Headcount and turnover read the dated history: each employee starts one from their row.
  await beginMissingHistory(ds.manager);
  await ds.query(`
    INSERT INTO customer_accounts (external_id, name, unit_id, start_date, churn_date)
    SELECT 'A' || b.g || '-' || i, 'Account ' || i, b.id, date '2020-01-01',
           CASE WHEN random() < 0.05 - 0.02 * b.base THEN date '2024-01-01' + (random() * 365)::int END
      FROM bench_units b, generate_series(1, 30) i`);

  for (const [q, [label, start, end]] of QUARTERS.entries()) {
    log(`seeding: ${label}`);
    const [{ id }] = await ds.query(
      `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                           customer_survey_id, opens_at, closes_at, status, closed_at)
       VALUES ($1, $1, $2, $3, $4, $5, $2::date, $3::date, 'closed', now()) RETURNING id`,
      [
        label,
        start,
        end,
        BUILTIN_SURVEY_IDS.employeePulse,
        BUILTIN_SURVEY_IDS.customerRelationship,
      ],
    );
    // Employee level this quarter; customers answer at last quarter's employee level.
    await ds.query(
      `CREATE TABLE bench_level_${q} AS
       SELECT id, base + 0.5 * random_normal() AS level FROM bench_units`,
    );
    const previous = q === 0 ? 'bench_level_0' : `bench_level_${q - 1}`;
    const likert = (key: string, shift = 0) =>
      `'${key}', least(5, greatest(1, round(3.4 + ${shift} + 0.5 * l.level + random_normal(0, 0.9))))::int`;
    await ds.query(
      `INSERT INTO employee_responses (cycle_id, unit_id, submitted_on, answers)
       SELECT $1, l.id, $2::date, jsonb_build_object(
         'enps', least(10, greatest(0, round(7 + 1.2 * l.level + random_normal(0, 2))))::int,
         ${likert('eng_proud')}, ${likert('eng_recommend_work')}, ${likert('eng_motivated', 0.2)},
         ${likert('eng_stay', -0.2)}, ${likert('ena_resources')}, ${likert('ena_processes', -0.3)},
         ${likert('mgr_feedback')}, ${likert('mgr_cares', 0.3)}, ${likert('wb_workload', -0.2)},
         ${likert('wb_switch_off', -0.4)})
         || CASE WHEN random() < 0.3 THEN jsonb_build_object('comment', 'More time for customers') ELSE '{}' END
         FROM bench_level_${q} l, generate_series(1, ${EMPLOYEE_RESPONSES}) i`,
      [id, end],
    );
    await ds.query(
      `INSERT INTO customer_responses (cycle_id, unit_id, submitted_at, answers)
       SELECT $1, l.id, $2::timestamptz, jsonb_build_object(
         'nps', least(10, greatest(0, round(7.5 + 1.0 * l.level + random_normal(0, 2))))::int,
         'csat', least(5, greatest(1, round(3.9 + 0.4 * l.level + random_normal(0, 0.8))))::int,
         ${likert('trust_promises', 0.3)}, ${likert('respect_listens', 0.3)},
         ${likert('responsiveness_proactive')}, ${likert('respect_needs', 0.2)},
         ${likert('effort_details')}, ${likert('trust_knowledge', 0.4)}, ${likert('trust_honest', 0.4)})
         FROM ${previous} l, generate_series(1, ${CUSTOMER_RESPONSES}) i`,
      [id, end],
    );
    log(`seeding: materializing ${label}`);
    await unitStatsService(ds).materialize(id);
  }
  await ds.query(`VACUUM ANALYZE`);
  await ds.query(`CREATE TABLE bench_seed (version int NOT NULL)`);
  await ds.query(`INSERT INTO bench_seed VALUES ($1)`, [LINKAGE_SEED_VERSION]);
  await ds.destroy();
  log(`seeded in ${seconds(started).toFixed(0)} s`);
}

/** The panel sections over the analysed cycles' unit x cycle table, median of 3 runs. */
async function timePanel(
  stats: ReturnType<typeof unitStatsService>,
  config: AppConfig,
  primary: { employeeMetric: string; customerMetric: string },
): Promise<number> {
  const cycles = (await stats.listCycles()).filter((c) => c.status === 'closed');
  const table = await new UnitCycleTableService(stats).build(cycles, null, cycles.at(-1)?.id);
  const measure = (side: 'employee' | 'customer', key: string) => ({
    key,
    label: table.labels[key] ?? key,
    read: (row: (typeof table.rows)[number]) => row[side].metrics[key],
  });
  const turnover = {
    key: 'turnoverRate',
    label: 'turnover',
    read: (row: (typeof table.rows)[number]) => row.turnoverRate,
  };
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    const eligibility = resolveEligibility({
      cycles: cycles.map((c) => ({
        id: c.id,
        label: c.label,
        start: c.periodStart,
        end: c.periodEnd,
      })),
      rows: table.rows,
      thresholds: config.privacy,
      primary,
    });
    const panel = analyzePanel(eligibility, {
      employee: measure('employee', primary.employeeMetric),
      customer: measure('customer', primary.customerMetric),
      gapOutcomes: [measure('customer', 'nps'), measure('customer', 'csat'), turnover],
      turnoverKey: 'turnoverRate',
      crossLagged: [],
      resamples: 1000,
      seed: 20240601,
      leaverCost: 10000,
    });
    runs.push(seconds(started));
    if (panel.betweenWithin.status !== 'ok' || panel.lagged.status !== 'ok')
      throw new Error(`panel not computed: ${JSON.stringify(panel).slice(0, 300)}`);
    if (i === 0)
      log(
        `panel: ${panel.betweenWithin.units} units, ${panel.betweenWithin.rows} rows; bW ${panel.betweenWithin.within.estimate.toFixed(3)}, bB ${panel.betweenWithin.between.estimate.toFixed(3)}; lagged forward ${panel.lagged.forward.std.toFixed(3)}, reverse ${panel.lagged.reverse.std.toFixed(3)}, ${panel.lagged.bootstrap.used} resamples`,
      );
  }
  return [...runs].sort((a, b) => a - b)[1];
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  await withLinkageServer(async (adminUrl) => {
    if (!(await isLinkageSeeded(adminUrl))) await seed(adminUrl);
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-data-'));
    const config = benchConfig(linkageDatabaseUrl(adminUrl), dataDir);
    const ds = new DataSource(dataSourceOptions(linkageDatabaseUrl(adminUrl), ENTITIES));
    await ds.initialize();
    // The cached data predates any migration added since it was seeded: bring its schema up.
    await ds.runMigrations({ transaction: 'each' });
    try {
      const settings = new ConfigService<AppConfig, true>(config);
      const stats = unitStatsService(ds);
      const linkage = new LinkageService(
        stats,
        new UnitCycleTableService(stats),
        new UnitResultsService(stats, settings),
        settings,
        new BootstrapThread(),
      );
      const executive: CurrentUser = {
        id: '00000000-0000-4000-8000-00000000beef',
        email: 'exec@bench.test',
        name: 'Bench',
        role: 'executive',
        mustChangePassword: false,
        scope: null,
        via: 'api_key',
      };
      // As the server runs it: its heap growth (limitHeapGrowth), and no collection forced
      // before a run. A forced one shrank the heap each time, so every run first grew it again
      // (about 0.2 s more per run than in a running server).
      limitHeapGrowth();
      const runs: number[] = [];
      const cpu: number[] = [];
      let report: Awaited<ReturnType<LinkageService['forRange']>> | undefined;
      for (let i = 0; i < 1 + WARM_RUNS; i++) {
        const started = process.hrtime.bigint();
        const cpuStarted = process.cpuUsage();
        report = await linkage.forRange(executive, undefined, undefined);
        runs.push(seconds(started));
        const used = process.cpuUsage(cpuStarted);
        cpu.push((used.user + used.system) / 1e6);
      }
      log(
        `warm runs: ${runs
          .slice(1)
          .map((r) => r.toFixed(3))
          .join(', ')} s`,
      );
      const rssMb = process.resourceUsage().maxRSS / 1024;
      if (report?.analysis.status !== 'ok' || report.cycles.length !== QUARTERS.length)
        throw new Error(`Unexpected analysis: ${JSON.stringify(report?.analysis).slice(0, 300)}`);
      const units = report.analysis.units.included.length;
      if (units < UNITS) throw new Error(`only ${units} units entered the analysis`);
      const lag = report.analysis.crossLagged.status === 'ok' ? report.analysis.crossLagged : null;
      const responses = await ds.query(
        `SELECT (SELECT count(*) FROM employee_responses) + (SELECT count(*) FROM customer_responses) AS n`,
      );
      log(
        `${responses[0].n} responses, ${units} units, ${lag?.comparisons.length ?? 0} cross-lagged comparisons; verdict: ${report.analysis.verdict.headline}`,
      );

      const panelSeconds = await timePanel(stats, config, report.primary);

      const cycles = await stats.listCycles();
      const questions = await stats.questionsFor(cycles);
      const groupBy = async () => {
        const started = process.hrtime.bigint();
        for (const cycle of cycles) {
          for (const audience of ['employee', 'customer'] as const) {
            const select = unitStatsSelect(cycle.id, audience, questions.get(cycle.id)![audience]);
            await ds.query(`SELECT count(*) FROM (${select.sql}) s`, select.params);
          }
        }
        return seconds(started);
      };
      await groupBy();
      const groupBySeconds = await groupBy();

      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      console.log(`linkage_1m_s: ${median(runs.slice(1)).toFixed(3)} s`);
      console.log(`linkage_cold_s: ${runs[0].toFixed(3)} s`);
      console.log(`linkage_node_cpu_s: ${median(cpu.slice(1)).toFixed(3)} s`);
      console.log(`linkage_rss_mb: ${Math.round(rssMb)} MB`);
      console.log(`linkage_groupby_s: ${groupBySeconds.toFixed(3)} s`);
      console.log(`panel_1m_s: ${panelSeconds.toFixed(3)} s`);
    } finally {
      await ds.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * submit: a load test of POST /s/:token, employee submissions, each to its own valid token,
 * with translations in play (the survey in German and Spanish, a third of the people in each
 * language, each form posted to ?lang=<its language>).
 *   submit_per_s       accepted submissions per second (64 connections, autocannon)
 *   submit_p50_ms      median latency
 *   submit_p99_ms      99th percentile latency
 *   submit_rss_mb      peak resident memory (VmHWM) of the server process
 *   submit_raw_per_s   the same rows stored by a bare `pg` loop with the same concurrency,
 *                      running the very statements the app uses (the cycle locked, the link
 *                      claimed, the answers inserted, in one transaction), prepared like the
 *                      app's, one row per transaction
 *   submit_ratio       submit_per_s / submit_raw_per_s. Above 1 when the app writes
 *                      submissions that arrive together in one transaction (SubmissionWriter),
 *                      which the bare loop, one row at a time, does not
 *   submit_raw_unprepared_per_s  for context: the same loop with unprepared statements, as a
 *                      plain `client.query(sql, params)` loop would run them
 * The server runs compiled, as a child process (JOBS_ENABLED=false), on its own embedded
 * PostgreSQL (fsync off). App and raw phases alternate over three rounds; medians are printed
 * (BENCH_VERBOSE=1 prints each round, and the CPU seconds the server, PostgreSQL and this
 * process used in each phase). BENCH_NODE_ARGS passes flags to the server's node.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { generateToken, hashToken } from '../src/delivery/tokens';
import { AnswerSeal } from '../src/respond/answer-seal';
import { claimAndStore } from '../src/respond/submission-writer';
import { lockOpenCycles } from '../src/cycles/cycle-windows.service';
import { preparedQueryable } from '../src/database/prepared-transaction';
import { Queryable } from '../src/database/sql';
import { claimSurveyLinks } from '../src/delivery/survey-links.queries';
import { findFreePort } from '../src/database/embedded-postgres';
import { hashSource, questionTextKey } from '../src/surveys/survey-strings';
import { withBenchPostgres, withScratchDatabase } from './support/bench-postgres';

const CONNECTIONS = 64;
const WARMUP = 4_000;
const RAW_WARMUP = 2_000;
/** App and raw phases alternate, so both see the same background load; medians are reported. */
const ROUNDS = 3;
const PER_ROUND = 15_000;
const UNPREPARED_PER_ROUND = 5_000;
const UNITS = 50;
const BANDS = ['<1y', '1-3y', '3-5y', '5y+'];
/**
 * Translations in play: the survey is translated into German and Spanish, invitations carry
 * the person's language (a third each, English being the default), and each form posts to
 * ?lang=<the language it was shown in>, as the survey page's form does.
 */
const LANGUAGES = ['en', 'de', 'es'] as const;
const TRANSLATED = { de: 'Frage', es: 'Pregunta' } as const;
const languageAt = (n: number) => LANGUAGES[n % LANGUAGES.length];
/** Each token's language, as its invitation was seeded. */
const languageOfToken = new Map<string, string>();

/** A pulse shaped like the built-in one: eNPS, ten Likert items, one comment. */
const QUESTIONS = [
  { key: 'enps', kind: 'nps' },
  ...Array.from({ length: 10 }, (_, i) => ({ key: `item_${i + 1}`, kind: 'likert5' })),
  { key: 'comment', kind: 'text', required: false },
];
/** What a browser posts: the answers and the survey the page was drawn from. */
const form = (surveyId: string) =>
  new URLSearchParams({
    _survey: surveyId,
    q_enps: '8',
    ...Object.fromEntries(
      QUESTIONS.slice(1, 11).map((q, i) => [`q_${q.key}`, String((i % 5) + 1)]),
    ),
    q_comment: 'More time for focused work, and keep the Friday demos.',
  }).toString();
const ANSWER_VALUES: Record<string, number | string> = {
  enps: 8,
  ...Object.fromEntries(QUESTIONS.slice(1, 11).map((q, i) => [q.key, (i % 5) + 1])),
  comment: 'More time for focused work, and keep the Friday demos.',
};
/** The bare loop seals with the same key the app is given. */
const seal = new AnswerSeal('bench-response-key-that-is-long-enough-0123456789');
const today = new Date().toISOString().slice(0, 10);

const withPostgres = <T>(work: (adminUrl: string) => Promise<T>): Promise<T> =>
  withBenchPostgres(work, { settings: { max_connections: '200' } });

/** One open cycle with a locked survey; `count` employee invitations, each with one token. */
async function seed(
  url: string,
  count: number,
): Promise<{ tokens: string[]; ids: string[]; surveyId: string }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const units: string[] = [];
    for (let u = 0; u < UNITS; u++) {
      const id = randomUUID();
      await db.query(`INSERT INTO units (id, external_id, name, path) VALUES ($1, $2, $3, $4)`, [
        id,
        `bench-${u}`,
        `Team ${u}`,
        `/${id}/`,
      ]);
      units.push(id);
    }
    const {
      rows: [survey],
    } = await db.query(
      `INSERT INTO surveys (name, audience, locked_at) VALUES ('Pulse', 'employee', now()) RETURNING id`,
    );
    for (const [position, q] of QUESTIONS.entries())
      await db.query(
        `INSERT INTO questions (survey_id, position, key, kind, text, required, max_length)
         VALUES ($1, $2, $3, $4, $5, $6, 2000)`,
        [survey.id, position, q.key, q.kind, `Question ${position + 1}`, q.required ?? true],
      );
    for (const [language, word] of Object.entries(TRANSLATED))
      for (const [position, q] of QUESTIONS.entries())
        await db.query(
          `INSERT INTO survey_translations (survey_id, language, key, text, source_hash)
           VALUES ($1, $2, $3, $4, $5)`,
          [
            survey.id,
            language,
            questionTextKey(q.key),
            `${word} ${position + 1}`,
            hashSource(`Question ${position + 1}`),
          ],
        );
    const {
      rows: [cycle],
    } = await db.query(
      `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                           opens_at, closes_at, status, launched_at)
       VALUES ('Bench', 'bench', current_date, current_date + 30, $1,
               now() - interval '1 day', now() + interval '30 days', 'open', now())
       RETURNING id`,
      [survey.id],
    );
    const ids = Array.from({ length: count }, () => randomUUID());
    const tokens = ids.map(() => generateToken());
    const chunk = 10_000;
    for (let start = 0; start < count; start += chunk) {
      const slice = ids.slice(start, start + chunk);
      await db.query(
        `INSERT INTO invitations (id, cycle_id, audience, unit_id, email, tenure_band, language,
                                  delivery_state, sent_at)
         SELECT id, $2, 'employee', ($3::uuid[])[1 + (n % $4)], 'person' || n || '@example.test',
                ($5::text[])[1 + (n % 4)], ($6::text[])[n], 'sent', now()
           FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n)`,
        [slice, cycle.id, units, UNITS, BANDS, slice.map((_, k) => languageAt(start + k))],
      );
      await db.query(
        `INSERT INTO invitation_tokens (token_hash, invitation_id)
         SELECT * FROM unnest($1::bytea[], $2::uuid[])`,
        [tokens.slice(start, start + chunk).map(hashToken), slice],
      );
    }
    await db.query('VACUUM ANALYZE');
    tokens.forEach((token, n) => languageOfToken.set(token, languageAt(n)));
    return { tokens, ids, surveyId: survey.id };
  } finally {
    await db.end();
  }
}

const ROOT = join(__dirname, '..');

/** The app as it runs in production: compiled to JavaScript (type checks are `npm run check`'s job). */
function buildApp(): string {
  const outDir = join(ROOT, 'var', `bench-build-${randomBytes(4).toString('hex')}`);
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      ...['-p', 'tsconfig.build.json', '--outDir', outDir, '--noCheck'],
      ...['--incremental', 'false', '--sourceMap', 'false'],
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return outDir;
}

async function startApp(
  build: string,
  url: string,
  port: number,
  dataDir: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      // e.g. BENCH_NODE_ARGS=--prof to profile the server
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(build, 'src', 'main.js'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        JOBS_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
        RESPONSE_KEY: 'bench-response-key-that-is-long-enough-0123456789',
        // The load generator stands for many people behind one local proxy: each request
        // names its client in X-Forwarded-For, so the per-address limit does not cap the run.
        TRUSTED_PROXIES: '127.0.0.1',
        ADMIN_EMAIL: 'bench-admin@example.test',
        ADMIN_PASSWORD: 'bench-admin-password-123',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('The app did not start within 2 minutes');
}

/** Each request posts a valid form to its own token, from its own client address. */
async function load(port: number, tokens: string[], body: string): Promise<autocannon.Result> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: tokens.length,
    timeout: 30,
    // autocannon notices the last response only at its next sample tick (1 s by default),
    // which would add up to a second of idle time to a five-second run.
    sampleInt: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            // The page was shown in the person's language.
            path: `/s/${tokens[i % tokens.length]}?lang=${languageOfToken.get(tokens[i % tokens.length])}`,
            headers: {
              ...request.headers,
              'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
            },
          };
        },
      },
    ],
  });
  const wrong = result.requests.total - result['3xx'];
  if (wrong > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `${wrong} submissions were not accepted (${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${result['4xx']} 4xx, ${result['5xx']} 5xx)`,
    );
  return result;
}

/**
 * The statements the app runs for a submission, prepared as the app prepares them, from
 * CONNECTIONS clients, as fast as PostgreSQL allows: the ceiling the app is measured against.
 */
async function rawInserts(
  url: string,
  tokenHashes: Buffer[],
  surveyId: string,
  prepared = true,
  /** Called while the clients are still connected (a backend's CPU time goes with it). */
  beforeClose: () => void = () => {},
): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  try {
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c) => {
        const db: Queryable = prepared
          ? preparedQueryable(c)
          : { query: async (sql, values) => (await c.query(sql, values)).rows };
        for (let i = next++; i < tokenHashes.length; i = next++) {
          // One submission per transaction: a bare loop does not batch.
          await c.query('BEGIN');
          const stored = await claimAndStore(
            db,
            { lockOpen: lockOpenCycles, claim: claimSurveyLinks, keyId: seal.keyId },
            'employee',
            // Sealed like the app seals them: the loop does the same work per submission.
            [
              {
                tokenHash: tokenHashes[i],
                surveyId,
                answers: seal.seal({ answers: ANSWER_VALUES, submittedOn: today }),
              },
            ],
          );
          await c.query('COMMIT');
          if (stored.size !== 1) throw new Error('raw insert stored nothing');
        }
      }),
    );
    const perSecond = tokenHashes.length / (Number(process.hrtime.bigint() - started) / 1e9);
    beforeClose();
    return perSecond;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** VmHWM is the peak resident set since the process started; VmRSS the current one. */
function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
const peakRssMb = (pid: number) => memoryMb(pid, 'VmHWM');

/** CPU seconds used so far by the server, by PostgreSQL (every process named postgres) and here. */
function cpuSeconds(serverPid: number): { server: number; postgres: number; client: number } {
  const ticks = (pid: string) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      return { name, ticks: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return { name: '', ticks: 0 };
    }
  };
  let postgres = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const t = ticks(pid);
    if (t.name === 'postgres') postgres += t.ticks;
  }
  const own = process.cpuUsage();
  return {
    server: ticks(String(serverPid)).ticks / 100,
    postgres: postgres / 100,
    client: (own.user + own.system) / 1e6,
  };
}
const cpuSpent = (from: ReturnType<typeof cpuSeconds>, to: ReturnType<typeof cpuSeconds>) =>
  Object.fromEntries(
    (Object.keys(from) as Array<keyof typeof from>).map((k) => [k, +(to[k] - from[k]).toFixed(2)]),
  );
const currentRssMb = (pid: number) => memoryMb(pid, 'VmRSS');

async function main(): Promise<void> {
  await withPostgres((adminUrl) =>
    withScratchDatabase(adminUrl, async (url, dataDir) => {
      let app: ChildProcess | undefined;
      let build: string | undefined;
      try {
        const migrator = new DataSource(dataSourceOptions(url.toString()));
        await migrator.initialize();
        await migrator.runMigrations({ transaction: 'each' });
        await migrator.destroy();

        const appCount = WARMUP + ROUNDS * PER_ROUND;
        const rawCount = RAW_WARMUP + ROUNDS * (PER_ROUND + UNPREPARED_PER_ROUND);
        const seeded = await seed(url.toString(), appCount + rawCount);
        const tokens = seeded.tokens.slice(0, appCount);
        const rawHashes = seeded.tokens.slice(appCount).map(hashToken);
        const body = form(seeded.surveyId);
        const port = await findFreePort();
        build = buildApp();
        app = await startApp(build, url.toString(), port, dataDir);

        await load(port, tokens.slice(0, WARMUP), body);
        await rawInserts(url.toString(), rawHashes.slice(0, RAW_WARMUP), seeded.surveyId);
        const rounds: Array<
          Record<'perSecond' | 'p50' | 'p99' | 'raw' | 'unprepared' | 'rssMb', number>
        > = [];
        const cpu: Array<Record<'app' | 'raw', Record<string, number>>> = [];
        for (let r = 0; r < ROUNDS; r++) {
          const from = r * PER_ROUND;
          const cpuBefore = cpuSeconds(app.pid!);
          const started = process.hrtime.bigint();
          const result = await load(
            port,
            tokens.slice(WARMUP + from, WARMUP + from + PER_ROUND),
            body,
          );
          const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
          const cpuApp = cpuSeconds(app.pid!);
          // The idle server stays up meanwhile; it uses no CPU while nothing is sent to it.
          let cpuRaw = cpuApp;
          const raw = await rawInserts(
            url.toString(),
            rawHashes.slice(RAW_WARMUP + from, RAW_WARMUP + from + PER_ROUND),
            seeded.surveyId,
            true,
            () => (cpuRaw = cpuSeconds(app!.pid!)),
          );
          const unpreparedFrom = RAW_WARMUP + ROUNDS * PER_ROUND + r * UNPREPARED_PER_ROUND;
          const unprepared = await rawInserts(
            url.toString(),
            rawHashes.slice(unpreparedFrom, unpreparedFrom + UNPREPARED_PER_ROUND),
            seeded.surveyId,
            false,
          );
          cpu.push({ app: cpuSpent(cpuBefore, cpuApp), raw: cpuSpent(cpuApp, cpuRaw) });
          rounds.push({
            perSecond: result.requests.total / elapsedS,
            p50: result.latency.p50,
            p99: result.latency.p99,
            raw,
            unprepared,
            rssMb: currentRssMb(app.pid!),
          });
        }
        const peakMb = peakRssMb(app.pid!);

        const check = new Client({ connectionString: url.toString() });
        await check.connect();
        // Employee answers stay sealed until their cycle closes.
        const { rows } = await check.query(
          `SELECT count(*)::int AS n FROM sealed_employee_answers`,
        );
        await check.end();
        if (rows[0].n !== appCount + rawCount)
          throw new Error(`${rows[0].n} rows stored, ${appCount + rawCount} expected`);

        const perSecond = median(rounds.map((r) => r.perSecond));
        const raw = median(rounds.map((r) => r.raw));
        console.log(`submit_per_s: ${Math.round(perSecond)} req/s`);
        console.log(`submit_p50_ms: ${median(rounds.map((r) => r.p50))} ms`);
        console.log(`submit_p99_ms: ${median(rounds.map((r) => r.p99))} ms`);
        console.log(`submit_rss_mb: ${peakMb} MB`);
        console.log(`submit_raw_per_s: ${Math.round(raw)} rows/s`);
        console.log(`submit_ratio: ${(perSecond / raw).toFixed(2)}`);
        const unprepared = median(rounds.map((r) => r.unprepared));
        console.log(`submit_raw_unprepared_per_s: ${Math.round(unprepared)} rows/s`);
        if (process.env.BENCH_VERBOSE)
          for (const r of rounds) console.error(`# round: ${JSON.stringify(r)}`);
        if (process.env.BENCH_VERBOSE)
          for (const c of cpu) console.error(`# cpu seconds: ${JSON.stringify(c)}`);
      } finally {
        if (app) app.kill('SIGKILL');
        if (build) rmSync(build, { recursive: true, force: true });
      }
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

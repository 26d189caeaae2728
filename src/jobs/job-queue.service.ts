import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import PgBoss from 'pg-boss';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { queryRows } from '../database/sql';

export const JOB_SCHEMA = 'pgboss';
const INSERT_CHUNK = 5000;
/** How long stopping waits for running handlers, within the app's 10-second shutdown. */
const STOP_TIMEOUT_MS = 8_000;
/** A scrape of /metrics must not hang on a busy database. */
const WAITING_STATS_TIMEOUT_MS = 2_000;

export interface QueueDefinition {
  name: string;
  /** pg-boss policy: 'short' keeps at most one waiting job per singletonKey. */
  policy?: PgBoss.QueuePolicy;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
}

export interface WorkerDefinition<T> {
  queue: string;
  batchSize?: number;
  /** Parallel fetch loops in this instance. */
  workers?: number;
  pollingIntervalSeconds?: number;
  handler: (jobs: PgBoss.JobWithMetadata<T>[], control: WorkerControl) => Promise<void>;
}

export interface QueueWaiting {
  queue: string;
  /** Waiting jobs whose start time has come (at most the cap asked for). */
  due: number;
  /** Waiting jobs scheduled for later (at most the cap asked for). */
  later: number;
  /** Seconds since the oldest due job could have started; 0 when none is due. */
  oldestDueSeconds: number;
}

export interface WorkerControl {
  /** Fetch again at once instead of waiting for the polling interval (more work is likely). */
  fetchAgain(): void;
}

/** pg-boss's way into a transaction: its statements go through the manager's connection. */
function executorOf(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => ({
      rows: await queryRows<Record<string, unknown>>(manager, text, values),
    }),
  };
}

export interface JobRequest<T extends object> {
  data: T;
  /** A stable key: the same key is never queued twice while a job for it exists. */
  key: string;
  startAfter?: Date;
}

/**
 * pg-boss 10 in the application database (schema `pgboss`). Every instance can queue jobs; only
 * instances with JOBS_ENABLED run workers and the maintenance/cron loops. Modules register their
 * queues and workers in onModuleInit; workers start at bootstrap.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;
  private readonly queues = new Map<string, QueueDefinition>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each worker has its own job type
  private readonly workers: WorkerDefinition<any>[] = [];
  private readonly schedules: Array<{ queue: string; cron: string }> = [];
  private workersRunning = false;
  private readonly workerIds = new Map<string, string[]>();
  private stopped = false;
  /** Queues to wake when a transaction that queued jobs into them commits. */
  private readonly wakeOnCommit = new WeakMap<QueryRunner, Set<string>>();

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly dataSource: DataSource,
  ) {
    dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => this.settled(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }) => this.settled(queryRunner, false),
    });
  }

  defineQueue(definition: QueueDefinition): void {
    this.queues.set(definition.name, definition);
  }

  work<T>(definition: WorkerDefinition<T>): void {
    this.workers.push(definition);
  }

  /** A periodic job (cron, UTC) run by one of the instances with workers. */
  scheduleEvery(queue: string, cron: string): void {
    this.schedules.push({ queue, cron });
  }

  get workersEnabled(): boolean {
    return this.config.get('jobsEnabled', { infer: true });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.workersEnabled) return;
    const boss = await this.ready();
    for (const { queue, cron } of this.schedules)
      await boss.schedule(queue, cron, {}, { tz: 'UTC' });
    for (const worker of this.workers) await this.startWorker(boss, worker);
    this.workersRunning = true;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    const boss = this.boss ?? (await this.starting?.catch(() => undefined));
    if (!boss) return;
    // In-flight handlers keep using this boss until stop() has waited for them.
    await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS, close: true });
    this.boss = undefined;
    this.starting = undefined;
    this.workersRunning = false;
  }

  /**
   * Queues jobs in batches; a key already queued (or still kept) is skipped. With `manager`, the
   * jobs are written in its transaction: they exist only if it commits, and this instance's
   * workers are woken once it has (woken now, they would look before the commit and then wait
   * for their next poll).
   */
  async sendMany<T extends object>(
    queue: string,
    requests: JobRequest<T>[],
    manager?: EntityManager,
  ): Promise<void> {
    if (requests.length === 0) return;
    const boss = await this.readyFor(queue);
    const options: PgBoss.InsertOptions = manager ? { db: executorOf(manager) } : {};
    for (let i = 0; i < requests.length; i += INSERT_CHUNK)
      await boss.insert(
        requests.slice(i, i + INSERT_CHUNK).map((r) => ({
          id: jobId(queue, r.key),
          name: queue,
          data: r.data,
          singletonKey: r.key,
          startAfter: r.startAfter?.toISOString(),
        })),
        options,
      );
    if (!requests.some((r) => !r.startAfter || r.startAfter <= new Date())) return;
    const transaction = manager?.queryRunner;
    if (transaction?.isTransactionActive) this.wakeAfterCommit(transaction, queue);
    else this.wake(queue);
  }

  /**
   * Wakes the queue's local workers when the transaction of `runner` has committed (a nested
   * transaction's savepoint is not the commit), and forgets them if it rolls back.
   */
  private wakeAfterCommit(runner: QueryRunner, queue: string): void {
    const queues = this.wakeOnCommit.get(runner) ?? new Set<string>();
    this.wakeOnCommit.set(runner, queues.add(queue));
  }

  private settled(runner: QueryRunner, committed: boolean): void {
    if (runner.isTransactionActive) return;
    const queues = this.wakeOnCommit.get(runner);
    this.wakeOnCommit.delete(runner);
    if (committed) for (const queue of queues ?? []) this.wake(queue);
  }

  /**
   * Queues one job per row of `select` (columns: key text, data jsonb) with one INSERT ... SELECT,
   * for launches of 100,000 recipients. It writes pg-boss 10's job table as its own insert()
   * does (same id scheme as jobId(), the queue's retry/expiry settings, ON CONFLICT DO NOTHING);
   * `select` may use $1..$n of `params`.
   */
  async sendSelected(queue: string, select: string, params: unknown[]): Promise<number> {
    await this.readyFor(queue);
    const q = `$${params.length + 1}`;
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO ${JOB_SCHEMA}.job (id, name, data, singleton_key, start_after, expire_in, keep_until,
                                        retry_limit, retry_delay, retry_backoff, policy, dead_letter)
         SELECT md5(q.name || '|' || s.key)::uuid, q.name, s.data, s.key, now(),
                COALESCE(q.expire_seconds, 900) * interval '1 second',
                now() + COALESCE(q.retention_minutes * 60, 14 * 86400) * interval '1 second',
                COALESCE(q.retry_limit, 2),
                CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(COALESCE(q.retry_delay, 0), 1)
                     ELSE COALESCE(q.retry_delay, 0) END,
                COALESCE(q.retry_backoff, false), q.policy, q.dead_letter
           FROM (${select}) AS s(key, data)
           JOIN ${JOB_SCHEMA}.queue q ON q.name = ${q}
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [...params, queue],
    );
    if (row.n > 0) this.wake(queue);
    return row.n;
  }

  /** Local workers of the queue fetch now instead of at their next poll. */
  private wake(queue: string): void {
    if (!this.boss) return;
    for (const id of this.workerIds.get(queue) ?? []) this.boss.notifyWorker(id);
  }

  send<T extends object>(
    queue: string,
    request: JobRequest<T>,
    manager?: EntityManager,
  ): Promise<void> {
    return this.sendMany(queue, [request], manager);
  }

  async fail(queue: string, ids: string[], error: Error): Promise<void> {
    if (ids.length === 0) return;
    const boss = await this.ready();
    // pg-boss accepts an id array with output data; its typings only list the single-id form.
    const fail = boss.fail.bind(boss) as (
      name: string,
      ids: string[],
      data: object,
    ) => Promise<void>;
    await fail(queue, ids, { message: error.message });
  }

  /**
   * Hands jobs back for another worker (this instance's or another's) after the queue's retry
   * delay, even a job that was on its last retry: nothing was tried, so nothing is used up.
   */
  async requeue(queue: string, ids: string[], reason: Error): Promise<void> {
    if (ids.length === 0) return;
    await this.fail(queue, ids, reason);
    const boss = await this.ready();
    await boss.retry(queue, ids);
  }

  /**
   * Marks running jobs as alive (see failStalled). pg-boss 10 has no heartbeat of its own: its
   * expiry (expire_in) also bounds how long a handler may run, so a queue whose handlers may run
   * long sets a long expiry and uses these two instead. started_on is otherwise only reporting.
   */
  async keepActive(queue: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${JOB_SCHEMA}.job SET started_on = now()
        WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
      [queue, ids],
    );
  }

  /**
   * Fails (for a retry, through pg-boss) the queue's running jobs not kept alive for
   * `staleSeconds`: their instance died. Touching them first makes each stalled job one
   * instance's to fail, however many sweep at the same moment.
   */
  async failStalled(queue: string, staleSeconds: number): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE ${JOB_SCHEMA}.job SET started_on = now()
        WHERE name = $1 AND state = 'active' AND started_on < now() - make_interval(secs => $2)
      RETURNING id`,
      [queue, staleSeconds],
    );
    if (rows.length > 0)
      await this.fail(
        queue,
        rows.map((r) => r.id),
        new Error('Its instance stopped working on it.'),
      );
    return rows.length;
  }

  /** Jobs not yet finished in a queue (created, retry or active). */
  async pending(queue: string): Promise<number> {
    const boss = await this.ready();
    return boss.getQueueSize(queue, { before: 'completed' });
  }

  /**
   * For each defined queue: jobs waiting that are due now and jobs waiting for a later start
   * (each counted up to `cap`, so a launch of 100,000 costs no more than `cap` index entries),
   * and how long the oldest due one has waited. Reads pg-boss's partial index of waiting jobs
   * (name, start_after), bounded by a statement timeout; for /metrics.
   */
  async waitingStats(cap: number): Promise<QueueWaiting[]> {
    const names = [...this.queues.keys()].sort();
    if (names.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL statement_timeout = '${WAITING_STATS_TIMEOUT_MS}ms'`);
      const [schema] = await queryRows<{ ready: boolean }>(
        manager,
        `SELECT to_regclass('${JOB_SCHEMA}.job') IS NOT NULL AS ready`,
      );
      if (!schema.ready)
        return names.map((queue) => ({ queue, due: 0, later: 0, oldestDueSeconds: 0 }));
      const waiting = `FROM ${JOB_SCHEMA}.job j WHERE j.name = q.name AND j.state < 'active'`;
      return queryRows<QueueWaiting>(
        manager,
        `SELECT q.name AS queue,
                (SELECT count(*) FROM (SELECT 1 ${waiting} AND j.start_after <= now() LIMIT $2) d)::int AS due,
                (SELECT count(*) FROM (SELECT 1 ${waiting} AND j.start_after > now() LIMIT $2) l)::int AS later,
                COALESCE((SELECT extract(epoch FROM now() - min(j.start_after)) ${waiting}
                            AND j.start_after <= now()), 0)::float8 AS "oldestDueSeconds"
           FROM unnest($1::text[]) AS q(name)`,
        [names, cap],
      );
    });
  }

  get running(): boolean {
    return this.workersRunning;
  }

  private ready(): Promise<PgBoss> {
    if (this.boss) return Promise.resolve(this.boss);
    // A worker finishing during shutdown must not start a fresh pg-boss that nobody stops.
    if (this.stopped) return Promise.reject(new Error('The job queue has stopped.'));
    this.starting ??= this.start().then((boss) => {
      this.boss = boss;
      return boss;
    });
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    const url = (this.dataSource.options as { url?: string }).url;
    const withWorkers = this.workersEnabled;
    const boss = new PgBoss({
      connectionString: url,
      schema: JOB_SCHEMA,
      max: 6,
      application_name: 'tandem-jobs',
      // Instances without workers only queue jobs: no maintenance loop, no cron clock.
      supervise: withWorkers,
      schedule: withWorkers,
      migrate: true,
    });
    boss.on('error', (error) => this.logger.error(error.message));
    await boss.start();
    for (const queue of this.queues.values()) await this.createQueue(boss, queue);
    return boss;
  }

  private readonly created = new Set<string>();

  private async createQueue(boss: PgBoss, queue: QueueDefinition): Promise<void> {
    const { name, ...options } = queue;
    await boss.createQueue(name, { name, policy: 'standard', ...options });
    // An existing queue keeps the settings it was created with; bring them up to date.
    await boss.updateQueue(name, { name, policy: 'standard', ...options });
    this.created.add(name);
  }

  /** Started, and the queue exists (also for a queue defined after pg-boss started). */
  private async readyFor(queue: string): Promise<PgBoss> {
    const boss = await this.ready();
    const definition = this.queues.get(queue);
    if (definition && !this.created.has(queue)) await this.createQueue(boss, definition);
    return boss;
  }

  private async startWorker<T>(boss: PgBoss, worker: WorkerDefinition<T>): Promise<void> {
    for (let i = 0; i < (worker.workers ?? 1); i++) {
      let id = '';
      const control: WorkerControl = { fetchAgain: () => boss.notifyWorker(id) };
      id = await boss.work<T>(
        worker.queue,
        {
          batchSize: worker.batchSize ?? 1,
          includeMetadata: true,
          pollingIntervalSeconds: worker.pollingIntervalSeconds ?? 2,
        },
        (jobs) => worker.handler(jobs, control),
      );
      this.workerIds.set(worker.queue, [...(this.workerIds.get(worker.queue) ?? []), id]);
    }
  }
}

/**
 * A deterministic job id (md5 of queue and key, as PostgreSQL's md5(...)::uuid makes it in
 * sendSelected): pg-boss inserts ON CONFLICT DO NOTHING on (queue, id).
 */
export function jobId(queue: string, key: string): string {
  const hex = createHash('md5').update(`${queue}|${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

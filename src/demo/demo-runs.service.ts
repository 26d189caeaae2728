import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, Repository } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service';
import { queryRows } from '../database/sql';
import { DEFAULT_DEMO_SEED } from './demo-company';
import { DEMO_STEPS, DemoGeneratorService } from './demo-generator.service';
import { DemoError, DemoErrorCode } from './demo.errors';
import { DemoRun } from './entities/demo-run.entity';

export const DEMO_QUEUE = 'demo-load';

interface DemoJob {
  runId: string;
}

/** A run still queued or running after this long is treated as abandoned (its worker died). */
const ABANDONED_AFTER_MS = 15 * 60_000;

/**
 * The dashboard's "load demo data": a request becomes a demo_runs row and a job; the worker
 * loads the company and writes its progress into the row, which the progress page polls.
 */
@Injectable()
export class DemoRunsService implements OnModuleInit {
  private readonly logger = new Logger(DemoRunsService.name);

  constructor(
    @InjectRepository(DemoRun) private readonly runs: Repository<DemoRun>,
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly generator: DemoGeneratorService,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({ name: DEMO_QUEUE, retryLimit: 0, expireInSeconds: 900 });
    this.jobs.work<DemoJob>({
      queue: DEMO_QUEUE,
      pollingIntervalSeconds: 1,
      handler: async (jobs) => {
        for (const job of jobs) await this.execute(job.data.runId);
      },
    });
  }

  /** Queues a load, or returns the one already under way; refuses when Tandem holds data. */
  async request(
    userId: string | null,
    seed: number | string = DEFAULT_DEMO_SEED,
  ): Promise<DemoRun> {
    const run = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('tandem:demo-request'))`);
      const repo = m.getRepository(DemoRun);
      const active = await this.active(repo);
      if (active) return active;
      if (!(await this.generator.isEmpty(m))) throw new DemoError(DemoErrorCode.NOT_EMPTY);
      return repo.save(
        repo.create({
          seed: String(seed),
          requestedById: userId,
          phase: 'Waiting to start',
          total: DEMO_STEPS,
        }),
      );
    });
    if (run.status === 'queued')
      await this.jobs.send<DemoJob>(DEMO_QUEUE, { data: { runId: run.id }, key: `demo:${run.id}` });
    return run;
  }

  async get(id: string): Promise<DemoRun> {
    const run = await this.runs.findOneBy({ id });
    if (!run) throw new DemoError(DemoErrorCode.RUN_NOT_FOUND);
    return run;
  }

  /** The run under way, if any (for the dashboard). */
  findActive(): Promise<DemoRun | null> {
    return this.active(this.runs);
  }

  /** Works one run (the job handler); a run that is not queued any more is left alone. */
  async execute(runId: string): Promise<void> {
    const [run] = await queryRows<{ seed: string }>(
      this.dataSource,
      `UPDATE demo_runs SET status = 'running', started_at = now(), phase = 'Starting'
        WHERE id = $1 AND status = 'queued' RETURNING seed`,
      [runId],
    );
    if (!run) return;
    let writes = Promise.resolve();
    const progress = (phase: string, done: number, total: number) => {
      writes = writes
        .then(() => this.runs.update({ id: runId }, { phase, done, total }))
        .then(() => undefined);
    };
    try {
      const summary = await this.generator.generate({ seed: run.seed }, progress);
      await writes;
      const counts: Record<string, number> = {};
      for (const [key, value] of Object.entries(summary))
        if (typeof value === 'number') counts[key] = value;
      await this.runs.update(
        { id: runId },
        { status: 'done', phase: 'Done', summary: counts, finishedAt: new Date() },
      );
    } catch (error) {
      await writes.catch(() => undefined);
      const message =
        error instanceof DemoError
          ? error.message
          : `The demo could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      if (!(error instanceof DemoError)) this.logger.error(message);
      await this.runs.update(
        { id: runId },
        { status: 'failed', phase: 'Failed', message, finishedAt: new Date() },
      );
    }
  }

  private active(repo: Repository<DemoRun>): Promise<DemoRun | null> {
    return repo.findOne({
      where: {
        status: In(['queued', 'running']),
        createdAt: MoreThan(new Date(Date.now() - ABANDONED_AFTER_MS)),
      },
      order: { createdAt: 'DESC' },
    });
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { JobQueue, QueueWaiting } from '../jobs/job-queue.service';
import { Metrics } from './metrics.service';

/** Counts above this show as this: the figure says "a large backlog" either way. */
export const QUEUE_COUNT_CAP = 100_000;

/**
 * Job queue depth and age, read from the database when Prometheus scrapes (a gauge's collect),
 * so nothing is counted on the paths that queue or run jobs. The three gauges share one
 * bounded query (JobQueue.waitingStats). Should it fail, the scrape still answers, without them.
 */
@Injectable()
export class QueueGauges implements OnModuleInit {
  private readonly logger = new Logger(QueueGauges.name);
  /** The query under way: the gauges of a scrape (collected together) share it. */
  private reading?: Promise<QueueWaiting[]>;

  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const gauge = (name: string, help: string, value: (q: QueueWaiting) => number) => {
      const read = () => this.stats();
      return new Gauge({
        name,
        help,
        labelNames: ['queue'] as const,
        registers,
        async collect() {
          this.reset();
          for (const q of await read()) this.set({ queue: q.queue }, value(q));
        },
      });
    };
    gauge(
      'tandem_job_queue_depth',
      `Jobs waiting whose start time has come, per queue (counted up to ${QUEUE_COUNT_CAP}).`,
      (q) => q.due,
    );
    gauge(
      'tandem_job_queue_scheduled',
      `Jobs waiting for a later start time, per queue (counted up to ${QUEUE_COUNT_CAP}).`,
      (q) => q.later,
    );
    gauge(
      'tandem_job_queue_oldest_age_seconds',
      'Seconds the oldest job whose start time has come has been waiting, per queue; 0 when none.',
      (q) => q.oldestDueSeconds,
    );
  }

  private stats(): Promise<QueueWaiting[]> {
    this.reading ??= this.jobs
      .waitingStats(QUEUE_COUNT_CAP)
      .catch((error: Error) => {
        this.logger.warn(`Could not read the job queues for /metrics: ${error.message}`);
        return [];
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}

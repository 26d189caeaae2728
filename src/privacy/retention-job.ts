import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service';
import { RetentionService } from './retention.service';

export const RETENTION_QUEUE = 'privacy-retention';
/** Every day at 02:30 UTC, a quiet hour for most companies. */
export const RETENTION_CRON = '30 2 * * *';

/** The daily run of the retention policy (a no-op while the policy is off). */
@Injectable()
export class RetentionJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly retention: RetentionService,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({
      name: RETENTION_QUEUE,
      policy: 'short',
      retryLimit: 2,
      retryDelay: 300,
    });
    this.jobs.work({
      queue: RETENTION_QUEUE,
      handler: async () => void (await this.retention.apply()),
    });
    this.jobs.scheduleEvery(RETENTION_QUEUE, RETENTION_CRON);
  }
}

import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service';

/**
 * The pg-boss job queue (schema `pgboss`) every module queues its jobs on: queues, workers,
 * periodic schedules, bulk sends and the keep-alive of long-running jobs. One JobQueue per
 * application, however many modules import this.
 */
@Module({
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}

import { Global, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsServer } from './metrics-server';
import { Metrics } from './metrics.service';
import { QueueGauges } from './queue-gauges';

/**
 * The operators' view: one Prometheus registry per instance (Metrics) that other modules
 * record into, gauges read at scrape time, and /metrics (a route on the app's port behind
 * METRICS_TOKEN, or a listener of its own on METRICS_PORT).
 */
@Global()
@Module({
  imports: [JobsModule],
  providers: [Metrics, QueueGauges, MetricsServer],
  exports: [Metrics, MetricsServer],
})
export class MetricsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsModule } from '../analytics/analytics.module';
import { JobsModule } from '../jobs/jobs.module';
import { DemoController } from './demo.controller';
import { DemoGeneratorService } from './demo-generator.service';
import { DemoRunsService } from './demo-runs.service';
import { DemoRun } from './entities/demo-run.entity';

/**
 * The demo company: a seeded, planted-model company loaded from the CLI (`demo`) or from the
 * empty dashboard's button (a background job with a progress page).
 */
@Module({
  imports: [TypeOrmModule.forFeature([DemoRun]), JobsModule, AnalyticsModule],
  controllers: [DemoController],
  providers: [DemoGeneratorService, DemoRunsService],
  exports: [DemoGeneratorService, DemoRunsService],
})
export class DemoModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsModule } from '../analytics/analytics.module';
import { CyclesModule } from '../cycles/cycles.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { JobsModule } from '../jobs/jobs.module';
import { RespondModule } from '../respond/respond.module';
import { SurveysModule } from '../surveys/surveys.module';
import { DemoController } from './demo.controller';
import { DemoGeneratorService } from './demo-generator.service';
import { DemoRunsService } from './demo-runs.service';
import { DemoRun } from './entities/demo-run.entity';

/**
 * The demo company: a seeded, planted-model company loaded from the CLI (`demo`) or from the
 * empty dashboard's button (a background job with a progress page).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([DemoRun]),
    JobsModule,
    AnalyticsModule,
    CyclesModule,
    DeliveryModule,
    DirectoryModule,
    RespondModule,
    SurveysModule,
  ],
  controllers: [DemoController],
  providers: [DemoGeneratorService, DemoRunsService],
  exports: [DemoGeneratorService, DemoRunsService],
})
export class DemoModule {}

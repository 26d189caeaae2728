import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CycleBulkService } from './cycle-bulk.service';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { SurveysModule } from '../surveys/surveys.module';
import { JobsModule } from '../jobs/jobs.module';
import { AdminCyclesController } from './admin-cycles.controller';
import { CycleEvents } from './cycle-events';
import { CycleLaunchService } from './cycle-launch.service';
import { CycleLifecycleService } from './cycle-lifecycle.service';
import { CycleStatsService } from './cycle-stats.service';
import { CyclesApiController } from './cycles-api.controller';
import { CyclesService } from './cycles.service';
import { CycleWindowsService } from './cycle-windows.service';
import { Cycle } from './entities/cycle.entity';
import { CycleEvent } from './entities/cycle-event.entity';
import { AdminCycleSteeringController } from './admin-cycle-steering.controller';
import { CycleHistory } from './cycle-history.service';
import { CyclePages } from './cycle-pages.service';
import { CycleReachService } from './cycle-reach.service';
import { CycleSteeringService } from './cycle-steering.service';

/**
 * Paired cycles: create, launch, the scheduled → open → closed lifecycle (jobs), recurrence,
 * steering a live cycle (remind now, extend, close now, with its history) and live delivery
 * counts. Other modules subscribe to CycleEvents (e.g. `onClosed`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Cycle, CycleEvent]),
    forwardRef(() => DeliveryModule),
    forwardRef(() => SurveysModule),
    DirectoryModule,
    JobsModule,
  ],
  controllers: [AdminCyclesController, AdminCycleSteeringController, CyclesApiController],
  providers: [
    CycleBulkService,
    CyclesService,
    CycleWindowsService,
    CycleLaunchService,
    CycleLifecycleService,
    CycleStatsService,
    CycleEvents,
    CycleHistory,
    CyclePages,
    CycleReachService,
    CycleSteeringService,
  ],
  exports: [
    CycleBulkService,
    CyclesService,
    CycleWindowsService,
    CycleLaunchService,
    CycleLifecycleService,
    CycleStatsService,
    CycleEvents,
  ],
})
export class CyclesModule {}

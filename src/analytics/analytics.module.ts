import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { DirectoryModule } from '../directory/directory.module';
import { RespondModule } from '../respond/respond.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ResponseImportPreview } from './entities/response-import-preview.entity';
import { BootstrapThread } from './bootstrap-thread';
import { UnitCycleStat } from './entities/unit-cycle-stat.entity';
import { UnitCycleStatPack } from './entities/unit-cycle-stat-pack.entity';
import { HistoricalImportController } from './historical-import.controller';
import { HistoricalImportService } from './historical-import.service';
import { ResponseImportPreviewsService } from './response-import-previews.service';
import { ResponseImportsApiController } from './response-imports-api.controller';
import { LinkageController } from './linkage.controller';
import { LinkageService } from './linkage.service';
import { DashboardReads } from './queries/dashboard-reads.service';
import { UnitCommentsService } from './unit-comments.service';
import { UnitCycleTableService } from './unit-cycle-table.service';
import { UnitResultsService } from './unit-results.service';
import { UnitStatsListener } from './unit-stats.listener';
import { UnitStatsService } from './unit-stats.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UnitCycleStat, UnitCycleStatPack, ResponseImportPreview]),
    CyclesModule,
    DirectoryModule,
    SurveysModule,
    RespondModule,
  ],
  controllers: [LinkageController, HistoricalImportController, ResponseImportsApiController],
  providers: [
    BootstrapThread,
    UnitStatsService,
    UnitStatsListener,
    UnitResultsService,
    UnitCycleTableService,
    UnitCommentsService,
    LinkageService,
    HistoricalImportService,
    ResponseImportPreviewsService,
    DashboardReads,
  ],
  exports: [
    UnitStatsService,
    UnitResultsService,
    UnitCycleTableService,
    UnitCommentsService,
    LinkageService,
    HistoricalImportService,
    DashboardReads,
  ],
})
export class AnalyticsModule {}

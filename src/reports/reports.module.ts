import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { CyclesModule } from '../cycles/cycles.module';
import { DirectoryModule } from '../directory/directory.module';
import { FollowThroughModule } from '../follow-through/follow-through.module';
import { AnalysisBundleService } from './analysis-bundle.service';
import { ReportCache } from './report-cache';
import { ReportDataService } from './report-data.service';
import { ReportIndexService } from './report-index.service';
import { ReportPagesService } from './report-pages.service';
import { ReportScopeService } from './report-scope.service';
import { ReportTrendsService } from './report-trends.service';
import { ReportViews } from './report-views';
import { ReportWarmer } from './report-warmer';
import { ReportsApiController } from './reports-api.controller';
import { ReportsController } from './reports.controller';
import { ResponseRatesService } from './response-rates.service';

/**
 * Report pages, their CSV tables and JSON, on top of the analytics layer (which applies the
 * anonymity rules) and the cycles module (response rates).
 */
@Module({
  imports: [AnalyticsModule, CyclesModule, DirectoryModule, FollowThroughModule],
  controllers: [ReportsController, ReportsApiController],
  providers: [
    AnalysisBundleService,
    ReportCache,
    ReportDataService,
    ReportIndexService,
    ReportPagesService,
    ReportScopeService,
    ReportTrendsService,
    ResponseRatesService,
    ReportViews,
    ReportWarmer,
  ],
  exports: [ReportDataService],
})
export class ReportsModule {}

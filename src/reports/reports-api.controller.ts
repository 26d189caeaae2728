import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { AnalysisBundleService } from './analysis-bundle.service';
import {
  LinkageRangeQueryDto,
  LinkageMetricsQueryDto,
  UnitDashboardQueryDto,
} from './dto/report-query.dto';
import {
  LinkageReportDataDto,
  ParticipationReportDto,
  UnitDashboardDto,
  UnitParticipationDto,
} from './dto/report-response.dto';
import { ReportDataService } from './report-data.service';
import { sendBundle } from './reports.controller';
import type {
  LinkageReportData,
  ParticipationReport,
  UnitDashboardData,
  UnitParticipation,
} from './report.types';

const oneOf = (...models: (new () => object)[]) => ({
  schema: { oneOf: models.map((m) => ({ $ref: getSchemaPath(m) })) },
});

/**
 * The report pages as JSON: the same data, with the same anonymity rules and scoping. A cycle
 * that is still open gives `{ resultsAvailable: false, cycle, message, responseRates }`.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(
  LinkageReportDataDto,
  ParticipationReportDto,
  UnitDashboardDto,
  UnitParticipationDto,
)
@Controller('api/v1/reports')
export class ReportsApiController {
  constructor(
    private readonly data: ReportDataService,
    private readonly bundles: AnalysisBundleService,
  ) {}

  @Get('cycles/:id')
  @ApiOperation({
    summary: 'Linkage report of one cycle',
    description:
      'The linkage analysis (as GET /api/v1/cycles/{id}/linkage) with what the report page adds: results by unit, trends over up to eight closed cycles, response rates and employee comments. Managers get their own subtree. While the cycle is open there are no results: the answer is its participation (`resultsAvailable: false`, response counts and rates from invitations) and a message saying when results appear.',
  })
  @ApiParam({ name: 'id', description: 'Cycle id or period label.' })
  @ApiOkResponse(oneOf(LinkageReportDataDto, ParticipationReportDto))
  cycle(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: LinkageMetricsQueryDto,
  ): Promise<LinkageReportData | ParticipationReport> {
    return this.data.cycleView(me, id, query);
  }

  @Get('linkage')
  @ApiOperation({
    summary: 'Linkage report across consecutive cycles',
    description:
      'As GET /api/v1/linkage, with results by unit for the last closed cycle, trends across the range, response rates and comments. Open cycles in the range are left out and listed in `linkage.withheld`.',
  })
  @ApiOkResponse({ type: LinkageReportDataDto })
  range(@Me() me: CurrentUser, @Query() query: LinkageRangeQueryDto): Promise<LinkageReportData> {
    return this.data.rangeReport(me, query.from, query.to, query);
  }

  @Get('linkage/analysis')
  @ApiOperation({
    summary: 'The analysis bundle of a linkage report across cycles (zip)',
    description:
      "units.csv (the unit × cycle table as the report shows it to this reader: hidden cells empty, a manager only their subtree), codebook.md, analysis.R (Rscript with lme4 reproduces the per-cycle r, the between/within and the lagged within-unit models into results.json) and report.json (the report's own numbers under the same names). Closed cycles only: open ones in the range are left out, and a range with none closed answers 409.",
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'tandem-analysis-<from>-to-<to>.zip' })
  async rangeAnalysis(
    @Me() me: CurrentUser,
    @Query() query: LinkageRangeQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return sendBundle(reply, await this.bundles.forRange(me, query.from, query.to, query));
  }

  @Get('cycles/:id/analysis')
  @ApiOperation({
    summary: "The analysis bundle of one cycle's linkage report (zip)",
    description:
      'As GET /api/v1/reports/linkage/analysis for the cycle and the closed cycle before it. An open cycle answers 409 RESULTS_NOT_YET_AVAILABLE.',
  })
  @ApiParam({ name: 'id', description: 'Cycle id or period label.' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'tandem-analysis-<cycle>.zip' })
  async cycleAnalysis(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: LinkageMetricsQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return sendBundle(reply, await this.bundles.forCycle(me, id, query));
  }

  @Get('units/:id')
  @ApiOperation({
    summary: "A unit dashboard: the unit's subtree against the whole company",
    description:
      'Managers may open units in their own subtree only (403 otherwise). Employee figures of groups under ANONYMITY_MIN responses, or needed to protect such a group, are hidden with a reason. Without `cycle`, the latest closed cycle (or, before any has closed, the latest open one). An open cycle gives its participation only (`resultsAvailable: false`).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse(oneOf(UnitDashboardDto, UnitParticipationDto))
  unit(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: UnitDashboardQueryDto,
  ): Promise<UnitDashboardData | UnitParticipation> {
    return this.data.unitDashboard(me, id, query.cycle);
  }
}

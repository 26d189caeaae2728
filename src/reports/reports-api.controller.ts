import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Me } from '../auth/current-user';
import {
  LinkageRangeQueryDto,
  LinkageMetricsQueryDto,
  UnitDashboardQueryDto,
} from './dto/report-query.dto';
import { LinkageReportDataDto, UnitDashboardDto } from './dto/report-response.dto';
import { ReportDataService } from './report-data.service';
import type { LinkageReportData, UnitDashboardData } from './report.types';

/** The report pages as JSON: the same data, with the same anonymity rules and scoping. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsApiController {
  constructor(private readonly data: ReportDataService) {}

  @Get('cycles/:id')
  @ApiOperation({
    summary: 'Linkage report of one cycle',
    description:
      'The linkage analysis (as GET /api/v1/cycles/{id}/linkage) with what the report page adds: results by unit, trends over up to eight cycles, response rates and employee comments. Managers get their own subtree.',
  })
  @ApiParam({ name: 'id', description: 'Cycle id or period label.' })
  @ApiOkResponse({ type: LinkageReportDataDto })
  cycle(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: LinkageMetricsQueryDto,
  ): Promise<LinkageReportData> {
    return this.data.cycleReport(me, id, query);
  }

  @Get('linkage')
  @ApiOperation({
    summary: 'Linkage report across consecutive cycles',
    description:
      'As GET /api/v1/linkage, with results by unit for the last cycle, trends across the range, response rates and comments.',
  })
  @ApiOkResponse({ type: LinkageReportDataDto })
  range(@Me() me: CurrentUser, @Query() query: LinkageRangeQueryDto): Promise<LinkageReportData> {
    return this.data.rangeReport(me, query.from, query.to, query);
  }

  @Get('units/:id')
  @ApiOperation({
    summary: "A unit dashboard: the unit's subtree against the whole company",
    description:
      'Managers may open units in their own subtree only (403 otherwise). Employee figures of groups under ANONYMITY_MIN responses, or needed to protect such a group, are hidden with a reason.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UnitDashboardDto })
  unit(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: UnitDashboardQueryDto,
  ): Promise<UnitDashboardData> {
    return this.data.unitDashboard(me, id, query.cycle);
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Me } from '../auth/current-user';
import {
  LinkageMetricsQueryDto,
  LinkageRangeQueryDto,
  UnitResultsQueryDto,
} from './dto/linkage-query.dto';
import { HiddenFigureDto, LinkageReportDto, UnitResultsDto } from './dto/linkage-report.dto';
import { LinkageReport, LinkageService } from './linkage.service';
import { UnitResults, UnitResultsService } from './unit-results.service';

const CYCLE_PARAM = { name: 'id', description: 'Cycle id or period label.' };

@ApiTags('linkage')
@ApiBearerAuth()
@ApiExtraModels(HiddenFigureDto)
@Controller('api/v1')
export class LinkageController {
  constructor(
    private readonly linkage: LinkageService,
    private readonly results: UnitResultsService,
  ) {}

  @Get('cycles/:id/linkage')
  @ApiOperation({
    summary: 'Linkage analysis of one cycle',
    description:
      'Units with at least ANONYMITY_MIN employee and MIN_CUSTOMER_RESPONSES customer responses enter; the others are listed as excluded with their reasons. The previous closed cycle is included so the cross-lagged comparison has a "before". Managers see their own subtree only. Results exist only once a cycle is closed: an open cycle answers 409 RESULTS_NOT_YET_AVAILABLE (its participation is in GET /api/v1/reports/cycles/{id}).',
  })
  @ApiParam(CYCLE_PARAM)
  @ApiOkResponse({ type: LinkageReportDto })
  forCycle(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: LinkageMetricsQueryDto,
  ): Promise<LinkageReport> {
    return this.linkage.forCycle(me, id, query);
  }

  @Get('linkage')
  @ApiOperation({
    summary: 'Linkage analysis across consecutive cycles',
    description:
      'Every closed cycle from `from` to `to` (ids or period labels), with cross-lagged comparisons between each consecutive pair; the synchronous analysis is of the last closed cycle. Open cycles in the range are left out and listed in `withheld`, with the date their results appear.',
  })
  @ApiOkResponse({ type: LinkageReportDto })
  forRange(@Me() me: CurrentUser, @Query() query: LinkageRangeQueryDto): Promise<LinkageReport> {
    return this.linkage.forRange(me, query.from, query.to, query);
  }

  @Get('cycles/:id/unit-results')
  @ApiOperation({
    summary: 'Employee results per unit subtree, with anonymity applied',
    description:
      'Groups under ANONYMITY_MIN responses (comments: COMMENT_MIN) are hidden with a reason, and a sibling is hidden too wherever a parent minus its visible children would reveal a hidden group. Managers get 403 outside their subtree. An open cycle answers 409 RESULTS_NOT_YET_AVAILABLE: results appear when it closes.',
  })
  @ApiParam(CYCLE_PARAM)
  @ApiOkResponse({ type: UnitResultsDto })
  unitResults(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: UnitResultsQueryDto,
  ): Promise<UnitResults> {
    return this.results.forCycle(me, id, query.unitId);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Me } from '../auth/current-user';
import { UnitStatsService } from '../analytics/unit-stats.service';
import { ImpactQueryDto } from './dto/impact-query.dto';
import { impactView } from './follow-through-impact-view';
import { FollowThroughImpactService } from './follow-through-impact.service';
import { Page } from '../common/page.decorator';

/** "Does following through matter?" as a page and as JSON. */
@ApiTags('Follow-through')
@ApiBearerAuth()
@Controller()
export class ImpactController {
  constructor(
    private readonly impact: FollowThroughImpactService,
    private readonly stats: UnitStatsService,
  ) {}

  @Get('follow-through/impact')
  @ApiExcludeEndpoint()
  @Page('follow-through/impact')
  async page(@Me() me: CurrentUser, @Query() query: ImpactQueryDto) {
    const [comparison, cycles] = await Promise.all([
      this.impact.compare(me, query),
      this.stats.listCycles(),
    ]);
    const first = comparison.pairs[0]?.from.id ?? cycles[0]?.id;
    const last = comparison.pairs.at(-1)?.to.id ?? cycles.at(-1)?.id;
    const options = (selected: string | undefined) =>
      cycles.map((c) => ({ id: c.id, label: c.label, selected: c.id === selected }));
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ).toString();
    return {
      title: 'Does following through matter?',
      section: 'impact',
      impact: { ...impactView(comparison), standalone: true },
      from: options(first),
      to: options(last),
      jsonUrl: `/api/v1/follow-through/impact${params ? `?${params}` : ''}`,
    };
  }

  @Get('api/v1/follow-through/impact')
  @ApiOperation({
    summary:
      'Units that resolved follow-ups on time / completed action plans against the others: change in engagement, NPS and CSAT to the next cycle (Welch difference with 95% CI, N, exploratory flag)',
  })
  @ApiOkResponse({ description: 'The comparison, per group and outcome' })
  compare(@Me() me: CurrentUser, @Query() query: ImpactQueryDto) {
    return this.impact.compare(me, query);
  }
}

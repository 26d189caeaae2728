import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { sendCsv } from '../common/csv-download';
import { ActionPlanShareService } from './action-plan-share.service';
import { ActionPlansService } from './action-plans.service';
import {
  ActionInputDto,
  CoverageQueryDto,
  CreateActionPlanDto,
  PlanQueryDto,
  UpdateActionDto,
} from './dto/action-plan.dto';
import { PlanBasisDto, PlanDetailDto, PlanPageDto, ShareOutcomeDto } from './dto/responses.dto';
import { PlanCoverageService } from './plan-coverage.service';

@ApiTags('Follow-through: team action plans')
@ApiBearerAuth()
@Controller('api/v1/action-plans')
export class ActionPlansApiController {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly coverage: PlanCoverageService,
    private readonly sharing: ActionPlanShareService,
  ) {}

  @Get()
  @ApiOkResponse({ type: PlanPageDto })
  list(@Me() me: CurrentUser, @Query() query: PlanQueryDto) {
    return this.plans.list(me, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per action (formula-like cells neutralized)' })
  async export(@Me() me: CurrentUser, @Query() query: PlanQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'action-plans.csv', await this.plans.exportRows(me, query));
  }

  @Get('coverage')
  @ApiOperation({ summary: 'Which units could plan, which have plans, which are overdue' })
  @ApiOkResponse({ description: 'Per unit: eligibility, plan progress, follow-ups' })
  coverageOf(@Me() me: CurrentUser, @Query() query: CoverageQueryDto) {
    return this.coverage.coverage(me, query.cycle);
  }

  @Get('basis')
  @ApiOperation({ summary: "A unit's lowest employee dimensions after a closed cycle" })
  @ApiOkResponse({ type: PlanBasisDto })
  async basis(
    @Me() me: CurrentUser,
    @Query('cycle', ParseUUIDPipe) cycle: string,
    @Query('unit', ParseUUIDPipe) unit: string,
  ) {
    return (await this.plans.basis(me, cycle, unit)).basis;
  }

  @Get(':id')
  @ApiOkResponse({ type: PlanDetailDto })
  get(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.plans.get(me, id);
  }

  @Post()
  @ApiOperation({
    summary: 'Commit to 1–3 actions (units at or above the anonymity threshold only)',
  })
  @ApiCreatedResponse({ type: PlanDetailDto })
  async create(@Me() me: CurrentUser, @Body() body: CreateActionPlanDto) {
    return this.plans.get(me, await this.plans.create(me, body));
  }

  @Post(':id/actions')
  @ApiCreatedResponse({ type: PlanDetailDto })
  async addAction(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ActionInputDto,
  ) {
    await this.plans.addAction(me, id, body);
    return this.plans.get(me, id);
  }

  @Patch(':id/actions/:actionId')
  @ApiOperation({ summary: 'Update an action: status, wording, owner or due date' })
  @ApiOkResponse({ type: PlanDetailDto })
  async updateAction(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('actionId', ParseUUIDPipe) actionId: string,
    @Body() body: UpdateActionDto,
  ) {
    await this.plans.updateAction(me, id, actionId, body);
    return this.plans.get(me, id);
  }

  @Post(':id/share')
  @HttpCode(200)
  @ApiOperation({ summary: "Email the plan to the unit's active employees" })
  @ApiOkResponse({ type: ShareOutcomeDto })
  async share(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return { recipients: await this.sharing.share(me, id) };
  }
}

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
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Me, type CurrentUser } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { actorOf } from './cycle-actor';
import { CycleHistory } from './cycle-history.service';
import { CycleLaunchService } from './cycle-launch.service';
import { CycleStatsService } from './cycle-stats.service';
import { CycleSteeringService } from './cycle-steering.service';
import { CyclesService } from './cycles.service';
import { CreateCycleDto, UpdateCyclePilotDto } from './dto/create-cycle.dto';
import { ExtendCycleDto } from './dto/extend-cycle.dto';
import { Cycle } from './entities/cycle.entity';

function toJson(cycle: Cycle) {
  return {
    id: cycle.id,
    name: cycle.name,
    periodLabel: cycle.periodLabel,
    periodStart: cycle.periodStart,
    periodEnd: cycle.periodEnd,
    status: cycle.status,
    pilot: cycle.pilot,
    employeeSurveyId: cycle.employeeSurveyId,
    customerSurveyId: cycle.customerSurveyId,
    unitIds: cycle.targetUnits?.map((u) => u.id),
    opensAt: cycle.opensAt,
    closesAt: cycle.closesAt,
    reminderDays: cycle.reminderDays,
    recurrence: cycle.recurrence,
    launchedAt: cycle.launchedAt,
    closedAt: cycle.closedAt,
    previousCycleId: cycle.previousCycleId,
  };
}

@ApiTags('cycles')
@ApiBearerAuth()
@Roles('admin', 'hr')
@Controller('api/v1/cycles')
export class CyclesApiController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly launcher: CycleLaunchService,
    private readonly stats: CycleStatsService,
    private readonly steering: CycleSteeringService,
    private readonly history: CycleHistory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List cycles, newest first' })
  @ApiQuery({ name: 'page', required: false, type: Number })
  async list(@Query('page') page?: string) {
    const result = await this.cycles.list(page);
    return { ...result, items: result.items.map(toJson) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cycle with its target units' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toJson(await this.cycles.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Create a draft cycle' })
  async create(@Body() body: CreateCycleDto) {
    const cycle = await this.cycles.create(body);
    return toJson(await this.cycles.get(cycle.id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Mark a cycle as a pilot or not',
    description:
      'Allowed in any state, after close too. A pilot is kept out of company trends, the dashboard headline and the default range of the cross-cycle report; its own report stays reachable by id or label.',
  })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateCyclePilotDto) {
    await this.cycles.setPilot(id, body.pilot);
    return toJson(await this.cycles.get(id));
  }

  @Post(':id/launch')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Launch (idempotent)',
    description:
      'Locks the surveys and schedules the cycle; if it opens now, creates the invitations and queues the emails. Repeating the call resumes an interrupted launch and never sends twice. `warnings.smallGroups` lists the target groups (a unit with the units below it) that can never show results: fewer employees than `anonymityMin`, or fewer customer contacts than `minCustomerResponses` (such a unit never enters the linkage analysis).',
  })
  async launch(@Param('id', ParseUUIDPipe) id: string) {
    await this.launcher.launch(id);
    const { reach } = await this.launcher.preview(id);
    return {
      ...toJson(await this.cycles.get(id)),
      counts: await this.stats.status(id),
      warnings: reach,
    };
  }

  @Post(':id/remind')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a reminder now',
    description:
      'Queues a reminder to everyone who was sent the survey, has not answered, has not unsubscribed and was not emailed by this cycle within the last REMINDER_GAP_HOURS (default 24): nobody gets two reminders within that window, however often this is called. Only while the cycle is open. Recorded in the cycle history.',
  })
  @ApiConflictResponse({ description: 'The cycle is not open (not yet, or closed).' })
  async remind(@Param('id', ParseUUIDPipe) id: string, @Me() me: CurrentUser) {
    return { id, ...(await this.steering.remindNow(id, actorOf(me))) };
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the closing time later',
    description:
      'For a scheduled or open cycle. The new time must be later than now and than the current closing time. Survey links, respondent pages and later emails show the new time; reminder days before it go out. Recorded in the cycle history.',
  })
  @ApiUnprocessableEntityResponse({ description: 'The new time is not later.' })
  @ApiConflictResponse({ description: 'The cycle is closed or not launched.' })
  async extend(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ExtendCycleDto,
    @Me() me: CurrentUser,
  ) {
    await this.steering.extend(id, new Date(body.closesAt), actorOf(me));
    return toJson(await this.cycles.get(id));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close now',
    description:
      'Closes a scheduled or open cycle at once, as its closing time would: survey links stop working and results are prepared. Recorded in the cycle history. Closing a closed cycle is a 409.',
  })
  @ApiConflictResponse({ description: 'The cycle is already closed, or not launched.' })
  async close(@Param('id', ParseUUIDPipe) id: string, @Me() me: CurrentUser) {
    await this.steering.closeNow(id, actorOf(me));
    return toJson(await this.cycles.get(id));
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'What was done to the cycle, newest first',
    description:
      'Reminders (sent now or on schedule), new closing times and the close, each with who (`actorName`; null: on schedule) and when.',
  })
  async events(@Param('id', ParseUUIDPipe) id: string) {
    await this.cycles.get(id);
    return { items: await this.history.list(id) };
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'Status with sent / failed / answered counts per audience' })
  @ApiOkResponse({ description: 'Employee figures are counts only.' })
  async status(@Param('id', ParseUUIDPipe) id: string) {
    const cycle = await this.cycles.get(id);
    const { employee, customer } = await this.stats.status(id);
    return { id, status: cycle.status, employee, customer };
  }

  @Get(':id/units')
  @ApiOperation({ summary: 'Response rates per unit' })
  async units(@Param('id', ParseUUIDPipe) id: string) {
    await this.cycles.get(id);
    return { items: (await this.stats.status(id)).units };
  }
}

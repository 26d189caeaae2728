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
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { CycleLaunchService } from './cycle-launch.service';
import { CycleStatsService } from './cycle-stats.service';
import { CyclesService } from './cycles.service';
import { CreateCycleDto, UpdateCyclePilotDto } from './dto/create-cycle.dto';
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
      'Locks the surveys and schedules the cycle; if it opens now, creates the invitations and queues the emails. Repeating the call resumes an interrupted launch and never sends twice.',
  })
  async launch(@Param('id', ParseUUIDPipe) id: string) {
    await this.launcher.launch(id);
    return { ...toJson(await this.cycles.get(id)), counts: await this.stats.status(id) };
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

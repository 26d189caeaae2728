import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { CycleLaunchService } from './cycle-launch.service';
import { CyclePages, isTicked, localInput, STATUS_LABELS } from './cycle-pages.service';
import { CyclesService } from './cycles.service';
import { CreateCycleDto, UpdateCyclePilotDto } from './dto/create-cycle.dto';
import { RECURRENCES } from './entities/cycle.entity';
import { Page } from '../common/page.decorator';

const RECURRENCE_LABELS = {
  none: 'Does not repeat',
  monthly: 'Every month',
  quarterly: 'Every quarter',
};

@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/cycles')
export class AdminCyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly launcher: CycleLaunchService,
    private readonly cyclePages: CyclePages,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('cycles/index')
  async list(@Query('page') page?: string) {
    const result = await this.cycles.list(page);
    return {
      title: 'Cycles',
      ...result,
      items: result.items.map((c) => ({ ...c, statusLabel: STATUS_LABELS[c.status] })),
      query: {},
    };
  }

  @Get('new')
  @Page('cycles/new')
  async showNew() {
    const opens = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000);
    const closes = new Date(opens.getTime() + 14 * 24 * 3_600_000);
    const today = new Date().toISOString().slice(0, 10);
    const surveys = await this.cycles.surveyChoices();
    return this.formModel(
      {
        periodStart: today,
        periodEnd: today,
        opensAt: localInput(opens),
        closesAt: localInput(closes),
        reminderDays: '3, 7',
        recurrence: 'none',
        employeeSurveyId: surveys.find((s) => s.audience === 'employee')?.id,
        customerSurveyId: surveys.find((s) => s.audience === 'customer')?.id,
        unitIds: [],
      },
      {},
    );
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateCycleDto,
      view: 'cycles/new',
      model: (values, errors) => this.formModel(values, errors),
      submit: async (value) => {
        const cycle = await this.cycles.create(value);
        return redirectTo(
          `/admin/cycles/${cycle.id}`,
          'Cycle created as a draft. Check it, then launch it.',
        );
      },
    });
  }

  @Get(':id')
  @Page('cycles/show')
  async show(@Param('id', ParseUUIDPipe) id: string) {
    return this.cyclePages.show(id, {}, {});
  }

  /** Marks the cycle as a pilot or not, in any state (after close too). */
  @Post(':id/pilot')
  async setPilot(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    return postForm(this.pages, request, reply, {
      // An unticked checkbox posts nothing: that is "not a pilot".
      body: { pilot: 'false', ...(typeof body === 'object' ? body : {}) },
      dto: UpdateCyclePilotDto,
      view: 'cycles/show',
      model: (values, errors) => this.cyclePages.show(id, values, errors),
      submit: async ({ pilot }) => {
        await this.cycles.setPilot(id, pilot);
        return redirectTo(
          `/admin/cycles/${id}`,
          pilot
            ? 'Marked as a pilot: kept out of company trends, the dashboard headline and the default range.'
            : 'No longer a pilot: the cycle counts in company trends and ranges again.',
        );
      },
    });
  }

  @Get(':id/launch')
  @Page('cycles/launch')
  async confirmLaunch(@Param('id', ParseUUIDPipe) id: string) {
    return this.cyclePages.launch(id, {});
  }

  @Post(':id/launch')
  async launch(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    return postForm(this.pages, request, reply, {
      view: 'cycles/launch',
      model: (_values, errors) => this.cyclePages.launch(id, errors),
      submit: async () => {
        await this.launcher.launch(id);
        return redirectTo(`/admin/cycles/${id}`, 'Cycle launched. Emails go out when it opens.');
      },
    });
  }

  private async formModel(values: Record<string, unknown>, errors: Record<string, string>) {
    const surveys = await this.cycles.surveyChoices();
    const chosenUnits = new Set(
      Array.isArray(values.unitIds)
        ? values.unitIds.map(String)
        : values.unitIds
          ? [String(values.unitIds)]
          : [],
    );
    const option = (s: { id: string; name: string }, selected: unknown) => ({
      id: s.id,
      name: s.name,
      selected: s.id === selected,
    });
    return {
      title: 'New cycle',
      values: { ...values, pilotChecked: isTicked(values.pilot) },
      errors,
      employeeSurveys: surveys
        .filter((s) => s.audience === 'employee')
        .map((s) => option(s, values.employeeSurveyId)),
      customerSurveys: surveys
        .filter((s) => s.audience === 'customer')
        .map((s) => option(s, values.customerSurveyId)),
      units: (await this.cycles.unitChoices()).map((u) => ({
        ...u,
        selected: chosenUnits.has(u.id),
      })),
      recurrences: RECURRENCES.map((r) => ({
        value: r,
        label: RECURRENCE_LABELS[r],
        selected: r === values.recurrence,
      })),
    };
  }
}

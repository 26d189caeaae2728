import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import type { FormResult } from '../common/form';
import { postForm, redirectTo } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { sendCsv } from '../common/csv-download';
import { ActionPlanShareService } from './action-plan-share.service';
import { ActionPlansService } from './action-plans.service';
import {
  ActionInputDto,
  CoverageQueryDto,
  PlanQueryDto,
  UpdateActionDto,
} from './dto/action-plan.dto';
import { canAct } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';
import { PlanCoverageService } from './plan-coverage.service';
import { actionsFromForm, coverageModel, planFormModel, planModel } from './plan-pages';
import { Page } from '../common/page.decorator';

const PATH = '/action-plans';

/** Team action plan pages: coverage after a cycle, the plan form, one plan with its trail. */
@ApiExcludeController()
@Controller('action-plans')
export class ActionPlansController {
  constructor(
    private readonly plans: ActionPlansService,
    private readonly coverage: PlanCoverageService,
    private readonly sharing: ActionPlanShareService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('follow-through/plans')
  async list(@Me() me: CurrentUser, @Query() query: CoverageQueryDto) {
    return coverageModel(await this.coverage.coverage(me, query.cycle), canAct(me));
  }

  @Get('export.csv')
  async export(@Me() me: CurrentUser, @Query() query: PlanQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'action-plans.csv', await this.plans.exportRows(me, query));
  }

  @Get('new')
  async showNew(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('cycle', ParseUUIDPipe) cycleId: string,
    @Query('unit', ParseUUIDPipe) unitId: string,
  ) {
    const me = request.currentUser!;
    const basis = await this.eligibleBasis(me, cycleId, unitId);
    if (basis.existingPlanId) return reply.redirect(`${PATH}/${basis.existingPlanId}`, 303);
    return this.pages.render(
      request,
      reply,
      'follow-through/plan-form',
      planFormModel(basis, {}, {}),
    );
  }

  @Post()
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ) {
    const me = request.currentUser!;
    const cycleId = String(body?.cycleId ?? '');
    const unitId = String(body?.unitId ?? '');
    const basis = await this.eligibleBasis(me, cycleId, unitId);
    return postForm(this.pages, request, reply, {
      body,
      parse: readActions,
      view: 'follow-through/plan-form',
      model: (values, errors) => planFormModel(basis, values, errors),
      submit: async (actions) => {
        const id = await this.plans.create(me, { cycleId, unitId, actions });
        return redirectTo(
          `${PATH}/${id}`,
          'Plan saved. Share it with the team when you are ready.',
        );
      },
    });
  }

  @Get(':id')
  @Page('follow-through/plan')
  async show(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return planModel(await this.plans.get(me, id));
  }

  @Post(':id/actions')
  async addAction(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: ActionInputDto,
      view: 'follow-through/plan',
      model: async (values, errors) => planModel(await this.plans.get(me, id), errors, values),
      submit: async (value) => {
        await this.plans.addAction(me, id, value);
        return redirectTo(`${PATH}/${id}`, 'Action added.');
      },
    });
  }

  @Post(':id/actions/:actionId')
  async updateAction(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('actionId', ParseUUIDPipe) actionId: string,
    @Body() body: Record<string, unknown>,
  ) {
    const me = request.currentUser!;
    // Every action has its own small form on the plan page, so its fields are keyed by action.
    return postForm(this.pages, request, reply, {
      body,
      dto: UpdateActionDto,
      input: { status: body?.status, note: body?.note },
      errorKeys: { status: `status-${actionId}`, note: `note-${actionId}` },
      view: 'follow-through/plan',
      model: async (values, errors) =>
        planModel(await this.plans.get(me, id), errors, { [`note-${actionId}`]: values.note }),
      submit: async (value) => {
        await this.plans.updateAction(me, id, actionId, value);
        return redirectTo(`${PATH}/${id}`, 'Status updated.');
      },
    });
  }

  @Post(':id/share')
  async share(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      view: 'follow-through/plan',
      model: async (_values, errors) => planModel(await this.plans.get(me, id), errors),
      errorStatus: 409,
      submit: async () => {
        const recipients = await this.sharing.share(me, id);
        return redirectTo(
          `${PATH}/${id}`,
          `The plan is being emailed to ${recipients} people in the team.`,
        );
      },
    });
  }

  /** The plan form's basis; a unit below the anonymity threshold gets the 403 page instead. */
  private async eligibleBasis(me: CurrentUser, cycleId: string, unitId: string) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (!uuid.test(unitId)) throw new FollowThroughError(FollowThroughErrorCode.UNIT_NOT_FOUND);
    if (!uuid.test(cycleId)) throw new FollowThroughError(FollowThroughErrorCode.CYCLE_NOT_FOUND);
    const { unit, cycle, basis, existingPlanId } = await this.plans.basis(me, cycleId, unitId);
    if (!canAct(me)) throw new FollowThroughError(FollowThroughErrorCode.READ_ONLY);
    if (!basis.eligible) throw new FollowThroughError(FollowThroughErrorCode.BELOW_THRESHOLD);
    return { unit, cycle, basis, existingPlanId };
  }
}

/** The plan form's numbered action rows, read as one form result. */
async function readActions(body: unknown): Promise<FormResult<ActionInputDto[]>> {
  const { actions, errors } = await actionsFromForm((body ?? {}) as Record<string, unknown>);
  return { ok: Object.keys(errors).length === 0, value: actions, errors };
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { formValues, validateForm } from '../common/form';
import { PageRenderer } from '../common/page-renderer.service';
import { sendCsv } from '../directory/csv-download';
import { ActionPlanShareService } from './action-plan-share.service';
import { ActionPlansService } from './action-plans.service';
import {
  ActionInputDto,
  CoverageQueryDto,
  PlanQueryDto,
  UpdateActionDto,
} from './dto/action-plan.dto';
import { canAct } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode, formErrorsOf } from './follow-through.errors';
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
    const { actions, errors } = await actionsFromForm(body ?? {});
    const rerender = (e: Record<string, string>) =>
      this.pages.render(
        request,
        reply,
        'follow-through/plan-form',
        planFormModel(basis, formValues(body), e),
        422,
      );
    if (Object.keys(errors).length > 0) return rerender(errors);
    try {
      const id = await this.plans.create(me, { cycleId, unitId, actions });
      request.session.flash = 'Plan saved. Share it with the team when you are ready.';
      return reply.redirect(`${PATH}/${id}`, 303);
    } catch (error) {
      const formErrors = formErrorsOf(error);
      if (formErrors) return rerender(formErrors);
      throw error;
    }
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
    const form = await validateForm(ActionInputDto, body);
    const rerender = async (errors: Record<string, string>) =>
      this.pages.render(
        request,
        reply,
        'follow-through/plan',
        planModel(await this.plans.get(me, id), errors, formValues(body)),
        422,
      );
    if (!form.ok) return rerender(form.errors);
    try {
      await this.plans.addAction(me, id, form.value);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (errors) return rerender(errors);
      throw error;
    }
    request.session.flash = 'Action added.';
    return reply.redirect(`${PATH}/${id}`, 303);
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
    const form = await validateForm(UpdateActionDto, { status: body?.status, note: body?.note });
    if (!form.ok)
      return this.pages.render(
        request,
        reply,
        'follow-through/plan',
        planModel(await this.plans.get(me, id), { [`status-${actionId}`]: 'Choose a status.' }),
        422,
      );
    await this.plans.updateAction(me, id, actionId, form.value);
    request.session.flash = 'Status updated.';
    return reply.redirect(`${PATH}/${id}`, 303);
  }

  @Post(':id/share')
  async share(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    let recipients: number;
    try {
      recipients = await this.sharing.share(request.currentUser!, id);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      const plan = await this.plans.get(request.currentUser!, id);
      return this.pages.render(request, reply, 'follow-through/plan', planModel(plan, errors), 409);
    }
    request.session.flash = `The plan is being emailed to ${recipients} people in the team.`;
    return reply.redirect(`${PATH}/${id}`, 303);
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

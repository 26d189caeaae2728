import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { FieldErrors, formValues, validateForm } from '../common/form';
import { PageRenderer } from '../common/page-renderer.service';
import type { AppConfig } from '../config/app.config';
import { sendCsv } from '../directory/csv-download';
import {
  AssignFollowUpDto,
  ContactedDto,
  FollowUpNoteDto,
  FollowUpQueryDto,
  ResolveFollowUpDto,
} from './dto/follow-up.dto';
import { canAct } from './follow-through-access';
import { formErrorsOf } from './follow-through.errors';
import { FollowUpActionsService } from './follow-up-actions.service';
import { followUpDetailModel, followUpListModel } from './follow-up-pages';
import { FollowUpsService } from './follow-ups.service';
import { UnitChoicesService } from './unit-choices.service';
import { Page } from '../common/page.decorator';

const PATH = '/follow-ups';

/**
 * Pages for customer follow-ups. Each step is its own small form on the follow-up page; a form
 * with a mistake comes back at 422 with the message next to its field and the text kept.
 */
@ApiExcludeController()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly actions: FollowUpActionsService,
    private readonly units: UnitChoicesService,
    private readonly pages: PageRenderer,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Get()
  @Page('follow-through/follow-ups')
  async list(@Me() me: CurrentUser, @Query() query: FollowUpQueryDto) {
    const [result, units] = await Promise.all([
      this.followUps.list(me, query),
      this.units.choices(me),
    ]);
    return {
      ...followUpListModel(PATH, query, result, units),
      dueDays: this.config.get('followUp', { infer: true }).dueBusinessDays,
    };
  }

  @Get('export.csv')
  async export(
    @Me() me: CurrentUser,
    @Query() query: FollowUpQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return sendCsv(reply, 'follow-ups.csv', await this.followUps.exportRows(me, query));
  }

  @Get(':id')
  @Page('follow-through/follow-up')
  async show(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return followUpDetailModel(await this.followUps.get(me, id), canAct(me), {}, {});
  }

  @Post(':id/assign')
  async assign(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const form = await validateForm(AssignFollowUpDto, {
      assigneeId: body?.assigneeId,
      note: body?.assignNote,
    });
    return this.submit(request, reply, id, body, form, { note: 'assignNote' }, async (me) => {
      await this.actions.assign(me, id, form.value.assigneeId, form.value.note);
      return 'Assigned.';
    });
  }

  @Post(':id/contacted')
  async contacted(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const form = await validateForm(ContactedDto, { note: body?.contactNote });
    return this.submit(request, reply, id, body, form, { note: 'contactNote' }, async (me) => {
      await this.actions.markContacted(me, id, form.value.note);
      return 'Marked as contacted.';
    });
  }

  @Post(':id/notes')
  async note(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const form = await validateForm(FollowUpNoteDto, { note: body?.note });
    return this.submit(request, reply, id, body, form, {}, async (me) => {
      await this.actions.addNote(me, id, form.value.note);
      return 'Note added.';
    });
  }

  @Post(':id/resolve')
  async resolve(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const form = await validateForm(ResolveFollowUpDto, {
      note: body?.resolution,
      sendHeardYou: body?.sendHeardYou,
      message: body?.message,
    });
    return this.submit(request, reply, id, body, form, { note: 'resolution' }, async (me) => {
      const heardYou = await this.actions.resolve(me, id, form.value);
      if (heardYou === 'queued') return 'Resolved. The “we heard you” email is on its way.';
      if (heardYou === 'suppressed')
        return 'Resolved. No email was sent: the customer has unsubscribed.';
      return 'Resolved.';
    });
  }

  /** Runs a step, or re-renders the follow-up page with the form's errors at 422. */
  private async submit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body: unknown,
    form: { ok: boolean; errors: FieldErrors },
    fieldNames: Record<string, string>,
    run: (me: CurrentUser) => Promise<string>,
  ) {
    const me = request.currentUser!;
    const rerender = async (errors: FieldErrors) => {
      const renamed = Object.fromEntries(
        Object.entries(errors).map(([k, v]) => [fieldNames[k] ?? k, v]),
      );
      const detail = await this.followUps.get(me, id);
      return this.pages.render(
        request,
        reply,
        'follow-through/follow-up',
        followUpDetailModel(detail, canAct(me), renamed, formValues(body)),
        422,
      );
    };
    if (!form.ok) return rerender(form.errors);
    try {
      request.session.flash = await run(me);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (errors) return rerender(errors);
      throw error;
    }
    return reply.redirect(`${PATH}/${id}`, 303);
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { FormPost, postForm, redirectTo } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import type { AppConfig } from '../config/app.config';
import { sendCsv } from '../common/csv-download';
import {
  AssignFollowUpDto,
  ContactedDto,
  FollowUpNoteDto,
  FollowUpQueryDto,
  ResolveFollowUpDto,
} from './dto/follow-up.dto';
import { canAct } from './follow-through-access';
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
    const form = {
      dto: AssignFollowUpDto,
      input: { assigneeId: body?.assigneeId, note: body?.assignNote },
      errorKeys: { note: 'assignNote' },
    };
    return this.step(request, reply, id, body, form, async (me, value) => {
      await this.actions.assign(me, id, value.assigneeId, value.note);
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
    const form = {
      dto: ContactedDto,
      input: { note: body?.contactNote },
      errorKeys: { note: 'contactNote' },
    };
    return this.step(request, reply, id, body, form, async (me, value) => {
      await this.actions.markContacted(me, id, value.note);
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
    const form = { dto: FollowUpNoteDto, input: { note: body?.note } };
    return this.step(request, reply, id, body, form, async (me, value) => {
      await this.actions.addNote(me, id, value.note);
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
    const form = {
      dto: ResolveFollowUpDto,
      input: { note: body?.resolution, sendHeardYou: body?.sendHeardYou, message: body?.message },
      errorKeys: { note: 'resolution' },
    };
    return this.step(request, reply, id, body, form, async (me, value) => {
      const heardYou = await this.actions.resolve(me, id, value);
      if (heardYou === 'queued') return 'Resolved. The “we heard you” email is on its way.';
      if (heardYou === 'suppressed')
        return 'Resolved. No email was sent: the customer has unsubscribed.';
      return 'Resolved.';
    });
  }

  /** One step's form on the follow-up page; `run` does the step and returns the flash message. */
  private step<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body: unknown,
    form: Pick<FormPost<T>, 'dto' | 'input' | 'errorKeys'>,
    run: (me: CurrentUser, value: T) => Promise<string>,
  ) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      ...form,
      body,
      view: 'follow-through/follow-up',
      model: async (values, errors) =>
        followUpDetailModel(await this.followUps.get(me, id), canAct(me), errors, values),
      submit: async (value) => redirectTo(`${PATH}/${id}`, await run(me, value)),
    });
  }
}

import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { sendCsv } from '../common/csv-download';
import {
  AssignFollowUpDto,
  ContactedDto,
  FollowUpNoteDto,
  FollowUpQueryDto,
  ResolveFollowUpDto,
} from './dto/follow-up.dto';
import { FollowUpDetailDto, FollowUpPageDto, ResolveOutcomeDto } from './dto/responses.dto';
import { FollowUpActionsService } from './follow-up-actions.service';
import { FollowUpsService } from './follow-ups.service';

@ApiTags('Follow-through: customer follow-ups')
@ApiBearerAuth()
@Controller('api/v1/follow-ups')
export class FollowUpsApiController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly actions: FollowUpActionsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: FollowUpPageDto })
  list(@Me() me: CurrentUser, @Query() query: FollowUpQueryDto) {
    return this.followUps.list(me, query);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The filtered list as CSV (formula-like cells neutralized)' })
  async export(
    @Me() me: CurrentUser,
    @Query() query: FollowUpQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return sendCsv(reply, 'follow-ups.csv', await this.followUps.exportRows(me, query));
  }

  @Get(':id')
  @ApiOkResponse({ type: FollowUpDetailDto })
  get(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.followUps.get(me, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign to an employee of the serving unit (open → assigned)' })
  @ApiOkResponse({ type: FollowUpDetailDto })
  async assign(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignFollowUpDto,
  ) {
    await this.actions.assign(me, id, body.assigneeId, body.note);
    return this.followUps.get(me, id);
  }

  @Post(':id/contacted')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the customer was contacted' })
  @ApiOkResponse({ type: FollowUpDetailDto })
  async contacted(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ContactedDto,
  ) {
    await this.actions.markContacted(me, id, body.note);
    return this.followUps.get(me, id);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a note of what was done' })
  @ApiOkResponse({ type: FollowUpDetailDto })
  async note(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: FollowUpNoteDto,
  ) {
    await this.actions.addNote(me, id, body.note);
    return this.followUps.get(me, id);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolve, optionally sending the customer a "we heard you" email (never if unsubscribed)',
  })
  @ApiOkResponse({ type: ResolveOutcomeDto })
  async resolve(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResolveFollowUpDto,
  ) {
    const heardYou = await this.actions.resolve(me, id, body);
    return { heardYou, followUp: await this.followUps.get(me, id) };
  }
}

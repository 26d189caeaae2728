import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Me, type CurrentUser } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { actorOf } from './cycle-actor';
import { CyclePages } from './cycle-pages.service';
import { CycleSteeringService } from './cycle-steering.service';
import { ExtendCycleDto } from './dto/extend-cycle.dto';

const people = (n: number) => (n === 1 ? '1 person' : `${n.toLocaleString('en-US')} people`);

/** The cycle page's controls for a live cycle: remind now, extend, close now (confirmed). */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/cycles/:id')
export class AdminCycleSteeringController {
  constructor(
    private readonly steering: CycleSteeringService,
    private readonly cyclePages: CyclePages,
    private readonly pages: PageRenderer,
  ) {}

  @Post('remind')
  async remind(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Me() me: CurrentUser,
  ) {
    return postForm(this.pages, request, reply, {
      view: 'cycles/show',
      model: (values, errors) => this.cyclePages.show(id, values, errors),
      errorKeys: { form: 'remind' },
      errorStatus: 409,
      submit: async () => {
        const { queued, gapHours } = await this.steering.remindNow(id, actorOf(me));
        return redirectTo(
          `/admin/cycles/${id}`,
          queued > 0
            ? `Reminder on its way to ${people(queued)} who have not answered.`
            : `Nobody to remind: everyone has answered, unsubscribed or was emailed in the last ${gapHours} hours.`,
        );
      },
    });
  }

  @Post('extend')
  async extend(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Me() me: CurrentUser,
  ) {
    return postForm(this.pages, request, reply, {
      body,
      dto: ExtendCycleDto,
      view: 'cycles/show',
      model: (values, errors) => this.cyclePages.show(id, values, errors),
      submit: async ({ closesAt }) => {
        await this.steering.extend(id, new Date(closesAt), actorOf(me));
        return redirectTo(
          `/admin/cycles/${id}`,
          'Closing date moved. Survey pages and later emails show the new date.',
        );
      },
    });
  }

  @Get('close')
  @Page('cycles/close')
  confirmClose(@Param('id', ParseUUIDPipe) id: string) {
    return this.cyclePages.close(id, {});
  }

  @Post('close')
  async close(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Me() me: CurrentUser,
  ) {
    return postForm(this.pages, request, reply, {
      view: 'cycles/close',
      model: (_values, errors) => this.cyclePages.close(id, errors),
      errorStatus: 409,
      submit: async () => {
        await this.steering.closeNow(id, actorOf(me));
        return redirectTo(
          `/admin/cycles/${id}`,
          'Cycle closed. Its survey links no longer work; results are being prepared.',
        );
      },
    });
  }
}

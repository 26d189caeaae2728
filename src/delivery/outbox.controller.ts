import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/decorators';
import { OutboxService } from './outbox.service';
import { Page } from '../common/page.decorator';

/** The development outbox: every message written while no SMTP_URL is set. */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Page('delivery/outbox')
  async list(@Query('page') page?: string) {
    const result = await this.outbox.list(page);
    return {
      title: 'Outbox',
      usingSmtp: this.outbox.usingSmtp,
      ...result,
      query: {},
    };
  }

  @Get(':name')
  @Page('delivery/outbox-message')
  async show(@Param('name') name: string) {
    const message = await this.outbox.show(name);
    return {
      title: message.subject,
      message,
      headers: Object.entries(message.headers).map(([key, value]) => ({ key, value })),
    };
  }

  @Get(':name/raw')
  @Header('Content-Type', 'message/rfc822')
  async raw(@Param('name') name: string, @Res() reply: FastifyReply) {
    const raw = await this.outbox.raw(name);
    return reply.header('Content-Disposition', `attachment; filename="${name}.eml"`).send(raw);
  }
}

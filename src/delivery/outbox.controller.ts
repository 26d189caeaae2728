import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { OutboxService } from './outbox.service';
import { Page } from '../common/page.decorator';

/**
 * The development outbox: every message written while no SMTP_URL is set, personal links
 * hidden (the files under DATA_DIR/outbox belong to whoever runs the machine).
 */
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
    const message = await this.outbox.showRedacted(name);
    return {
      title: message.subject,
      message,
      headers: Object.entries(message.headers).map(([key, value]) => ({ key, value })),
    };
  }
}

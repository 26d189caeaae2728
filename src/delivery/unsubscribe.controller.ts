import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { UnsubscribeService } from './unsubscribe.service';
import { Page } from '../common/page.decorator';
import { PUBLIC_LINK_RATE_LIMIT } from '../common/rate-limits';

const ROUTE_CONFIG = { rateLimit: PUBLIC_LINK_RATE_LIMIT };

/** /u/:token — GET asks for confirmation; POST unsubscribes (also RFC 8058 one-click). */
@ApiExcludeController()
@Public()
@Controller('u')
export class UnsubscribeController {
  constructor(private readonly unsubscribes: UnsubscribeService) {}

  @Get(':token')
  @RouteConfig(ROUTE_CONFIG)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Page('delivery/unsubscribe')
  async confirm(@Param('token') token: string) {
    const target = await this.unsubscribes.find(token);
    return { title: 'Unsubscribe', token, ...target };
  }

  @Post(':token')
  @RouteConfig(ROUTE_CONFIG)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Page('delivery/unsubscribed')
  async unsubscribe(@Param('token') token: string) {
    const target = await this.unsubscribes.unsubscribe(token);
    return { title: 'You are unsubscribed', ...target };
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateForm } from '../common/form';
import { PageRenderer } from '../common/page-renderer.service';
import { ApiKeysService } from './api-keys.service';
import { CurrentUser, Me } from './current-user';
import { CreateApiKeyDto } from './dto/auth.dto';
import { Page } from '../common/page.decorator';

@ApiExcludeController()
@Controller('account/api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('auth/api-keys')
  async list(@Me() me: CurrentUser) {
    return { title: 'API keys', keys: await this.keys.listFor(me.id), errors: {}, values: {} };
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    const form = await validateForm(CreateApiKeyDto, body);
    if (!form.ok) {
      return this.pages.render(
        request,
        reply,
        'auth/api-keys',
        {
          title: 'API keys',
          keys: await this.keys.listFor(me.id),
          errors: form.errors,
          values: { name: form.value.name },
        },
        422,
      );
    }
    const { key } = await this.keys.create(me.id, form.value.name);
    return this.pages.render(request, reply, 'auth/api-keys', {
      title: 'API keys',
      keys: await this.keys.listFor(me.id),
      createdKey: key,
      errors: {},
      values: {},
    });
  }

  @Post(':id/revoke')
  async revoke(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.keys.revoke(request.currentUser!.id, id);
    request.session.flash = 'API key revoked.';
    return reply.redirect('/account/api-keys', 303);
  }
}

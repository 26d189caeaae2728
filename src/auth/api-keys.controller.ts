import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { postForm, redirectWithFlash, showPage } from '../common/form-post';
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
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateApiKeyDto,
      view: 'auth/api-keys',
      model: async (values, errors) => ({
        title: 'API keys',
        keys: await this.keys.listFor(me.id),
        errors,
        values,
      }),
      submit: async (value) => {
        const { key } = await this.keys.create(me.id, value.name);
        // The new key is shown this once, so the page is rendered rather than redirected to.
        return showPage('auth/api-keys', {
          title: 'API keys',
          keys: await this.keys.listFor(me.id),
          createdKey: key,
          errors: {},
          values: {},
        });
      },
    });
  }

  @Post(':id/revoke')
  async revoke(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.keys.revoke(request.currentUser!.id, id);
    return redirectWithFlash(request, reply, '/account/api-keys', 'API key revoked.');
  }
}

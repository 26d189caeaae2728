import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { postForm, redirectWithFlash, showPage } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import type { AppConfig } from '../config/app.config';
import { UnitsService } from '../directory/units.service';
import { CreateScimTokenDto } from './dto/scim-token.dto';
import { SCIM_BASE } from './scim-schemas';
import { ScimTokensService } from './scim-tokens.service';

const LIST = 'scim/tokens';
const EXIT_CHOICES = [
  { value: 'voluntary', label: 'Voluntary' },
  { value: 'involuntary', label: 'Involuntary' },
  { value: 'other', label: 'Other' },
];

/** The admin page for SCIM tokens: create one (shown once), revoke one after confirming. */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/scim')
export class ScimTokensController {
  constructor(
    private readonly tokens: ScimTokensService,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Get()
  @Page(LIST)
  list(@Req() request: FastifyRequest) {
    return this.listModel(request, { defaultExitType: 'voluntary' }, {});
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateScimTokenDto,
      view: LIST,
      model: (values, errors) => this.listModel(request, values, errors),
      submit: async (value) => {
        const { token, scimToken } = await this.tokens.create(value, {
          id: me.id,
          name: `${me.name} (${me.email})`,
        });
        // The token is shown this once, so the page is rendered rather than redirected to.
        return showPage(LIST, {
          ...(await this.listModel(request, { defaultExitType: 'voluntary' }, {})),
          created: { name: scimToken.name, token },
        });
      },
    });
  }

  @Get(':id/revoke')
  @Page('scim/revoke')
  async confirmRevoke(@Param('id', ParseUUIDPipe) id: string) {
    return { title: 'Revoke SCIM token', token: await this.tokens.get(id), errors: {} };
  }

  @Post(':id/revoke')
  async revoke(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.tokens.revoke(id);
    return redirectWithFlash(
      request,
      reply,
      '/admin/scim',
      'SCIM token revoked: the identity provider can no longer use it.',
    );
  }

  private async listModel(
    request: FastifyRequest,
    values: Record<string, unknown>,
    errors: Record<string, string>,
  ) {
    const [tokens, units] = await Promise.all([
      this.tokens.list(),
      this.units.choices(request.currentUser!),
    ]);
    const unitNames = new Map(units.map((u) => [u.id, u.label.replace(/^(— )+/, '')]));
    return {
      title: 'SCIM provisioning',
      scimUrl: `${this.config.get('appUrl', { infer: true })}${SCIM_BASE}`,
      tokens: tokens.map((t) => ({
        ...t,
        unitName: unitNames.get(t.defaultUnitId) ?? 'a deactivated unit',
      })),
      units: units.map((u) => ({ ...u, selected: u.id === values.defaultUnitId })),
      exitTypes: EXIT_CHOICES.map((c) => ({ ...c, selected: c.value === values.defaultExitType })),
      values,
      errors,
    };
  }
}

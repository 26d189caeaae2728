import { Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles } from '../auth/decorators';
import type { FieldErrors, FormResult } from '../common/form';
import { validateForm } from '../common/form';
import { postForm, redirectTo } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { timeZoneNames } from '../common/time-zone';
import { AppConfig } from '../config/app.config';
import { parseMailbox } from '../delivery/mail-transport.service';
import { availableLanguages } from '../respond/i18n';
import { SettingsFormDto } from './dto/update-settings.dto';
import { MAX_LOGO_BYTES } from './logo-image';
import { PostedSettingsForm, readSettingsForm } from './settings-form';
import { CompanySettings, LOGO_PATH, SettingsChange, SettingsService } from './settings.service';

const VIEW = 'settings/edit';

/** The admin settings page, and the logo every page and email may show. */
@ApiExcludeController()
@Controller()
export class SettingsController {
  private readonly defaultSender: string;

  constructor(
    private readonly settings: SettingsService,
    private readonly pages: PageRenderer,
    config: ConfigService<AppConfig, true>,
  ) {
    this.defaultSender = parseMailbox(config.get('mail', { infer: true }).from).name;
  }

  @Get('admin/settings')
  @Roles('admin')
  @Page(VIEW)
  async show() {
    const current = await this.settings.get();
    return this.model(current, formValuesOf(current), {});
  }

  @Post('admin/settings')
  @Roles('admin')
  async save(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const posted = await readSettingsForm(request);
    return postForm(this.pages, request, reply, {
      body: posted.fields,
      parse: () => parseSettingsForm(posted),
      view: VIEW,
      model: async (values, errors) => this.model(await this.settings.get(), values, errors),
      submit: async (change) => {
        await this.settings.update(change);
        return redirectTo('/admin/settings', 'Settings saved.');
      },
    });
  }

  /**
   * The logo, for pages and mail. Pages link a versioned URL (`?v=`), cached for a year; the
   * bare URL stays the same across uploads and is revalidated with its ETag.
   */
  @Public()
  @Get(LOGO_PATH.slice(1))
  @Header('X-Content-Type-Options', 'nosniff')
  async logo(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('v') version?: string,
  ) {
    const logo = await this.settings.logo();
    const etag = `"${logo.etag}"`;
    const versioned = typeof version === 'string' && logo.etag.startsWith(version) && version;
    void reply
      .header('ETag', etag)
      // Mail clients and webmail show it from their own origin.
      .header('Cross-Origin-Resource-Policy', 'cross-origin')
      .header(
        'Cache-Control',
        versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
      );
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.header('Content-Type', logo.type).send(logo.data);
  }

  private model(current: CompanySettings, values: Record<string, unknown>, errors: FieldErrors) {
    return {
      title: 'Settings',
      values,
      errors,
      logo: current.logo,
      maxLogoKb: MAX_LOGO_BYTES / 1024,
      defaultSender: this.defaultSender,
      now: new Date(),
      timeZones: timeZoneNames(),
      languages: availableLanguages().map((l) => ({
        ...l,
        selected: l.code === values.defaultLanguage,
      })),
    };
  }
}

function formValuesOf(s: CompanySettings): Record<string, unknown> {
  return {
    companyName: s.companyName ?? '',
    mailSenderName: s.mailSenderName ?? '',
    mailReplyTo: s.mailReplyTo ?? '',
    timeZone: s.timeZone,
    defaultLanguage: s.defaultLanguage,
  };
}

async function parseSettingsForm(posted: PostedSettingsForm): Promise<FormResult<SettingsChange>> {
  const form = await validateForm(SettingsFormDto, posted.fields);
  const errors = { ...form.errors, ...posted.errors };
  const v = form.value;
  const change: SettingsChange = {
    companyName: v.companyName,
    mailSenderName: v.mailSenderName,
    mailReplyTo: v.mailReplyTo,
    timeZone: v.timeZone,
    defaultLanguage: v.defaultLanguage,
  };
  if (posted.logo) change.logo = posted.logo;
  else if (v.removeLogo) change.logo = null;
  return { ok: Object.keys(errors).length === 0, value: change, errors };
}

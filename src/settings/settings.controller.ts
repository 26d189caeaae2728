import { Controller, Get, Header, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles } from '../auth/decorators';
import type { FieldErrors, FormResult } from '../common/form';
import { validateForm } from '../common/form';
import { formErrorsOf } from '../common/form-errors';
import { postForm, redirectTo } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { timeZoneNames } from '../common/time-zone';
import { AppConfig } from '../config/app.config';
import { parseMailbox } from '../delivery/mail-transport.service';
import { availableLanguages } from '../respond/i18n';
import { SettingsFormDto } from './dto/update-settings.dto';
import { checkLogo, MAX_LOGO_BYTES } from './logo-image';
import { PostedSettingsForm, readSettingsForm } from './settings-form';
import {
  CompanySettings,
  LOGO_PATH,
  LOGO_VERSION_LENGTH,
  SettingsChange,
  SettingsService,
} from './settings.service';

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
   * The logo, for pages and mail, at a URL that stays the same across uploads (revalidated
   * with its ETag after five minutes).
   */
  @Public()
  @Get(LOGO_PATH.slice(1))
  @Header('X-Content-Type-Options', 'nosniff')
  logo(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.sendLogo(request, reply, false);
  }

  /** The logo at the versioned URL pages and mail link (cached for a year: a new logo is a new URL). */
  @Public()
  @Get(`${LOGO_PATH.slice(1)}/:version`)
  @Header('X-Content-Type-Options', 'nosniff')
  async versionedLogo(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('version') version: string,
  ) {
    const current = (await this.settings.get()).logo;
    if (current?.etag.slice(0, LOGO_VERSION_LENGTH) !== version)
      return reply.redirect(LOGO_PATH, 302);
    return this.sendLogo(request, reply, true);
  }

  private async sendLogo(request: FastifyRequest, reply: FastifyReply, versioned: boolean) {
    const logo = await this.settings.logo();
    const etag = `"${logo.etag}"`;
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
  if (posted.logo && !errors.logo) {
    // Checked here too, so a bad logo is reported with the other fields' errors in one pass.
    try {
      checkLogo(posted.logo);
      change.logo = posted.logo;
    } catch (error) {
      const fieldErrors = formErrorsOf(error);
      if (!fieldErrors) throw error;
      Object.assign(errors, fieldErrors);
    }
  } else if (v.removeLogo) change.logo = null;
  return { ok: Object.keys(errors).length === 0, value: change, errors };
}

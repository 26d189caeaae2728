import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { isEmail } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors, FormResult } from '../../common/form';
import { validateForm } from '../../common/form';
import { postForm, redirectTo } from '../../common/form-post';
import { Page } from '../../common/page.decorator';
import { PageRenderer } from '../../common/page-renderer.service';
import { AppConfig } from '../../config/app.config';
import { Roles } from '../decorators';
import { ROLE_LABELS } from '../roles';
import { SsoSettingsFormDto } from './dto/sso-settings-form.dto';
import { checkIssuerUrl } from './issuer-url';
import { formatRoleMapping, MAPPABLE_ROLES, parseDomains, parseRoleMapping } from './role-mapping';
import { SsoSettings, SsoSettingsChange, SsoSettingsService } from './sso-settings.service';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoError } from './sso.errors';

const VIEW = 'auth/sso-settings';

/** The admin page for single sign-on (/admin/sign-in). */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/sign-in')
export class AdminSsoController {
  private readonly appUrl: string;
  private readonly allowLoopback: boolean;

  constructor(
    private readonly settings: SsoSettingsService,
    private readonly signIns: SsoSignInService,
    private readonly pages: PageRenderer,
    config: ConfigService<AppConfig, true>,
  ) {
    this.appUrl = config.get('appUrl', { infer: true });
    this.allowLoopback = config.get('sso', { infer: true }).allowLoopbackIssuer;
  }

  @Get()
  @Page(VIEW)
  async show() {
    const current = await this.settings.get();
    return this.model(current, formValuesOf(current), {});
  }

  @Post()
  async save(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return postForm(this.pages, request, reply, {
      body,
      parse: (input) => parseSsoForm(input, this.allowLoopback),
      secret: ['clientSecret'],
      view: VIEW,
      model: async (values, errors) => this.model(await this.settings.get(), values, errors),
      submit: async (change) => {
        await this.settings.update(change);
        return redirectTo('/admin/sign-in', 'Single sign-on settings saved.');
      },
    });
  }

  private async model(current: SsoSettings, values: Record<string, unknown>, errors: FieldErrors) {
    return {
      title: 'Single sign-on',
      values,
      errors,
      clientSecretSet: current.clientSecretSet,
      callbackUrl: this.settings.callbackUrl(this.appUrl),
      roles: MAPPABLE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
      awaiting: await this.signIns.awaitingAccess(),
    };
  }
}

function formValuesOf(s: SsoSettings): Record<string, unknown> {
  return {
    enabled: s.enabled,
    displayName: s.displayName,
    issuerUrl: s.issuerUrl,
    clientId: s.clientId,
    scopes: s.scopes,
    allowedDomains: s.allowedDomains.join('\n'),
    roleClaim: s.roleClaim,
    roleMapping: formatRoleMapping(s.roleMapping),
    ssoOnly: s.ssoOnly,
    breakGlassEmails: s.breakGlassEmails.join('\n'),
  };
}

/** The form read into a change, every field's error found in one pass. */
async function parseSsoForm(
  input: unknown,
  allowLoopback: boolean,
): Promise<FormResult<SsoSettingsChange>> {
  const form = await validateForm(SsoSettingsFormDto, input);
  const errors: FieldErrors = { ...form.errors };
  const v = form.value;
  if (v.issuerUrl && !errors.issuerUrl) {
    try {
      checkIssuerUrl(v.issuerUrl, allowLoopback);
    } catch (error) {
      if (!(error instanceof SsoError)) throw error;
      errors.issuerUrl = error.message;
    }
  }
  const domains = parseDomains(v.allowedDomains ?? '');
  if (!domains.ok) errors.allowedDomains ??= domains.error;
  const mapping = parseRoleMapping(v.roleMapping ?? '');
  if (!mapping.ok) errors.roleMapping ??= mapping.error;
  const emails = (v.breakGlassEmails ?? '')
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const badEmail = emails.find((e) => !isEmail(e));
  if (badEmail) errors.breakGlassEmails ??= `“${badEmail}” is not an email address.`;
  const secret = v.clientSecret?.trim();
  const change: SsoSettingsChange = {
    enabled: v.enabled,
    displayName: v.displayName,
    issuerUrl: v.issuerUrl,
    clientId: v.clientId,
    clientSecret: v.clearClientSecret ? null : secret ? secret : undefined,
    scopes: v.scopes,
    allowedDomains: domains.ok ? domains.value : [],
    roleClaim: v.roleClaim,
    roleMapping: mapping.ok ? mapping.value : [],
    ssoOnly: v.ssoOnly,
    breakGlassEmails: [...new Set(emails)],
  };
  return { ok: Object.keys(errors).length === 0, value: change, errors };
}

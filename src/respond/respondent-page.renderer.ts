import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerHandlebarsHelpers } from '../common/handlebars-helpers';
import { AppConfig } from '../config/app.config';
import { PROJECT_ROOT } from '../config/project-root';
import { SettingsService } from '../settings/settings.service';
import type { PageContext, PageModel } from './respond-view';

const VIEWS = join(PROJECT_ROOT, 'views');
export const RESPOND_VIEWS = [
  'survey',
  'survey-step',
  'thanks',
  'not-open',
  'not-found',
  'error',
  'kiosk',
] as const;
export type RespondView = (typeof RESPOND_VIEWS)[number];

/**
 * What helmet sends elsewhere, fixed once: rebuilding helmet on every request was a visible
 * share of a submission's CPU. The policy is stricter than the admin pages': respondent pages
 * carry other people's text and need no script at all.
 */
function securityHeaders(secure: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'none'",
    "script-src-attr 'none'",
    "style-src 'self'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join(';');
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    'x-robots-tag': 'noindex, nofollow',
    'cache-control': 'no-store',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Respondent routes set their own security headers (see securityHeaders) instead of helmet's. */
export const OWN_SECURITY_HEADERS = { helmet: { skipRoute: true } };

/**
 * The sibling of PageRenderer for people answering a survey: its own minimal layout (no admin
 * navigation), no session and no CSRF token (the link's token is the capability). Templates
 * are compiled once, in their own Handlebars environment.
 */
@Injectable()
export class RespondentPageRenderer {
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly views = new Map<RespondView, Handlebars.TemplateDelegate>();
  private readonly headers: Record<string, string>;
  /** The kiosk's: its own script (/public/kiosk.js) clears a page left behind, nothing inline. */
  private readonly kioskHeaders: Record<string, string>;
  private readonly privacy: AppConfig['privacy'];

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly settings: SettingsService,
  ) {
    this.privacy = config.get('privacy', { infer: true });
    this.headers = securityHeaders(config.get('appUrl', { infer: true }).startsWith('https://'));
    this.kioskHeaders = {
      ...this.headers,
      'content-security-policy': this.headers['content-security-policy'].replace(
        "script-src 'none'",
        "script-src 'self'",
      ),
    };
    const hbs = Handlebars.create();
    registerHandlebarsHelpers(hbs);
    const partials = join(VIEWS, 'respond', 'partials');
    for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs')))
      hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(partials, file), 'utf8'));
    const compile = (path: string) =>
      hbs.compile(readFileSync(join(VIEWS, path), 'utf8'), { strict: false });
    this.layout = compile('layouts/respond.hbs');
    for (const view of RESPOND_VIEWS) this.views.set(view, compile(`respond/${view}.hbs`));
  }

  /** What every respondent page shows besides its own content: the company, as now set. */
  get context(): PageContext {
    const company = this.settings.current();
    return {
      companyName: company.companyName ?? '',
      logoUrl: company.logo?.path,
      timeZone: company.timeZone,
      anonymityMin: this.privacy.anonymityMin,
      commentMin: this.privacy.commentMin,
    };
  }

  html(view: RespondView, model: PageModel): string {
    const body = this.views.get(view)!(model);
    return this.layout({ ...model, body });
  }

  /** Sends the page; answers are private, so nothing is cached or indexed. */
  render(
    reply: FastifyReply,
    view: RespondView,
    model: PageModel,
    status = 200,
    options: { kiosk?: boolean } = {},
  ): FastifyReply {
    return reply
      .status(status)
      .headers(options.kiosk ? this.kioskHeaders : this.headers)
      .header('content-type', 'text/html; charset=utf-8')
      .send(this.html(view, model));
  }

  /** A 303 "see other": no body, so only what keeps the link private is needed. */
  redirect(reply: FastifyReply, location: string): FastifyReply {
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .redirect(location, 303);
  }
}

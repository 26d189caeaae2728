import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/decorators';
import { pickLocale, translator, Translator } from './i18n';
import { RespondExceptionFilter } from './respond-exception.filter';
import { RESPOND_RATE_LIMIT } from './respond.controller';
import type { CheckedAnswers, SurveyForm } from './answer-form';
import { basePage, surveyPage } from './respond-view';
import { ResolvedInvitation, RespondService } from './respond.service';
import { OWN_SECURITY_HEADERS, RespondentPageRenderer } from './respondent-page.renderer';
import { SurveyLanguage } from './survey-language';

/** Code entry per address: a person types a code or two; guessing needs billions. */
export const KIOSK_CODE_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };
const ENTRY_CONFIG = { rateLimit: KIOSK_CODE_RATE_LIMIT, ...OWN_SECURITY_HEADERS };
const PAGE_CONFIG = { rateLimit: RESPOND_RATE_LIMIT, ...OWN_SECURITY_HEADERS };
const KIOSK = { kiosk: true };

/**
 * The shared survey device (a tablet in the break room): a person types the code from their
 * card, answers, and the device is back at a clean code page. The code is the capability, as a
 * link's token is on /s/: the same lookup, the same claim, the same "unknown" for a used, dead
 * or made-up code. The code never appears in a URL: it travels in the posted forms only, every
 * page is no-store, and posting answers redirects to a fresh page (public/kiosk.js clears a
 * page left behind).
 */
@ApiExcludeController()
@Public()
@UseFilters(RespondExceptionFilter)
@Controller('kiosk')
export class KioskController {
  constructor(
    private readonly respond: RespondService,
    private readonly pages: RespondentPageRenderer,
    private readonly language: SurveyLanguage,
  ) {}

  @Get()
  @RouteConfig(PAGE_CONFIG)
  entry(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.entryPage(reply, this.translatorFor(req));
  }

  @Get('done')
  @RouteConfig(PAGE_CONFIG)
  done(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.entryPage(reply, this.translatorFor(req), { thanks: true });
  }

  /** A typed code: its survey, or the code page again with one message for every bad code. */
  @Post()
  @RouteConfig(ENTRY_CONFIG)
  async open(@Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const tr = this.translatorFor(req);
    const code = codeOf(body);
    const state = await this.respond.resolve(code);
    switch (state.kind) {
      case 'open':
        return this.surveyPage(reply, state.form, state.invitation, code);
      case 'not_open':
        return this.entryPage(reply, tr, {
          error: tr.t('kiosk.notOpen', { opensAt: tr.dateTime(state.opensAt) }),
        });
      case 'unknown':
        return this.entryPage(reply, tr, { error: tr.t('kiosk.notFound') }, 404);
    }
  }

  @Post('answers')
  @RouteConfig(PAGE_CONFIG)
  async submit(
    @Query('lang') lang: unknown,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const code = codeOf(body);
    // The form posts to ?lang=<the language it was shown in>, stored with the answers.
    const shownIn = typeof lang === 'string' ? this.language.pick(lang) : null;
    const outcome = await this.respond.submitForm(code, answersOf(body), shownIn);
    if (outcome.kind === 'stored') return this.pages.redirect(reply, '/kiosk/done');
    const tr = this.translatorFor(req);
    switch (outcome.kind) {
      case 'invalid':
        return this.surveyPage(reply, outcome.form, outcome.invitation, code, outcome.checked);
      case 'not_open':
        return this.entryPage(reply, tr, {
          error: tr.t('kiosk.notOpen', { opensAt: tr.dateTime(outcome.opensAt) }),
        });
      case 'retry':
      case 'unknown':
        return this.entryPage(reply, tr, { error: tr.t('kiosk.notFound') }, 404);
    }
  }

  /** The one-page survey in the person's language (else the company's), without a switcher. */
  private async surveyPage(
    reply: FastifyReply,
    form: SurveyForm,
    invitation: ResolvedInvitation,
    code: string,
    checked?: CheckedAnswers,
  ) {
    const language = this.language.pick(null, invitation.language);
    const tr = translator(language, this.pages.context.timeZone);
    const shown = await this.language.translate(form, language);
    const model = {
      ...surveyPage(tr, this.pages.context, shown, invitation, checked),
      // A link elsewhere (sections, other languages) would carry the code in its URL.
      sectionsHref: undefined,
      kiosk: { action: `/kiosk/answers?lang=${language}`, code },
    };
    return this.pages.render(reply, 'survey', model, checked ? 422 : 200, KIOSK);
  }

  private entryPage(
    reply: FastifyReply,
    tr: Translator,
    extra: { thanks?: boolean; error?: string } = {},
    status = 200,
  ) {
    const page = basePage(tr, this.pages.context, 'kiosk.title');
    const model = { ...page, ...extra, hasErrors: !!extra.error, kiosk: { entry: true } };
    return this.pages.render(reply, 'kiosk', model, status, KIOSK);
  }

  private translatorFor(req: FastifyRequest): Translator {
    return translator(pickLocale(req.headers['accept-language']), this.pages.context.timeZone);
  }
}

function codeOf(body: unknown): string {
  const code = (body as Record<string, unknown> | null)?.code;
  return typeof code === 'string' ? code.slice(0, 64) : '';
}

/** The posted answers without the code (the survey form checks that nothing else is posted). */
function answersOf(body: unknown): Record<string, unknown> {
  const answers = { ...((body ?? {}) as Record<string, unknown>) };
  delete answers.code;
  return answers;
}

import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/decorators';
import { AppConfig } from '../config/app.config';
import { DRAFT_MAX_CHUNKS, DRAFT_TTL_SECONDS } from './answer-draft';
import { SurveyLanguage } from './survey-language';
import { pickLocale, translator, Translator } from './i18n';
import { RESPOND_RATE_LIMIT } from './respond.controller';
import { RespondExceptionFilter } from './respond-exception.filter';
import { basePage } from './respond-view';
import { OWN_SECURITY_HEADERS, RespondentPageRenderer } from './respondent-page.renderer';
import { DRAFT_COOKIE, draftCookiePath, readDraft, sectionPath } from './survey-layout';
import { SECTION_FIELD, SectionOutcome, SurveyStepsService } from './survey-steps.service';
import { sectionPage } from './survey-steps-view';

const ROUTE_CONFIG = { rateLimit: RESPOND_RATE_LIMIT, ...OWN_SECURITY_HEADERS };

/**
 * The survey one section at a time (`/s/:token/sections/:n`), for phones: each section posts
 * to its own address and is answered with a redirect to the next (or previous) one, so every
 * page in the browser's history is a GET that back and forward can show again. The answers of
 * earlier sections ride in sealed cookies scoped to the link's path (SurveyStepsService).
 */
@ApiExcludeController()
@Public()
@UseFilters(RespondExceptionFilter)
@Controller('s/:token/sections')
export class SurveyStepsController {
  private readonly secure: boolean;

  constructor(
    private readonly steps: SurveyStepsService,
    private readonly pages: RespondentPageRenderer,
    private readonly language: SurveyLanguage,
    config: ConfigService<AppConfig, true>,
  ) {
    this.secure = config.get('appUrl', { infer: true }).startsWith('https://');
  }

  @Get(':n')
  @RouteConfig(ROUTE_CONFIG)
  async show(
    @Param('token') token: string,
    @Param('n') n: string,
    @Query('lang') lang: unknown,
    @Query('check') check: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const outcome = await this.steps.show(
      token,
      Number.parseInt(n, 10) || 1,
      readDraft(req),
      check === '1',
    );
    return this.answer(reply, req, token, lang, outcome);
  }

  @Post(':n')
  @RouteConfig(ROUTE_CONFIG)
  async submit(
    @Param('token') token: string,
    @Param('n') n: string,
    @Query('lang') lang: unknown,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const posted = typeof body === 'object' && body !== null ? body : {};
    // The form posts to ?lang=<the language it was shown in>, stored with the answers.
    const shownIn = typeof lang === 'string' ? this.language.pick(lang) : null;
    const outcome = await this.steps.submit(
      token,
      { ...posted, [SECTION_FIELD]: n },
      readDraft(req),
      shownIn,
    );
    return this.answer(reply, req, token, lang, outcome);
  }

  private async answer(
    reply: FastifyReply,
    req: FastifyRequest,
    token: string,
    lang: unknown,
    outcome: SectionOutcome,
  ): Promise<FastifyReply> {
    const ctx = this.pages.context;
    const asked = typeof lang === 'string' ? this.language.pick(lang) : null;
    const query = withQuery('', asked);
    switch (outcome.kind) {
      case 'section':
      case 'invalid': {
        // In the language asked for, else the person's, else the company's (as the one page).
        const language = this.language.pick(lang, outcome.invitation.language);
        const tr = translator(language, ctx.timeZone);
        const form = await this.language.translate(outcome.form, language);
        const page = sectionPage(tr, ctx, { ...outcome, form }, query);
        return this.pages.render(
          reply,
          'survey-step',
          { ...page, languages: this.language.links(language) },
          outcome.kind === 'invalid' ? 422 : 200,
        );
      }
      case 'moved':
        this.writeDraft(reply, token, outcome.draft);
        return this.pages.redirect(
          reply,
          `${sectionPath(token, outcome.section)}${withQuery(outcome.check ? 'check=1' : '', asked)}`,
        );
      case 'stored':
        // The thank-you page carries no token, and nothing of the answers stays in the browser.
        this.writeDraft(reply, token, []);
        return this.pages.redirect(reply, `/s/thanks/${outcome.audience}${query}`);
      case 'retry':
        return this.pages.render(
          reply,
          'error',
          basePage(this.translatorFor(req, asked), ctx, 'states.errorTitle'),
          409,
        );
      case 'not_open': {
        const tr = this.translatorFor(req, asked);
        return this.pages.render(reply, 'not-open', {
          ...basePage(tr, ctx, 'states.notOpenTitle', { opensAt: tr.dateTime(outcome.opensAt) }),
          opensSoon: outcome.opensSoon,
        });
      }
      case 'unknown':
        return this.pages.render(
          reply,
          'not-found',
          basePage(this.translatorFor(req, asked), ctx, 'states.notFoundTitle'),
          404,
        );
    }
  }

  /** Sets the draft's pieces and clears the rest (all of them for an empty draft). */
  private writeDraft(reply: FastifyReply, token: string, chunks: readonly string[]): void {
    const options = {
      path: draftCookiePath(token),
      httpOnly: true,
      secure: this.secure,
      sameSite: 'lax' as const,
    };
    for (let i = 0; i < DRAFT_MAX_CHUNKS; i++) {
      if (i < chunks.length)
        reply.setCookie(`${DRAFT_COOKIE}${i}`, chunks[i], {
          ...options,
          maxAge: DRAFT_TTL_SECONDS,
        });
      else reply.clearCookie(`${DRAFT_COOKIE}${i}`, options);
    }
  }

  /** Pages without a person: the language asked for, else the browser's. */
  private translatorFor(req: FastifyRequest, asked: string | null): Translator {
    return translator(
      asked ?? pickLocale(req.headers['accept-language']),
      this.pages.context.timeZone,
    );
  }
}

/** `?check=1&lang=de`, or whichever of the two there is, or nothing. */
function withQuery(check: string, lang: string | null): string {
  const parts = [check, lang ? `lang=${lang}` : ''].filter(Boolean);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

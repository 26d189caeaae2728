import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/decorators';
import { pickLocale, translator, Translator } from './i18n';
import { RespondExceptionFilter } from './respond-exception.filter';
import { basePage, surveyPage } from './respond-view';
import type { CheckedAnswers, SurveyForm } from './answer-form';
import { ClosedLinkState, RespondService, ResolvedInvitation } from './respond.service';
import { OWN_SECURITY_HEADERS, RespondentPageRenderer } from './respondent-page.renderer';
import { SurveyLanguage } from './survey-language';
import { prefersSections, readDraft, sectionPath } from './survey-layout';
import { sectionsOf } from './survey-sections';
import { SurveyStepsService } from './survey-steps.service';

/** Per IP: far more than a person answering needs, far less than guessing at scale needs. */
export const RESPOND_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };
const ROUTE_CONFIG = { rateLimit: RESPOND_RATE_LIMIT, ...OWN_SECURITY_HEADERS };

/** The public survey pages. No session, no CSRF: the token in the link is the capability. */
@ApiExcludeController()
@Public()
@UseFilters(RespondExceptionFilter)
@Controller('s')
export class RespondController {
  constructor(
    private readonly respond: RespondService,
    private readonly pages: RespondentPageRenderer,
    private readonly language: SurveyLanguage,
    private readonly steps: SurveyStepsService,
  ) {}

  @Get(':token')
  @RouteConfig(ROUTE_CONFIG)
  async show(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('view') view?: unknown,
  ) {
    const state = await this.respond.resolve(token);
    if (state.kind !== 'open') return this.renderState(reply, this.translatorFor(req, lang), state);
    // Phones (or a person who asked) get the survey one section at a time; see survey-layout.
    if (prefersSections(view, req.headers) && sectionsOf(state.form).length > 1) {
      const asked = typeof lang === 'string' ? `?lang=${this.language.pick(lang)}` : '';
      return this.pages.redirect(reply, `${sectionPath(token, 1)}${asked}`);
    }
    // Switched from the sections part way: what they carried is filled in.
    const carried = this.steps.carried(token, state.form, readDraft(req));
    return this.renderSurvey(reply, state.form, state.invitation, lang, carried);
  }

  @Post(':token')
  @RouteConfig(ROUTE_CONFIG)
  async submit(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // The form posts to ?lang=<the language it was shown in>, stored with the answers.
    const shownIn = typeof lang === 'string' ? this.language.pick(lang) : null;
    const outcome = await this.respond.submitForm(token, body, shownIn);
    // The thank-you page carries no token: opening it tells nothing about anyone's link.
    if (outcome.kind === 'stored')
      return this.pages.redirect(
        reply,
        `/s/thanks/${outcome.audience}${shownIn ? `?lang=${shownIn}` : ''}`,
      );
    if (outcome.kind !== 'invalid')
      return this.renderState(reply, this.translatorFor(req, lang), outcome);
    const { form, invitation, checked } = outcome;
    return this.renderSurvey(reply, form, invitation, lang, checked);
  }

  @Get('thanks/:audience')
  @RouteConfig(ROUTE_CONFIG)
  thanks(
    @Param('audience') audience: string,
    @Query('lang') lang: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const tr = this.translatorFor(req, lang);
    if (audience !== 'employee' && audience !== 'customer')
      return this.renderState(reply, tr, { kind: 'unknown' });
    return this.pages.render(reply, 'thanks', {
      ...basePage(tr, this.pages.context, 'states.thanksTitle'),
      employee: audience === 'employee',
    });
  }

  private renderState(
    reply: FastifyReply,
    tr: Translator,
    state: ClosedLinkState | { kind: 'retry' },
  ): FastifyReply {
    switch (state.kind) {
      case 'unknown':
        return this.pages.render(
          reply,
          'not-found',
          basePage(tr, this.pages.context, 'states.notFoundTitle'),
          404,
        );
      case 'not_open':
        return this.pages.render(reply, 'not-open', {
          ...basePage(tr, this.pages.context, 'states.notOpenTitle', {
            opensAt: tr.dateTime(state.opensAt),
          }),
          opensSoon: state.opensSoon,
        });
      case 'retry':
        return this.pages.render(
          reply,
          'error',
          basePage(tr, this.pages.context, 'states.errorTitle'),
          409,
        );
    }
  }

  /** The survey in the language asked for, else the person's, else the company's. */
  private async renderSurvey(
    reply: FastifyReply,
    form: SurveyForm,
    invitation: ResolvedInvitation,
    lang: unknown,
    checked?: CheckedAnswers,
  ): Promise<FastifyReply> {
    const language = this.language.pick(lang, invitation.language);
    const tr = translator(language, this.pages.context.timeZone);
    const shown = await this.language.translate(form, language);
    return this.pages.render(
      reply,
      'survey',
      {
        ...surveyPage(tr, this.pages.context, shown, invitation, checked),
        languages: this.language.links(language),
      },
      checked && !checked.ok ? 422 : 200,
    );
  }

  /** Pages without a person: the language asked for, else the browser's. */
  private translatorFor(req: FastifyRequest, lang?: unknown): Translator {
    const asked = typeof lang === 'string' ? this.language.pick(lang) : null;
    return translator(
      asked ?? pickLocale(req.headers['accept-language']),
      this.pages.context.timeZone,
    );
  }
}

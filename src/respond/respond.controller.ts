import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/decorators';
import { pickLocale, translator, Translator } from './i18n';
import { RespondExceptionFilter } from './respond-exception.filter';
import { basePage, surveyPage } from './respond-view';
import { ClosedLinkState, RespondService } from './respond.service';
import { OWN_SECURITY_HEADERS, RespondentPageRenderer } from './respondent-page.renderer';

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
  ) {}

  @Get(':token')
  @RouteConfig(ROUTE_CONFIG)
  async show(
    @Param('token') token: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const tr = this.translatorFor(req);
    const state = await this.respond.resolve(token);
    if (state.kind !== 'open') return this.renderState(reply, tr, state);
    return this.pages.render(
      reply,
      'survey',
      surveyPage(tr, this.pages.context, state.form, state.invitation),
    );
  }

  @Post(':token')
  @RouteConfig(ROUTE_CONFIG)
  async submit(
    @Param('token') token: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const outcome = await this.respond.submitForm(token, body);
    // The thank-you page carries no token: opening it tells nothing about anyone's link.
    if (outcome.kind === 'stored')
      return this.pages.redirect(reply, `/s/thanks/${outcome.audience}`);
    const tr = this.translatorFor(req);
    if (outcome.kind !== 'invalid') return this.renderState(reply, tr, outcome);
    const { form, invitation, checked } = outcome;
    return this.pages.render(
      reply,
      'survey',
      surveyPage(tr, this.pages.context, form, invitation, checked),
      422,
    );
  }

  @Get('thanks/:audience')
  @RouteConfig(ROUTE_CONFIG)
  thanks(
    @Param('audience') audience: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const tr = this.translatorFor(req);
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

  private translatorFor(req: FastifyRequest): Translator {
    return translator(pickLocale(req.headers['accept-language']), this.pages.context.timeZone);
  }
}

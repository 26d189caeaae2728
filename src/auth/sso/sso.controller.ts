import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf } from '../../common/domain-error';
import { PageRenderer } from '../../common/page-renderer.service';
import { AppConfig } from '../../config/app.config';
import { Public } from '../decorators';
import { safeNext } from '../safe-next';
import { PENDING_TTL_MS, PendingSignIn, SsoClientService } from './sso-client.service';
import { SsoSettingsService } from './sso-settings.service';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoError, SsoErrorCode } from './sso.errors';

declare module 'fastify' {
  interface Session {
    /** A single sign-on started in this browser, until the provider sends it back. */
    ssoPending?: PendingSignIn;
    /** Who was just let in by the provider without a role, for the no-access page. */
    ssoNoAccess?: { email: string; provider?: string };
  }
}

const ERROR_VIEW = 'auth/sso-error';

/**
 * Sign-in through the OpenID provider: /login/sso sends the browser there, /login/sso/callback
 * takes it back. Whatever goes wrong ends on a page that says what happened and how to go on.
 */
@ApiExcludeController()
@Controller('login')
export class SsoController {
  private readonly appUrl: string;
  private readonly allowLoopback: boolean;

  constructor(
    private readonly settings: SsoSettingsService,
    private readonly client: SsoClientService,
    private readonly signIns: SsoSignInService,
    private readonly pages: PageRenderer,
    config: ConfigService<AppConfig, true>,
  ) {
    this.appUrl = config.get('appUrl', { infer: true });
    this.allowLoopback = config.get('sso', { infer: true }).allowLoopbackIssuer;
  }

  @Public()
  @Get('sso')
  @RouteConfig({ rateLimit: { max: 20, timeWindow: '1 minute' } })
  async start(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
  ) {
    try {
      const sso = await this.settings.active();
      if (!sso) throw new SsoError(SsoErrorCode.NOT_CONFIGURED);
      const { url, pending } = await this.client.start(
        sso,
        this.settings.callbackUrl(this.appUrl),
        safeNext(next),
        this.allowLoopback,
      );
      request.session.ssoPending = pending;
      return reply.redirect(url, 303);
    } catch (error) {
      return this.failed(request, reply, error);
    }
  }

  @Public()
  @Get('sso/callback')
  @RouteConfig({ rateLimit: { max: 20, timeWindow: '1 minute' } })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // One use only, whatever the outcome: a replayed or second callback finds nothing.
    const pending = request.session.ssoPending;
    request.session.ssoPending = undefined;
    try {
      const sso = await this.settings.active();
      if (!sso) throw new SsoError(SsoErrorCode.NOT_CONFIGURED);
      if (
        !pending ||
        pending.issuer !== sso.issuerUrl ||
        Date.now() - pending.startedAt > PENDING_TTL_MS
      )
        throw new SsoError(SsoErrorCode.NO_SIGN_IN_STARTED);
      const claims = await this.client.finish(
        sso,
        this.settings.callbackUrl(this.appUrl),
        `${this.appUrl}${request.url}`,
        pending,
        this.allowLoopback,
      );
      const user = await this.signIns.userFor(sso, claims);
      // A new session id either way: nothing from before the sign-in carries over.
      await request.session.regenerate();
      if (user.role === null) {
        request.session.ssoNoAccess = { email: user.email, provider: sso.displayName };
        return reply.redirect('/login/no-access', 303);
      }
      request.session.userId = user.id;
      return reply.redirect(pending.next, 303);
    } catch (error) {
      return this.failed(request, reply, error);
    }
  }

  @Public()
  @Get('no-access')
  async noAccess(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const who = request.session.ssoNoAccess;
    return this.pages.render(request, reply, 'auth/sso-no-access', {
      title: 'No access yet',
      who,
    });
  }

  private async failed(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!(error instanceof SsoError)) throw error;
    const settings = await this.settings.get();
    return this.pages.render(
      request,
      reply,
      ERROR_VIEW,
      {
        title: 'Single sign-on did not work',
        message: error.message,
        provider: settings.enabled ? settings.displayName : null,
        passwordOpen: !(settings.enabled && settings.ssoOnly),
      },
      httpStatusOf(error.kind),
    );
  }
}

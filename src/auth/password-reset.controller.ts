import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateForm } from '../common/form';
import { postForm, showPage } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { PUBLIC_LINK_RATE_LIMIT } from '../common/rate-limits';
import { AuthError, AuthErrorCode } from './auth.errors';
import { Public } from './decorators';
import { ForgotPasswordDto, SetPasswordDto } from './dto/auth.dto';
import { LinkHolder, PasswordLinksService, RESET_LINK_SECONDS } from './password-links.service';
import { lifetimeInWords } from './password-link-emails';

/** Per client address: enough for a person and a few colleagues behind one address. */
const FORGOT_RATE_LIMIT = { max: 10, timeWindow: '15 minutes' };

const FORGOT_TITLE = 'Reset your password';

const setPasswordTitle = (holder: LinkHolder) =>
  holder.purpose === 'invite' ? 'Choose your password' : 'Choose a new password';

/**
 * "Forgot password" and the page a password link opens. Nothing here says whether an address
 * has an account; a link that does not work (unknown, used, expired) gets one 404 page.
 */
@ApiExcludeController()
@Public()
@Controller()
export class PasswordResetController {
  constructor(
    private readonly links: PasswordLinksService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('forgot-password')
  @Page('auth/forgot-password')
  showForgot() {
    return { title: FORGOT_TITLE, values: {}, errors: {} };
  }

  /**
   * The same page, status and work for every well-formed address (see requestReset); an
   * address asked for too often gets a 429 alike, known or not.
   */
  @Post('forgot-password')
  @RouteConfig({ rateLimit: FORGOT_RATE_LIMIT })
  async forgot(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const form = await validateForm(ForgotPasswordDto, body);
    const values = { email: form.value.email };
    if (!form.ok)
      return this.pages.render(
        request,
        reply,
        'auth/forgot-password',
        { title: FORGOT_TITLE, values, errors: form.errors },
        422,
      );
    try {
      await this.links.requestReset(form.value.email);
    } catch (error) {
      if (!(error instanceof AuthError) || error.code !== AuthErrorCode.RESET_THROTTLED)
        throw error;
      reply.header('Retry-After', String(error.details?.retryAfterSeconds ?? 900));
      return this.pages.render(
        request,
        reply,
        'auth/forgot-password',
        { title: FORGOT_TITLE, values, errors: { form: error.message } },
        429,
      );
    }
    return this.pages.render(request, reply, 'auth/reset-requested', {
      title: 'Check your email',
      email: form.value.email,
      validFor: lifetimeInWords(RESET_LINK_SECONDS),
    });
  }

  @Get('password/:token')
  @RouteConfig({ rateLimit: PUBLIC_LINK_RATE_LIMIT })
  async showSetPassword(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('token') token: string,
  ) {
    const holder = await this.holderOrNull(token);
    if (!holder) return this.renderDead(request, reply);
    return this.pages.render(request, reply, 'auth/set-password', {
      title: setPasswordTitle(holder),
      holder,
      token,
      errors: {},
    });
  }

  @Post('password/:token')
  @RouteConfig({ rateLimit: PUBLIC_LINK_RATE_LIMIT })
  async setPassword(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('token') token: string,
    @Body() body: unknown,
  ) {
    const holder = await this.holderOrNull(token);
    if (!holder) return this.renderDead(request, reply);
    try {
      return await postForm(this.pages, request, reply, {
        body,
        dto: SetPasswordDto,
        secret: ['next', 'confirm'],
        view: 'auth/set-password',
        model: (_values, errors) => ({ title: setPasswordTitle(holder), holder, token, errors }),
        submit: async (value) => {
          const done = await this.links.setPassword(token, value.next);
          return showPage('auth/password-set', { title: 'Your password is set', holder: done });
        },
      });
    } catch (error) {
      // Used up by a second tab between the page's check and this post.
      if (error instanceof AuthError && error.code === AuthErrorCode.PASSWORD_LINK_DEAD)
        return this.renderDead(request, reply);
      throw error;
    }
  }

  private async holderOrNull(token: string): Promise<LinkHolder | null> {
    try {
      return await this.links.open(token);
    } catch (error) {
      if (error instanceof AuthError && error.code === AuthErrorCode.PASSWORD_LINK_DEAD)
        return null;
      throw error;
    }
  }

  private renderDead(request: FastifyRequest, reply: FastifyReply) {
    return this.pages.render(
      request,
      reply,
      'auth/password-link-dead',
      { title: 'This link does not work', errors: {} },
      404,
    );
  }
}

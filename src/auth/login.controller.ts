import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateForm } from '../common/form';
import { postForm, redirectTo } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { Public } from './decorators';
import { ChangePasswordDto, LoginDto } from './dto/auth.dto';
import { safeNext } from './safe-next';
import { UsersService } from './users.service';
import { Page } from '../common/page.decorator';
import { SsoSettingsService } from './sso/sso-settings.service';

@ApiExcludeController()
@Controller()
export class LoginController {
  constructor(
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    private readonly sso: SsoSettingsService,
  ) {}

  @Public()
  @Get('login')
  @Page('auth/login')
  async showLogin(@Query('next') next?: string) {
    return {
      title: 'Sign in',
      values: { next: safeNext(next) },
      errors: {},
      ...(await this.ssoModel(safeNext(next))),
    };
  }

  /** The single sign-on button and whether password sign-in is for break-glass admins only. */
  private async ssoModel(next: string) {
    const settings = await this.sso.get();
    if (!settings.enabled) return { sso: null };
    const href = next === '/' ? '/login/sso' : `/login/sso?next=${encodeURIComponent(next)}`;
    return { sso: { displayName: settings.displayName, ssoOnly: settings.ssoOnly, href } };
  }

  /**
   * Sign-in validates like every form but is not a `postForm`: a refusal is not something to
   * fix in a field but a 401 (or 429 with Retry-After), worded alike for every account.
   */
  @Public()
  @Post('login')
  @RouteConfig({ rateLimit: { max: 10, timeWindow: '1 minute' } })
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const form = await validateForm(LoginDto, body);
    const values = { email: form.value.email, next: safeNext(form.value.next) };
    if (!form.ok)
      return this.pages.render(
        request,
        reply,
        'auth/login',
        { title: 'Sign in', values, errors: form.errors, ...(await this.ssoModel(values.next)) },
        422,
      );
    try {
      const user = await this.users.authenticate(
        form.value.email,
        form.value.password,
        await this.sso.passwordSignInOnlyFor(),
      );
      await request.session.regenerate();
      if (user.role === null) {
        // Let in by single sign-on without a role, and given a password since: still no access.
        request.session.ssoNoAccess = { email: user.email };
        return reply.redirect('/login/no-access', 303);
      }
      request.session.userId = user.id;
      return reply.redirect(user.mustChangePassword ? '/account/password' : values.next, 303);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      const throttled = error.code === AuthErrorCode.SIGN_IN_THROTTLED;
      if (throttled) reply.header('Retry-After', String(error.details?.retryAfterSeconds ?? 60));
      return this.pages.render(
        request,
        reply,
        'auth/login',
        {
          title: 'Sign in',
          values,
          errors: { form: error.message },
          ...(await this.ssoModel(values.next)),
        },
        throttled ? 429 : 401,
      );
    }
  }

  @Public()
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await request.session.destroy();
    return reply.redirect('/login', 303);
  }

  @Get('account/password')
  @Page('auth/change-password')
  showChangePassword(@Req() request: FastifyRequest) {
    return {
      title: 'Change your password',
      forced: request.currentUser?.mustChangePassword,
      errors: {},
    };
  }

  @Post('account/password')
  async changePassword(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ) {
    const user = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: ChangePasswordDto,
      secret: ['current', 'next', 'confirm'],
      view: 'auth/change-password',
      model: (_values, errors) => ({
        title: 'Change your password',
        forced: user.mustChangePassword,
        errors,
      }),
      submit: async (value) => {
        await this.users.changePassword(
          user.id,
          value.current,
          value.next,
          request.session.sessionId,
        );
        return redirectTo('/', 'Your password has been changed. Your other sessions have ended.');
      },
    });
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { postForm, redirectTo, redirectWithFlash, showPage } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { Roles } from './decorators';
import { ChangeRoleDto, InviteUserDto } from './dto/auth.dto';
import { lifetimeInWords } from './password-link-emails';
import { INVITE_LINK_SECONDS, LinkStatus, PasswordLinksService } from './password-links.service';
import { NO_ROLE_LABEL, Role, ROLE_LABELS, ROLES } from './roles';
import { SsoSignInService } from './sso/sso-sign-in.service';
import { UsersService } from './users.service';
import { Page } from '../common/page.decorator';

const roleOptions = (selected?: string | null) => {
  const options = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === selected }));
  // Someone single sign-on let in without a role: nothing is chosen for the admin by default.
  if (!selected) options.unshift({ value: '' as Role, label: NO_ROLE_LABEL, selected: true });
  return options;
};

@ApiExcludeController()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly links: PasswordLinksService,
    private readonly pages: PageRenderer,
    private readonly signIns: SsoSignInService,
  ) {}

  @Get()
  @Page('auth/users')
  async list(@Query('q') q = '', @Query('page') page = '1') {
    const result = await this.users.list(q.trim(), page);
    return {
      title: 'Users',
      q,
      query: { q },
      ...result,
      items: result.items.map((u) => ({
        ...u,
        roleLabel: u.role ? ROLE_LABELS[u.role] : NO_ROLE_LABEL,
        disabled: !!u.disabledAt,
        // Single sign-on users have no password either, but they have signed in.
        invited: u.passwordHash === null && u.lastLoginAt === null && u.role !== null,
      })),
    };
  }

  @Get('new')
  @Page('auth/invite-user')
  async showInvite() {
    return {
      title: 'Invite a user',
      values: { role: 'hr' },
      roles: roleOptions('hr'),
      units: await this.unitOptions(),
      errors: {},
    };
  }

  @Post()
  async invite(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return postForm(this.pages, request, reply, {
      body,
      dto: InviteUserDto,
      view: 'auth/invite-user',
      model: async (values, errors) => ({
        title: 'Invite a user',
        values,
        roles: roleOptions(String(values.role ?? 'hr')),
        units: await this.unitOptions(String(values.unitId ?? '')),
        errors,
      }),
      submit: async (value) => {
        const user = await this.links.invite(value);
        return showPage('auth/invited', {
          title: 'User invited',
          user,
          validFor: lifetimeInWords(INVITE_LINK_SECONDS),
        });
      },
    });
  }

  @Get(':id')
  @Page('auth/edit-user')
  async show(@Param('id', ParseUUIDPipe) id: string) {
    const user = await this.users.findById(id);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND);
    const viaSso = await this.signIns.isLinked(user.id);
    return {
      title: `User ${user.email}`,
      user,
      viaSso,
      awaitingRole: user.role === null,
      // Someone who signs in with single sign-on has no password to choose.
      invitation: viaSso ? null : await this.invitationOf(user.id, user.passwordHash),
      roles: roleOptions(user.role),
      units: await this.unitOptions(user.unitId),
      errors: {},
    };
  }

  /** Emails a new invitation link; the one sent before stops working. */
  @Post(':id/invitation')
  async resendInvitation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const user = await this.links.resendInvitation(id);
    return redirectWithFlash(
      request,
      reply,
      `/admin/users/${id}`,
      `A new invitation is on its way to ${user.email}. The link sent before no longer works.`,
    );
  }

  @Post(':id/role')
  async changeRole(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    const user = await this.users.findById(id);
    return postForm(this.pages, request, reply, {
      body,
      dto: ChangeRoleDto,
      view: 'auth/edit-user',
      model: async (values, errors) => ({
        title: `User ${user?.email ?? ''}`,
        user,
        invitation: user ? await this.invitationOf(user.id, user.passwordHash) : null,
        roles: roleOptions(String(values.role ?? '')),
        units: await this.unitOptions(String(values.unitId ?? '')),
        errors,
      }),
      submit: async (value) => {
        await this.users.changeRole(request.currentUser!, id, value.role, value.unitId);
        return redirectTo(
          '/admin/users',
          'Role updated. If it changed, their sessions have ended.',
        );
      },
    });
  }

  @Post(':id/disable')
  async disable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.users.setDisabled(request.currentUser!, id, true);
    return redirectWithFlash(
      request,
      reply,
      '/admin/users',
      'User disabled. Their sessions have ended.',
    );
  }

  @Post(':id/sessions/end')
  async endSessions(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const ended = await this.users.endSessions(request.currentUser!, id);
    return redirectWithFlash(
      request,
      reply,
      `/admin/users/${id}`,
      `Sessions ended: ${ended}. They must sign in again.`,
    );
  }

  @Post(':id/enable')
  async enable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.users.setDisabled(request.currentUser!, id, false);
    return redirectWithFlash(request, reply, '/admin/users', 'User enabled.');
  }

  /** Where the invitation of a user who has not chosen a password stands; null otherwise. */
  private async invitationOf(
    userId: string,
    passwordHash: string | null,
  ): Promise<(LinkStatus & { invite: boolean }) | { state: 'none' } | null> {
    if (passwordHash !== null) return null;
    const status = (await this.links.statuses([userId])).get(userId);
    return status ? { ...status, invite: status.purpose === 'invite' } : { state: 'none' };
  }

  private async unitOptions(selected?: string | null) {
    const units = await this.users.unitChoices();
    return units.map((u) => ({ ...u, selected: u.id === selected }));
  }
}

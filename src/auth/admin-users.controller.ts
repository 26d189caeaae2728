import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { postForm, redirectTo, redirectWithFlash, showPage } from '../common/form-post';
import { PageRenderer } from '../common/page-renderer.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { Roles } from './decorators';
import { ChangeRoleDto, InviteUserDto } from './dto/auth.dto';
import { ROLE_LABELS, ROLES } from './roles';
import { UsersService } from './users.service';
import { Page } from '../common/page.decorator';

const roleOptions = (selected?: string) =>
  ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === selected }));

@ApiExcludeController()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
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
        roleLabel: ROLE_LABELS[u.role],
        disabled: !!u.disabledAt,
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
        const { user, password } = await this.users.invite(value);
        return showPage('auth/invited', { title: 'User invited', user, password });
      },
    });
  }

  @Get(':id')
  @Page('auth/edit-user')
  async show(@Param('id', ParseUUIDPipe) id: string) {
    const user = await this.users.findById(id);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND);
    return {
      title: `User ${user.email}`,
      user,
      roles: roleOptions(user.role),
      units: await this.unitOptions(user.unitId),
      errors: {},
    };
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
        roles: roleOptions(String(values.role ?? 'hr')),
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

  private async unitOptions(selected?: string | null) {
    const units = await this.users.unitChoices();
    return units.map((u) => ({ ...u, selected: u.id === selected }));
  }
}

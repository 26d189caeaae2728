import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formValues, validateForm } from '../common/form';
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
    const form = await validateForm(InviteUserDto, body);
    const rerender = async (errors: Record<string, string>) =>
      this.pages.render(
        request,
        reply,
        'auth/invite-user',
        {
          title: 'Invite a user',
          values: formValues(body),
          roles: roleOptions(form.value.role),
          units: await this.unitOptions(form.value.unitId),
          errors,
        },
        422,
      );
    if (!form.ok) return rerender(form.errors);
    try {
      const { user, password } = await this.users.invite(form.value);
      return this.pages.render(request, reply, 'auth/invited', {
        title: 'User invited',
        user,
        password,
      });
    } catch (error) {
      if (error instanceof AuthError) return rerender({ form: error.message });
      throw error;
    }
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
    const form = await validateForm(ChangeRoleDto, body);
    const user = await this.users.findById(id);
    const rerender = async (errors: Record<string, string>) =>
      this.pages.render(
        request,
        reply,
        'auth/edit-user',
        {
          title: `User ${user?.email ?? ''}`,
          user,
          roles: roleOptions(form.value.role),
          units: await this.unitOptions(form.value.unitId),
          errors,
        },
        422,
      );
    if (!form.ok) return rerender(form.errors);
    try {
      await this.users.changeRole(request.currentUser!, id, form.value.role, form.value.unitId);
    } catch (error) {
      if (error instanceof AuthError) return rerender({ form: error.message });
      throw error;
    }
    request.session.flash = 'Role updated. If it changed, their sessions have ended.';
    return reply.redirect(`/admin/users`, 303);
  }

  @Post(':id/disable')
  async disable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.users.setDisabled(request.currentUser!, id, true);
    request.session.flash = 'User disabled. Their sessions have ended.';
    return reply.redirect('/admin/users', 303);
  }

  @Post(':id/sessions/end')
  async endSessions(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const ended = await this.users.endSessions(request.currentUser!, id);
    request.session.flash = `Sessions ended: ${ended}. They must sign in again.`;
    return reply.redirect(`/admin/users/${id}`, 303);
  }

  @Post(':id/enable')
  async enable(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.users.setDisabled(request.currentUser!, id, false);
    request.session.flash = 'User enabled.';
    return reply.redirect('/admin/users', 303);
  }

  private async unitOptions(selected?: string | null) {
    const units = await this.users.unitChoices();
    return units.map((u) => ({ ...u, selected: u.id === selected }));
  }
}

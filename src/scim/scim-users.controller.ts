import { Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ScimBody } from './scim-body-parser';
import { Caller, ScimController, ScimRoute } from './scim-route';
import { SCIM_BASE } from './scim-schemas';
import { ScimCaller, ScimUsersService } from './scim-users.service';

@ScimController('Users')
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Get()
  @ScimRoute()
  list(@Query() query: Record<string, string>) {
    return this.users.list(query);
  }

  @Get(':id')
  @ScimRoute()
  get(@Param('id') id: string) {
    return this.users.get(id);
  }

  @Post()
  @ScimRoute()
  async create(
    @Caller() caller: ScimCaller,
    @ScimBody() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const user = await this.users.create(caller, body);
    void reply.header('Location', `${SCIM_BASE}/Users/${String(user.id)}`);
    return user;
  }

  @Put(':id')
  @ScimRoute()
  replace(@Caller() caller: ScimCaller, @Param('id') id: string, @ScimBody() body: unknown) {
    return this.users.replace(caller, id, body);
  }

  @Patch(':id')
  @ScimRoute()
  patch(@Caller() caller: ScimCaller, @Param('id') id: string, @ScimBody() body: unknown) {
    return this.users.patch(caller, id, body);
  }

  @Delete(':id')
  @ScimRoute()
  @HttpCode(204)
  async remove(@Caller() caller: ScimCaller, @Param('id') id: string) {
    await this.users.remove(caller, id);
  }
}

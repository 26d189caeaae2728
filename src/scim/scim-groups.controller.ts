import { Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ScimBody } from './scim-body-parser';
import { Caller, ScimController, ScimRoute } from './scim-route';
import { SCIM_BASE } from './scim-schemas';
import { ScimGroupsService } from './scim-groups.service';
import type { ScimCaller } from './scim-users.service';

@ScimController('Groups')
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  @Get()
  @ScimRoute()
  list(@Query() query: Record<string, string>) {
    return this.groups.list(query);
  }

  @Get(':id')
  @ScimRoute()
  get(@Param('id') id: string, @Query('excludedAttributes') excludedAttributes?: string) {
    return this.groups.get(id, excludedAttributes);
  }

  @Post()
  @ScimRoute()
  async create(
    @Caller() caller: ScimCaller,
    @ScimBody() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const group = await this.groups.create(caller, body);
    void reply.header('Location', `${SCIM_BASE}/Groups/${String(group.id)}`);
    return group;
  }

  @Put(':id')
  @ScimRoute()
  replace(@Caller() caller: ScimCaller, @Param('id') id: string, @ScimBody() body: unknown) {
    return this.groups.replace(caller, id, body);
  }

  @Patch(':id')
  @ScimRoute()
  patch(@Caller() caller: ScimCaller, @Param('id') id: string, @ScimBody() body: unknown) {
    return this.groups.patch(caller, id, body);
  }

  @Delete(':id')
  @ScimRoute()
  @HttpCode(204)
  async remove(@Caller() caller: ScimCaller, @Param('id') id: string) {
    await this.groups.remove(caller, id);
  }
}

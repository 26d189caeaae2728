import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { PageRenderer } from '../common/page-renderer.service';
import { sendCsv } from '../common/csv-download';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { canManageDirectory } from './directory-access';
import { ListQueryDto } from './dto/list-query.dto';
import { CreateUnitDto } from './dto/unit.dto';
import {
  exportHref,
  hiddenFields,
  isFiltered,
  listHref,
  pager,
  sortHeaders,
  statusFilters,
} from './list-view';
import { UnitsService } from './units.service';
import { Page } from '../common/page.decorator';

const PATH = '/admin/units';

/** Unit pages: everyone signed in reads (managers their subtree); admin and HR change. */
@ApiExcludeController()
@Controller('admin/units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('directory/units')
  async list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    const result = await this.units.list(me, query);
    return {
      title: 'Units',
      section: 'units',
      q: query.q ?? '',
      items: result.items.map((u) => ({
        ...u,
        indent: (query.sort ?? 'tree') === 'tree' ? u.depth : 0,
        indentRem: (query.sort ?? 'tree') === 'tree' ? u.depth * 1.25 : 0,
      })),
      hidden: hiddenFields(query),
      headers: sortHeaders(PATH, query, 'tree', [
        ['name', 'Unit'],
        ['externalId', 'External id'],
      ]),
      treeOrder: (query.sort ?? 'tree') === 'tree',
      treeHref: listHref(PATH, query, { sort: undefined, dir: undefined }),
      filters: statusFilters(PATH, query, [
        ['active', 'Active'],
        ['inactive', 'Deactivated'],
        ['all', 'All'],
      ]),
      ...pager(result, query),
      exportHref: exportHref(PATH, query),
      filtered: isFiltered(query),
      canManage: canManageDirectory(me),
    };
  }

  @Get('export.csv')
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'units.csv', await this.units.exportRows(me, query));
  }

  @Get('new')
  @Roles('admin', 'hr')
  @Page('directory/unit-form')
  async showNew(@Me() me: CurrentUser, @Query('parent') parent?: string) {
    return this.formModel(me, { parentId: parent ?? '' }, {});
  }

  @Post()
  @Roles('admin', 'hr')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateUnitDto,
      view: 'directory/unit-form',
      model: (values, errors) => this.formModel(me, values, errors),
      submit: async (value) => {
        const unit = await this.units.create(me, value);
        return redirectTo(`${PATH}/${unit.id}`, `Unit “${unit.name}” added.`);
      },
    });
  }

  @Get(':id')
  @Page('directory/unit')
  async show(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const detail = await this.units.get(me, id);
    return {
      title: detail.unit.name,
      section: 'units',
      ...detail,
      canManage: canManageDirectory(me),
    };
  }

  @Get(':id/edit')
  @Roles('admin', 'hr')
  @Page('directory/unit-form')
  async showEdit(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const { unit } = await this.units.get(me, id);
    return this.formModel(
      me,
      { name: unit.name, externalId: unit.externalId, parentId: unit.parentId ?? '' },
      {},
      unit,
    );
  }

  @Post(':id')
  @Roles('admin', 'hr')
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    const me = request.currentUser!;
    const { unit } = await this.units.get(me, id);
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateUnitDto,
      view: 'directory/unit-form',
      model: (values, errors) => this.formModel(me, values, errors, unit),
      submit: async (value) => {
        await this.units.update(me, id, { ...value, parentId: value.parentId ?? null });
        return redirectTo(`${PATH}/${id}`, 'Unit saved.');
      },
    });
  }

  @Get(':id/deactivate')
  @Roles('admin', 'hr')
  @Page('directory/confirm')
  async confirmDeactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.confirmModel(await this.units.get(me, id), {});
  }

  @Post(':id/deactivate')
  @Roles('admin', 'hr')
  async deactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      view: 'directory/confirm',
      model: async (_values, errors) => this.confirmModel(await this.units.get(me, id), errors),
      errorStatus: 409,
      submit: async () => {
        await this.units.deactivate(me, id);
        return redirectTo(`${PATH}/${id}`, 'Unit deactivated.');
      },
    });
  }

  @Post(':id/reactivate')
  @Roles('admin', 'hr')
  async reactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.units.reactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Unit reactivated.');
  }

  private async formModel(
    me: CurrentUser,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    unit?: { id: string; name: string },
  ) {
    const choices = await this.units.choices(me, { excludeSubtreeOf: unit?.id });
    return {
      title: unit ? `Edit ${unit.name}` : 'Add a unit',
      section: 'units',
      unit,
      action: unit ? `${PATH}/${unit.id}` : PATH,
      cancelHref: unit ? `${PATH}/${unit.id}` : PATH,
      values,
      errors,
      parents: choices.map((c) => ({ ...c, selected: c.id === values.parentId })),
    };
  }

  private confirmModel(
    detail: Awaited<ReturnType<UnitsService['get']>>,
    errors: Record<string, string>,
  ) {
    const { unit, counts } = detail;
    return {
      title: `Deactivate ${unit.name}`,
      section: 'units',
      heading: `Deactivate the unit “${unit.name}”?`,
      lead: 'A deactivated unit is kept for past reports but gets no new surveys and is hidden from pickers. You can reactivate it later.',
      facts: [
        `${counts.subUnits} active sub-unit(s)`,
        `${counts.employees} active employee(s)`,
        `${counts.accounts} active customer account(s)`,
      ],
      blocked: counts.subUnits + counts.employees + counts.accounts > 0,
      blockedText:
        'Move its sub-units, employees and customer accounts to another unit first; a unit must be empty to be deactivated.',
      action: `${PATH}/${unit.id}/deactivate`,
      confirmLabel: 'Deactivate unit',
      cancelHref: `${PATH}/${unit.id}`,
      errors,
    };
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { PageRenderer } from '../common/page-renderer.service';
import { sendCsv } from '../common/csv-download';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { canManageDirectory } from './directory-access';
import { CreateEmployeeDto } from './dto/employee.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { EmployeeListItem, EmployeesService } from './employees.service';
import { EXIT_TYPES } from './entities/employee.entity';
import {
  exportHref,
  hiddenFields,
  isFiltered,
  pager,
  sortHeaders,
  statusFilters,
} from './list-view';
import { UnitsService } from './units.service';
import { EmployeeHistoryService } from './history/employee-history.service';
import { surveyLanguageChoices, surveyLanguageName } from './survey-language';
import { Page } from '../common/page.decorator';

const PATH = '/admin/employees';
const EXIT_LABELS: Record<string, string> = {
  voluntary: 'Voluntary (they chose to leave)',
  involuntary: 'Involuntary (let go)',
  other: 'Other (retirement, end of contract, …)',
};

/** Employee pages; an exit is recorded by editing, deactivation is for records made in error. */
@ApiExcludeController()
@Controller('admin/employees')
export class EmployeesController {
  constructor(
    private readonly employees: EmployeesService,
    private readonly units: UnitsService,
    private readonly history: EmployeeHistoryService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('directory/employees')
  async list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    const result = await this.employees.list(me, query);
    return {
      title: 'Employees',
      section: 'employees',
      q: query.q ?? '',
      items: result.items,
      headers: sortHeaders(PATH, query, 'name', [
        ['name', 'Name'],
        ['email', 'Email'],
        ['unit', 'Unit'],
        ['hireDate', 'Hired'],
        ['exitDate', 'Exit'],
      ]),
      filters: statusFilters(PATH, query, [
        ['active', 'Active'],
        ['exited', 'Exited'],
        ['inactive', 'Deactivated'],
        ['all', 'All'],
      ]),
      hidden: hiddenFields(query),
      unitFilter: query.unit ? (await this.units.get(me, query.unit)).unit : null,
      ...pager(result, query),
      exportHref: exportHref(PATH, query),
      filtered: isFiltered(query),
      canManage: canManageDirectory(me),
    };
  }

  @Get('export.csv')
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'employees.csv', await this.employees.exportRows(me, query));
  }

  @Get('new')
  @Roles('admin', 'hr')
  @Page('directory/employee-form')
  async showNew(@Me() me: CurrentUser, @Query('unit') unit?: string) {
    return this.formModel(me, { unitId: unit ?? '' }, {});
  }

  @Post()
  @Roles('admin', 'hr')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateEmployeeDto,
      view: 'directory/employee-form',
      model: (values, errors) => this.formModel(me, values, errors),
      submit: async (value) => {
        const employee = await this.employees.create(me, value);
        return redirectTo(`${PATH}/${employee.id}`, `${employee.name} added.`);
      },
    });
  }

  @Get(':id')
  @Page('directory/employee')
  async show(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const employee = await this.employees.get(me, id);
    const history = await this.history.entries(me, id);
    return {
      title: employee.name,
      section: 'employees',
      employee,
      exitLabel: employee.exitType ? EXIT_LABELS[employee.exitType] : null,
      languageName: surveyLanguageName(employee.language),
      history: history.map((h) => ({
        ...h,
        label: h.kind === 'hire' ? 'Hired' : h.kind === 'move' ? 'Moved' : 'Left',
        exitLabel: h.exitType ? EXIT_LABELS[h.exitType] : null,
      })),
      canManage: canManageDirectory(me),
    };
  }

  @Get(':id/edit')
  @Roles('admin', 'hr')
  @Page('directory/employee-form')
  async showEdit(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const employee = await this.employees.get(me, id);
    return this.formModel(
      me,
      { ...employee, externalId: employee.externalId ?? '', language: employee.language ?? '' },
      {},
      employee,
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
    const employee = await this.employees.get(me, id);
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateEmployeeDto,
      view: 'directory/employee-form',
      model: (values, errors) => this.formModel(me, values, errors, employee),
      submit: async (value) => {
        await this.employees.update(me, id, {
          ...value,
          externalId: value.externalId ?? null,
          exitDate: value.exitDate ?? null,
          exitType: value.exitType ?? null,
          customerFacing: value.customerFacing ?? false,
          language: value.language ?? null,
        });
        return redirectTo(`${PATH}/${id}`, 'Employee saved.');
      },
    });
  }

  @Get(':id/deactivate')
  @Roles('admin', 'hr')
  @Page('directory/confirm')
  async confirmDeactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const employee = await this.employees.get(me, id);
    return {
      title: `Deactivate ${employee.name}`,
      section: 'employees',
      heading: `Deactivate ${employee.name}?`,
      lead: 'Deactivate a record only when it was entered by mistake: a deactivated employee is left out of surveys, headcounts and turnover. When someone leaves, record their exit date instead, so turnover counts it.',
      facts: [`${employee.email}`, `Unit: ${employee.unitName}`],
      action: `${PATH}/${id}/deactivate`,
      confirmLabel: 'Deactivate employee',
      cancelHref: `${PATH}/${id}`,
      errors: {},
    };
  }

  @Post(':id/deactivate')
  @Roles('admin', 'hr')
  async deactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.employees.deactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Employee deactivated.');
  }

  @Post(':id/reactivate')
  @Roles('admin', 'hr')
  async reactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.employees.reactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Employee reactivated.');
  }

  private async formModel(
    me: CurrentUser,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    employee?: EmployeeListItem,
  ) {
    const units = await this.units.choices(me);
    return {
      title: employee ? `Edit ${employee.name}` : 'Add an employee',
      section: 'employees',
      employee,
      action: employee ? `${PATH}/${employee.id}` : PATH,
      cancelHref: employee ? `${PATH}/${employee.id}` : PATH,
      values,
      errors,
      units: units.map((u) => ({ ...u, selected: u.id === values.unitId })),
      exitTypes: EXIT_TYPES.map((t) => ({
        value: t,
        label: EXIT_LABELS[t],
        selected: t === values.exitType,
      })),
      languages: surveyLanguageChoices(values.language),
      noUnits: units.length === 0,
    };
  }
}

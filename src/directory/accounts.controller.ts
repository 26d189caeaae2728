import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { PageRenderer } from '../common/page-renderer.service';
import { AccountListItem, AccountsService } from './accounts.service';
import { ContactsService } from './contacts.service';
import { sendCsv } from '../common/csv-download';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { canManageDirectory } from './directory-access';
import { CreateAccountDto } from './dto/account.dto';
import { ListQueryDto } from './dto/list-query.dto';
import {
  exportHref,
  hiddenFields,
  isFiltered,
  pager,
  sortHeaders,
  statusFilters,
} from './list-view';
import { UnitsService } from './units.service';
import { Page } from '../common/page.decorator';

const PATH = '/admin/accounts';

/** Customer account pages; a lost customer gets a churn date, deactivation is for mistakes. */
@ApiExcludeController()
@Controller('admin/accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly units: UnitsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('directory/accounts')
  async list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    const result = await this.accounts.list(me, query);
    return {
      title: 'Customer accounts',
      section: 'accounts',
      q: query.q ?? '',
      items: result.items,
      headers: sortHeaders(PATH, query, 'name', [
        ['name', 'Account'],
        ['externalId', 'External id'],
        ['unit', 'Served by'],
        ['contacts', 'Contacts'],
        ['churnDate', 'Churned'],
      ]),
      filters: statusFilters(PATH, query, [
        ['active', 'Active'],
        ['churned', 'Churned'],
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
    return sendCsv(reply, 'accounts.csv', await this.accounts.exportRows(me, query));
  }

  @Get('new')
  @Roles('admin', 'hr')
  @Page('directory/account-form')
  async showNew(@Me() me: CurrentUser, @Query('unit') unit?: string) {
    return this.formModel(me, { unitId: unit ?? '' }, {});
  }

  @Post()
  @Roles('admin', 'hr')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateAccountDto,
      view: 'directory/account-form',
      model: (values, errors) => this.formModel(me, values, errors),
      submit: async (value) => {
        const account = await this.accounts.create(me, value);
        return redirectTo(`${PATH}/${account.id}`, `Account “${account.name}” added.`);
      },
    });
  }

  @Get(':id')
  @Page('directory/account')
  async show(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const account = await this.accounts.get(me, id);
    const contacts = await this.contacts.list(me, { account: id, status: 'all', pageSize: 50 });
    return {
      title: account.name,
      section: 'accounts',
      account,
      contacts: contacts.items,
      moreContacts: contacts.total > contacts.items.length,
      canManage: canManageDirectory(me),
    };
  }

  @Get(':id/edit')
  @Roles('admin', 'hr')
  @Page('directory/account-form')
  async showEdit(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const account = await this.accounts.get(me, id);
    return this.formModel(
      me,
      {
        ...account,
        relationshipEmployeeEmails: account.relationshipEmployeeEmails.join('\n'),
      },
      {},
      account,
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
    const account = await this.accounts.get(me, id);
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateAccountDto,
      view: 'directory/account-form',
      model: (values, errors) => this.formModel(me, values, errors, account),
      submit: async (value) => {
        await this.accounts.update(me, id, {
          ...value,
          churnDate: value.churnDate ?? null,
          relationshipEmployeeEmails: value.relationshipEmployeeEmails ?? [],
        });
        return redirectTo(`${PATH}/${id}`, 'Account saved.');
      },
    });
  }

  @Get(':id/deactivate')
  @Roles('admin', 'hr')
  @Page('directory/confirm')
  async confirmDeactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const account = await this.accounts.get(me, id);
    return {
      title: `Deactivate ${account.name}`,
      section: 'accounts',
      heading: `Deactivate the account “${account.name}”?`,
      lead: 'Deactivate an account only when it was entered by mistake: its contacts get no more surveys and it leaves churn figures. When a customer is lost, give the account a churn date instead, so churn counts it.',
      facts: [`Served by ${account.unitName}`, `${account.contacts} active contact(s)`],
      action: `${PATH}/${id}/deactivate`,
      confirmLabel: 'Deactivate account',
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
    await this.accounts.deactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Account deactivated.');
  }

  @Post(':id/reactivate')
  @Roles('admin', 'hr')
  async reactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.accounts.reactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Account reactivated.');
  }

  private async formModel(
    me: CurrentUser,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    account?: AccountListItem,
  ) {
    const units = await this.units.choices(me);
    return {
      title: account ? `Edit ${account.name}` : 'Add a customer account',
      section: 'accounts',
      account,
      action: account ? `${PATH}/${account.id}` : PATH,
      cancelHref: account ? `${PATH}/${account.id}` : PATH,
      values,
      errors,
      units: units.map((u) => ({ ...u, selected: u.id === values.unitId })),
      noUnits: units.length === 0,
    };
  }
}

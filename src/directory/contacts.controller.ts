import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { PageRenderer } from '../common/page-renderer.service';
import { AccountsService } from './accounts.service';
import { ContactListItem, ContactsService } from './contacts.service';
import { sendCsv } from '../common/csv-download';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { canManageDirectory } from './directory-access';
import { CreateContactDto } from './dto/contact.dto';
import { ListQueryDto } from './dto/list-query.dto';
import {
  exportHref,
  hiddenFields,
  isFiltered,
  pager,
  sortHeaders,
  statusFilters,
} from './list-view';
import { Page } from '../common/page.decorator';
import { surveyLanguageChoices, surveyLanguageName } from './survey-language';

const PATH = '/admin/contacts';

/** Contact pages: the people at customer accounts who receive relationship surveys. */
@ApiExcludeController()
@Controller('admin/contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly accounts: AccountsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('directory/contacts')
  async list(@Me() me: CurrentUser, @Query() query: ListQueryDto) {
    const result = await this.contacts.list(me, query);
    return {
      title: 'Contacts',
      section: 'contacts',
      q: query.q ?? '',
      items: result.items,
      headers: sortHeaders(PATH, query, 'name', [
        ['name', 'Name'],
        ['email', 'Email'],
        ['account', 'Account'],
        ['unit', 'Served by'],
        ['subscribed', 'Surveys'],
      ]),
      filters: statusFilters(PATH, query, [
        ['active', 'Active'],
        ['inactive', 'Deactivated'],
        ['all', 'All'],
      ]),
      hidden: hiddenFields(query),
      accountFilter: query.account ? await this.accounts.get(me, query.account) : null,
      ...pager(result, query),
      exportHref: exportHref(PATH, query),
      filtered: isFiltered(query),
      canManage: canManageDirectory(me),
    };
  }

  @Get('export.csv')
  async export(@Me() me: CurrentUser, @Query() query: ListQueryDto, @Res() reply: FastifyReply) {
    return sendCsv(reply, 'contacts.csv', await this.contacts.exportRows(me, query));
  }

  @Get('new')
  @Roles('admin', 'hr')
  @Page('directory/contact-form')
  async showNew(@Me() me: CurrentUser, @Query('account') account?: string) {
    return this.formModel(me, { accountId: account ?? '', subscribed: true }, {});
  }

  @Post()
  @Roles('admin', 'hr')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateContactDto,
      view: 'directory/contact-form',
      model: (values, errors) => this.formModel(me, values, errors),
      submit: async (value) => {
        const contact = await this.contacts.create(me, {
          ...value,
          subscribed: value.subscribed ?? false,
        });
        return redirectTo(`${PATH}/${contact.id}`, `${contact.name} added.`);
      },
    });
  }

  @Get(':id')
  @Page('directory/contact')
  async show(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const contact = await this.contacts.get(me, id);
    return {
      title: contact.name,
      section: 'contacts',
      contact,
      languageName: surveyLanguageName(contact.language),
      canManage: canManageDirectory(me),
    };
  }

  @Get(':id/edit')
  @Roles('admin', 'hr')
  @Page('directory/contact-form')
  async showEdit(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const contact = await this.contacts.get(me, id);
    return this.formModel(me, { ...contact, language: contact.language ?? '' }, {}, contact);
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
    const contact = await this.contacts.get(me, id);
    return postForm(this.pages, request, reply, {
      body,
      dto: CreateContactDto,
      view: 'directory/contact-form',
      model: (values, errors) => this.formModel(me, values, errors, contact),
      submit: async (value) => {
        await this.contacts.update(me, id, {
          ...value,
          subscribed: value.subscribed ?? false,
          language: value.language ?? null,
        });
        return redirectTo(`${PATH}/${id}`, 'Contact saved.');
      },
    });
  }

  @Get(':id/deactivate')
  @Roles('admin', 'hr')
  @Page('directory/confirm')
  async confirmDeactivate(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const contact = await this.contacts.get(me, id);
    return {
      title: `Deactivate ${contact.name}`,
      section: 'contacts',
      heading: `Deactivate ${contact.name}?`,
      lead: 'A deactivated contact gets no more surveys. Their past answers stay in the reports. You can reactivate them later.',
      facts: [contact.email, `Account: ${contact.accountName}`],
      action: `${PATH}/${id}/deactivate`,
      confirmLabel: 'Deactivate contact',
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
    await this.contacts.deactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Contact deactivated.');
  }

  @Post(':id/reactivate')
  @Roles('admin', 'hr')
  async reactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    await this.contacts.reactivate(request.currentUser!, id);
    return redirectWithFlash(request, reply, `${PATH}/${id}`, 'Contact reactivated.');
  }

  private async formModel(
    me: CurrentUser,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    contact?: ContactListItem,
  ) {
    const accounts = await this.accounts.choices(me);
    return {
      title: contact ? `Edit ${contact.name}` : 'Add a contact',
      section: 'contacts',
      contact,
      action: contact ? `${PATH}/${contact.id}` : PATH,
      cancelHref: contact ? `${PATH}/${contact.id}` : PATH,
      values,
      errors,
      accounts: accounts.map((a) => ({ ...a, selected: a.id === values.accountId })),
      languages: surveyLanguageChoices(values.language),
      noAccounts: accounts.length === 0,
    };
  }
}

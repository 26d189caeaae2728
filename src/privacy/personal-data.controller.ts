import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { postForm, redirectTo } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { ContactsService } from '../directory/contacts.service';
import { EmployeesService } from '../directory/employees.service';
import { DirectoryPersonalDataService } from '../directory/personal-data.service';
import { ErasureService } from './erasure.service';
import { PrivacyError, PrivacyErrorCode } from './privacy.errors';
import { SubjectExportService } from './subject-export.service';

const CONFIRM = 'privacy/erase-confirm';

/** A person's data on their directory page: the export (Art. 15) and erasure (Art. 17). */
@ApiExcludeController()
@Controller('admin')
@Roles('admin', 'hr')
export class PersonalDataController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly exports: SubjectExportService,
    private readonly contacts: ContactsService,
    private readonly employees: EmployeesService,
    private readonly directory: DirectoryPersonalDataService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('contacts/:id/personal-data.json')
  async exportContact(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = await this.exports.exportContact(me, id);
    download(reply, `personal-data-contact-${id}.json`);
    return data;
  }

  @Get('employees/:id/personal-data.json')
  async exportEmployee(
    @Me() me: CurrentUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = await this.exports.exportEmployee(me, id);
    download(reply, `personal-data-employee-${id}.json`);
    return data;
  }

  @Get('contacts/:id/erase')
  @Page(CONFIRM)
  async confirmContact(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.contactModel(me, id, {});
  }

  @Post('contacts/:id/erase')
  async eraseContact(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      view: CONFIRM,
      model: (_, errors) => this.contactModel(me, id, errors),
      errorStatus: 409,
      submit: async () => {
        await this.erasure.eraseContact(me, id);
        return redirectTo(
          '/admin/contacts',
          'The contact was erased: their details, links and comments are gone; their scores still count in the reports.',
        );
      },
    });
  }

  @Get('employees/:id/erase')
  @Page(CONFIRM)
  async confirmEmployee(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.employeeModel(me, id, {});
  }

  @Post('employees/:id/erase')
  async eraseEmployee(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const me = request.currentUser!;
    return postForm(this.pages, request, reply, {
      view: CONFIRM,
      model: (_, errors) => this.employeeModel(me, id, errors),
      errorStatus: 409,
      submit: async () => {
        await this.erasure.eraseEmployee(me, id);
        return redirectTo(
          `/admin/employees/${id}`,
          "The employee's personal data was erased; an anonymous record stays for headcount and turnover.",
        );
      },
    });
  }

  private async contactModel(me: CurrentUser, id: string, errors: Record<string, string>) {
    const contact = await this.contacts.get(me, id);
    return {
      title: `Erase ${contact.name}`,
      section: 'contacts',
      heading: `Erase ${contact.name}?`,
      facts: [contact.email, `Account: ${contact.accountName}`],
      erased: [
        'the contact: name, email, language and subscription',
        'the link from their survey answers and invitations to them, and their survey links',
        'their comments (each becomes “[erased]”) and the personal line of any “we heard you” email',
        'their name and email wherever staff typed them into follow-up notes',
        'copies of the email sent to them in the outbox',
      ],
      kept: [
        'their scores, with the cycle, unit and account, so every figure already reported stays the same',
        'their invitations without name or address, so response rates stay the same',
        'follow-ups of their answers, without the contact',
      ],
      exportHref: `/admin/contacts/${id}/personal-data.json`,
      action: `/admin/contacts/${id}/erase`,
      confirmLabel: 'Erase this contact',
      cancelHref: `/admin/contacts/${id}`,
      blocked: false,
      errors,
    };
  }

  private async employeeModel(me: CurrentUser, id: string, errors: Record<string, string>) {
    const employee = await this.employees.get(me, id);
    const erased = (await this.directory.employeeErased(id)) === true;
    return {
      title: `Erase ${employee.name}`,
      section: 'employees',
      heading: `Erase ${employee.name}?`,
      facts: [employee.email ?? 'No email address', `Unit: ${employee.unitName}`],
      erased: [
        'their name, email, external id and language',
        'their names on customer accounts they served',
        'name, address and survey links of their invitations',
        'their name and email wherever staff typed them into follow-up notes',
        'copies of the email sent to them in the outbox',
      ],
      kept: [
        'an anonymous record with their hire, moves and exit, so headcount and turnover of every period stay the same',
        'their invitations without name or address, so response rates stay the same',
        'their survey answers, which were never linked to them',
      ],
      exportHref: `/admin/employees/${id}/personal-data.json`,
      action: `/admin/employees/${id}/erase`,
      confirmLabel: 'Erase this employee',
      cancelHref: `/admin/employees/${id}`,
      blocked: erased,
      blockedText: new PrivacyError(PrivacyErrorCode.ALREADY_ERASED).message,
      errors,
    };
  }
}

function download(reply: FastifyReply, fileName: string): void {
  void reply
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store');
}

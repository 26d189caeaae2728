import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import { RetentionPolicyDto } from './dto/retention-policy.dto';
import {
  ErasureSummaryDto,
  RetentionCountsDto,
  RetentionPolicyResponseDto,
  RetentionPreviewDto,
} from './dto/privacy-responses.dto';
import { ErasureService } from './erasure.service';
import { RetentionService } from './retention.service';
import { SubjectExportService } from './subject-export.service';

const EXPORT_SCHEMA = {
  schema: {
    type: 'object',
    description:
      '`format` ("tandem-personal-data/1"), `exportedAt`, `subject` (kind and id), `notice`, and what is stored: for a contact their record with its account, invitations (delivery state, reminders, responded; never a token) and responses with every answer, its question and the follow-ups it led to (their trail without staff names); for an employee their record, dated history (hires, moves, exits), invitations and the number of follow-ups assigned to them. Employee survey answers are anonymous and never part of an export.',
  },
};

/** The data subject's rights and the retention policy, for API keys. */
@ApiTags('Privacy')
@ApiBearerAuth()
@Controller('api/v1')
export class PrivacyApiController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly exports: SubjectExportService,
    private readonly retention: RetentionService,
  ) {}

  @Get('contacts/:id/export')
  @Roles('admin', 'hr')
  @ApiOperation({ summary: 'Everything stored about one contact, as JSON (GDPR Art. 15)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse(EXPORT_SCHEMA)
  exportContact(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.exports.exportContact(me, id);
  }

  @Post('contacts/:id/erase')
  @Roles('admin', 'hr')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Erase one contact (GDPR Art. 17)',
    description:
      'Deletes the contact and takes them out of invitations, responses, follow-ups and the outbox: their comments become "[erased]". Their scores stay with the cycle, unit and account, so every figure already reported stays the same. 410 when already erased (the contact no longer exists: 404).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ErasureSummaryDto })
  eraseContact(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.erasure.eraseContact(me, id);
  }

  @Get('employees/:id/export')
  @Roles('admin', 'hr')
  @ApiOperation({ summary: 'Everything stored about one employee, as JSON (GDPR Art. 15)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse(EXPORT_SCHEMA)
  exportEmployee(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.exports.exportEmployee(me, id);
  }

  @Post('employees/:id/erase')
  @Roles('admin', 'hr')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase one employee's personal data (GDPR Art. 17)",
    description:
      'Removes their name, email, external id and language, their links to customer accounts, and their name and address from invitations and the outbox. An anonymous record with their dated history stays, so headcount and turnover of every period stay the same. 410 when already erased.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ErasureSummaryDto })
  eraseEmployee(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.erasure.eraseEmployee(me, id);
  }

  @Get('retention')
  @Roles('admin')
  @ApiOperation({ summary: 'The retention policy and its last run' })
  @ApiOkResponse({ type: RetentionPolicyResponseDto })
  policy() {
    return this.retention.policy();
  }

  @Put('retention')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set the retention policy',
    description:
      'Every period in whole months (1–600); null turns that part off. Recorded in the audit log.',
  })
  @ApiOkResponse({ type: RetentionPolicyResponseDto })
  update(@Body() body: RetentionPolicyDto) {
    return this.retention.update(body);
  }

  @Get('retention/preview')
  @Roles('admin')
  @ApiOperation({
    summary: 'Dry run: what applying the retention policy now would remove',
    description: 'Changes nothing.',
  })
  @ApiOkResponse({ type: RetentionPreviewDto })
  preview() {
    return this.retention.preview();
  }

  @Post('retention/apply')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply the retention policy now',
    description:
      'What the preview lists at this moment is erased, each person in a transaction of their own; the daily job does the same at 02:30 UTC. 409 while the policy is off.',
  })
  @ApiOkResponse({ type: RetentionCountsDto })
  apply() {
    return this.retention.apply();
  }
}

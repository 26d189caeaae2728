import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { toJson } from './audit-view';
import { SettingsService } from '../settings/settings.service';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/audit')
export class AuditApiController {
  constructor(
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log, newest first',
    description:
      'Every change made by staff, API keys and Tandem itself, with who, when, from where, what and the changed fields (answers, passwords, tokens and secrets are never recorded). Filters: actor, action (or area), targetType, targetId, from, to (days in the company time zone); paged with page and pageSize (at most 200).',
  })
  async list(@Query() query: AuditQueryDto) {
    const { page, pageSize, ...filter } = query;
    const result = await this.audit.list(
      filter,
      this.settings.current().timeZone,
      page ?? 1,
      pageSize ?? 50,
    );
    return { ...result, items: result.items.map(toJson) };
  }
}

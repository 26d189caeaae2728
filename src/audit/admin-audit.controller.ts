import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { sendCsv } from '../common/csv-download';
import { validateForm } from '../common/form';
import { PageRenderer } from '../common/page-renderer.service';
import { paged } from '../common/pagination';
import { actionOptions, changeLines, csvRow, CSV_HEADER, filterQuery } from './audit-view';
import { SettingsService } from '../settings/settings.service';
import type { AuditFilter } from './audit.queries';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

const VIEW = 'audit/index';
const PAGE_SIZE = 50;

/** The audit log for administrators: filters, pages of 50 and the whole filtered log as CSV. */
@ApiExcludeController()
@Roles('admin')
@Controller('admin/audit')
export class AdminAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly pages: PageRenderer,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const form = await validateForm(AuditQueryDto, raw);
    const values = { ...raw };
    if (!form.ok) {
      // A bad filter is shown next to its field, with everything typed kept; no rows are guessed.
      return this.pages.render(
        request,
        reply,
        VIEW,
        this.model(values, form.errors, paged([], 0, 1, PAGE_SIZE), {}),
        422,
      );
    }
    const { page, pageSize, ...filter } = form.value;
    const result = await this.audit.list(filter, this.zone(), page ?? 1, pageSize ?? PAGE_SIZE);
    return this.pages.render(
      request,
      reply,
      VIEW,
      this.model(values, {}, result, filterQuery(filter)),
    );
  }

  @Get('export.csv')
  async export(@Query() query: AuditQueryDto, @Res() reply: FastifyReply) {
    const filter = filterOf(query);
    const rows = await this.audit.all(filter, this.zone());
    return sendCsv(reply, 'audit-log.csv', [CSV_HEADER, ...rows.map(csvRow)], { bom: true });
  }

  private zone(): string {
    return this.settings.current().timeZone;
  }

  private model(
    values: Record<string, unknown>,
    errors: Record<string, string>,
    result: Awaited<ReturnType<AuditService['list']>>,
    query: Record<string, string>,
  ) {
    return {
      title: 'Audit log',
      values,
      errors,
      invalid: Object.keys(errors).length > 0,
      actions: actionOptions(typeof values.action === 'string' ? values.action : undefined),
      ...result,
      items: result.items.map((row) => ({ ...row, lines: changeLines(row) })),
      filtered: Object.keys(query).length > 0,
      query,
      exportHref: `/admin/audit/export.csv${Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''}`,
    };
  }
}

/** The filter of a query, without its paging. */
function filterOf(query: AuditQueryDto): AuditFilter {
  return {
    actor: query.actor,
    action: query.action,
    targetType: query.targetType,
    targetId: query.targetId,
    from: query.from,
    to: query.to,
  };
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { FieldErrors } from '../common/form';
import { postForm, showPage } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { SettingsService } from '../settings/settings.service';
import { peopleOf, PrintCodesDto } from './dto/print-codes.dto';
import { PrintedCodesService } from './printed-codes.service';

/**
 * Printed one-time codes for a cycle (admin and HR, like the cycle pages): choose whom, then
 * the sheet, shown once and never stored (no-store; the codes exist only as hashes).
 */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/cycles/:id/codes')
export class PrintedCodesController {
  constructor(
    private readonly codes: PrintedCodesService,
    private readonly pages: PageRenderer,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  @Page('delivery/codes')
  choose(@Param('id', ParseUUIDPipe) id: string) {
    return this.model(id, { who: 'without_email' }, {});
  }

  @Post()
  async print(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ) {
    void reply.header('cache-control', 'no-store');
    return postForm(this.pages, request, reply, {
      body,
      dto: PrintCodesDto,
      view: 'delivery/codes',
      model: (values, errors) => this.model(id, values, errors),
      submit: async (dto) => {
        const sheet = await this.codes.print(id, {
          unitIds: dto.unitIds,
          everyone: dto.who === 'everyone',
          people: peopleOf(dto),
        });
        return showPage('delivery/code-sheet', {
          title: `Codes for ${sheet.cycle.name}`,
          ...sheet,
          companyName: this.settings.current().companyName ?? '',
          count: sheet.codes.length,
        });
      },
    });
  }

  private async model(id: string, values: Record<string, unknown>, errors: FieldErrors) {
    const { cycle, units } = await this.codes.choices(id);
    const chosen = new Set(
      ([] as unknown[]).concat(values.unitIds ?? []).filter((v) => typeof v === 'string'),
    );
    return {
      title: `Printed codes · ${cycle.name}`,
      cycle,
      open: cycle.status === 'open',
      units: units.map((u) => ({ ...u, checked: chosen.has(u.id) })),
      everyone: values.who === 'everyone',
      values,
      errors,
    };
  }
}

import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { PageRenderer } from '../common/page-renderer.service';
import { HistoricalImportService, ResponseImportResult } from './historical-import.service';
import { RESPONSE_IMPORT_COLUMNS } from './response-import';
import { Page } from '../common/page.decorator';
import { InputError } from '../common/input-error';
import { decodeUtf8 } from '../common/utf8-text';

const VIEW = 'analytics/import-responses';
const TITLE = 'Import past responses';

/** Admin upload of past waves (the CLI's `import:responses` does the same from a file). */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/import/responses')
export class HistoricalImportController {
  constructor(
    private readonly imports: HistoricalImportService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page(VIEW)
  show() {
    return page({});
  }

  @Post()
  async upload(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const file = request.isMultipart() ? await request.file() : undefined;
    let content = '';
    try {
      content = file ? decodeUtf8(await file.toBuffer()) : '';
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const errors = { file: error.message };
      return this.pages.render(request, reply, VIEW, page({ errors }), 422);
    }
    if (!file || content.trim() === '') {
      const errors = { file: 'Choose a CSV file to import.' };
      return this.pages.render(request, reply, VIEW, page({ errors }), 422);
    }
    const result = await this.imports.importCsv(content);
    return this.pages.render(
      request,
      reply,
      VIEW,
      page({ result, fileName: file.filename }),
      result.imported ? 200 : 422,
    );
  }
}

function page(model: {
  errors?: Record<string, string>;
  result?: ResponseImportResult;
  fileName?: string;
}) {
  const failed = model.result !== undefined && !model.result.imported;
  return {
    title: TITLE,
    columns: RESPONSE_IMPORT_COLUMNS,
    errors: {
      ...model.errors,
      ...(failed ? { form: `${model.fileName ?? 'The file'}: nothing was imported.` } : {}),
    },
    result: model.result,
    failed,
    moreErrors: failed ? model.result!.errorCount - model.result!.errors.length : 0,
  };
}

import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { sendCsv } from '../common/csv-download';
import { readUpload } from '../directory/import/read-upload';
import { SurveyTranslationsService } from './survey-translations.service';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

/** The translator's workflow through the API: one language's strings out as CSV and back in. */
@ApiTags('surveys')
@ApiBearerAuth()
@Roles('admin', 'hr')
@Controller('api/v1/surveys/:id/translations')
export class SurveyTranslationsApiController {
  constructor(private readonly translations: SurveyTranslationsService) {}

  @Get()
  @ApiOperation({ summary: 'Per language: strings translated, missing and stale' })
  async list(@Param('id', ParseUUIDPipe) id: string) {
    return { items: await this.translations.reports(id) };
  }

  @Get(':language')
  @ApiOperation({ summary: 'One language: strings translated, missing and stale' })
  report(@Param('id', ParseUUIDPipe) id: string, @Param('language') language: string) {
    return this.translations.report(id, language);
  }

  @Get(':language/csv')
  @ApiOperation({ summary: 'The translation CSV of one language: key, source, translation' })
  async exportCsv(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('language') language: string,
    @Res() reply: FastifyReply,
  ) {
    const rows = await this.translations.exportRows(id, language);
    return sendCsv(reply, `survey-${language}.csv`, rows, { bom: true });
  }

  @Post(':language')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'The translation CSV (columns key, source, translation), as exported',
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOperation({
    summary: 'Import one language’s translations; answers what was saved, missing and stale',
  })
  @ApiUnprocessableEntityResponse({
    description: 'Rows with errors; nothing was saved. details.errors lists them by line.',
  })
  async importCsv(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('language') language: string,
    @Req() request: FastifyRequest,
  ) {
    const upload = await readUpload(request);
    const result =
      'error' in upload
        ? { saved: 0, errors: [{ line: 0, column: '', message: upload.error }] }
        : await this.translations.import(id, language, upload.content);
    if (result.errors.length > 0)
      throw new SurveyError(SurveyErrorCode.TRANSLATIONS_INVALID, { errors: result.errors });
    return result;
  }
}

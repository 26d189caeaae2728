import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import type { RowError } from '../common/csv-reader';
import { sendCsv } from '../common/csv-download';
import type { FormResult } from '../common/form';
import { postForm } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { readUpload } from '../directory/import/read-upload';
import { availableLanguages } from '../respond/i18n';
import type { TranslationReport } from './survey-strings';
import { SurveyTranslationsService } from './survey-translations.service';
import { SurveysService } from './surveys.service';

const VIEW = 'surveys/translations';
/** Rows of a report list shown on the page; the rest are counted. */
const SHOWN = 200;

interface ImportOutcome {
  language: string;
  saved: number;
  errors: RowError[];
  report?: TranslationReport;
}

/** A survey's translations: one CSV per language out to a translator and back in. */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/surveys/:id/translations')
export class AdminSurveyTranslationsController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly translations: SurveyTranslationsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page(VIEW)
  show(@Param('id', ParseUUIDPipe) id: string) {
    return this.model(id, {});
  }

  @Get(':language/csv')
  async exportCsv(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('language') language: string,
    @Res() reply: FastifyReply,
  ) {
    const rows = await this.translations.exportRows(id, language);
    return sendCsv(reply, `survey-${language}.csv`, rows, { bom: true });
  }

  @Post(':language')
  async importCsv(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('language') language: string,
  ) {
    return postForm(this.pages, request, reply, {
      parse: () => uploadedFile(request),
      view: VIEW,
      model: (_values, errors) => this.model(id, { [`file-${language}`]: errors.file ?? '' }),
      submit: async (upload) => {
        const result = await this.translations.import(id, language, upload.content);
        const outcome: ImportOutcome = { language, ...result };
        return {
          view: VIEW,
          model: await this.model(id, {}, outcome),
          status: result.errors.length > 0 ? 422 : 200,
        };
      },
    });
  }

  private async model(id: string, errors: Record<string, string>, outcome?: ImportOutcome) {
    const [survey, reports] = await Promise.all([
      this.surveys.get(id),
      this.translations.reports(id),
    ]);
    const names = new Map(availableLanguages().map((l) => [l.code, l.name]));
    const languageName = (code: string) => names.get(code) ?? code;
    return {
      title: `Translations: ${survey.name}`,
      survey,
      errors,
      languages: reports.map((r) => ({
        ...r,
        name: languageName(r.language),
        missingCount: r.missing.length,
        staleCount: r.stale.length,
        error: errors[`file-${r.language}`] || undefined,
      })),
      outcome: outcome && {
        ...outcome,
        name: languageName(outcome.language),
        hasErrors: outcome.errors.length > 0,
        errors: outcome.errors.slice(0, SHOWN),
        missing: outcome.report?.missing.slice(0, SHOWN) ?? [],
        stale: outcome.report?.stale.slice(0, SHOWN) ?? [],
        missingCount: outcome.report?.missing.length ?? 0,
        staleCount: outcome.report?.stale.length ?? 0,
      },
    };
  }
}

async function uploadedFile(
  request: FastifyRequest,
): Promise<FormResult<{ fileName: string; content: string }>> {
  const upload = await readUpload(request);
  if ('error' in upload)
    return { ok: false, value: { fileName: '', content: '' }, errors: { file: upload.error } };
  return { ok: true, value: upload, errors: {} };
}

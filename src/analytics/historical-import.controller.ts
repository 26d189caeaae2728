import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import type { FormResult } from '../common/form';
import { postForm, redirectTo, showPage } from '../common/form-post';
import { Page } from '../common/page.decorator';
import { PageRenderer } from '../common/page-renderer.service';
import { AnalyticsError } from './analytics.errors';
import { HistoricalImportService, ResponseImportOptions } from './historical-import.service';
import {
  IMPORT_PATH,
  previewPageModel,
  readMappingForm,
  SurveySelection,
  uploadPageModel,
} from './response-import-page';
import { ResponseImportPreviewsService } from './response-import-previews.service';
import { readResponseUpload, ResponseUpload } from './response-upload';

const UPLOAD_VIEW = 'analytics/import-responses';
const PREVIEW_VIEW = 'analytics/import-responses-preview';

/**
 * Admin import of past waves in two steps: upload a CSV with the surveys it goes onto, then
 * check and edit how its columns map onto their items on a dry run, and import. The CLI's
 * `import:responses` and POST /api/v1/imports/responses do the same in one call.
 */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/import/responses')
export class HistoricalImportController {
  constructor(
    private readonly imports: HistoricalImportService,
    private readonly previews: ResponseImportPreviewsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page(UPLOAD_VIEW)
  async show(
    @Query('employeeSurveyId') employeeSurveyId?: string,
    @Query('customerSurveyId') customerSurveyId?: string,
  ) {
    return this.uploadModel({ employeeSurveyId, customerSurveyId }, {});
  }

  @Post()
  async upload(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const me = request.currentUser!;
    let fields: Record<string, string> = {};
    return postForm(this.pages, request, reply, {
      parse: async (): Promise<FormResult<ResponseUpload>> => {
        const upload = await readResponseUpload(request);
        fields = upload.fields;
        const errors: Record<string, string> = upload.error ? { file: upload.error } : {};
        return { ok: upload.error === undefined, value: upload, errors };
      },
      view: UPLOAD_VIEW,
      model: (_values, errors) => this.uploadModel(fields, errors),
      submit: async (upload) => {
        const surveyIds = await this.imports.checkSurveys(selection(upload.fields));
        const id = await this.previews.store(
          me.id,
          upload.fileName || 'upload.csv',
          upload.content,
          {
            surveyIds,
          },
        );
        return redirectTo(`${IMPORT_PATH}/previews/${id}`);
      },
    });
  }

  @Get('previews/:id')
  @Page(PREVIEW_VIEW)
  async showPreview(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    const { stored, result } = await this.previews.preview(me.id, id);
    return previewPageModel({
      id,
      fileName: stored.fileName,
      choices: await this.imports.surveyChoices(),
      result,
    });
  }

  @Post('previews/:id')
  async submitMapping(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const me = request.currentUser!;
    const stored = await this.previews.get(me.id, id);
    const form = readMappingForm(request.body, stored.options);
    return postForm(this.pages, request, reply, {
      body: request.body,
      parse: () => Promise.resolve({ ok: true, value: form, errors: {} }),
      view: PREVIEW_VIEW,
      model: async () => {
        const { result } = await this.previews.preview(me.id, id);
        const choices = await this.imports.surveyChoices();
        return previewPageModel({ id, fileName: stored.fileName, choices, result });
      },
      submit: async ({ action, options }) => {
        await this.imports.checkSurveys(options.surveyIds ?? {});
        await this.previews.update(me.id, id, options);
        if (action === 'check') return redirectTo(`${IMPORT_PATH}/previews/${id}`);
        const applied = await this.previews.apply(me.id, id);
        const choices = await this.imports.surveyChoices();
        if (!applied.result.imported)
          return {
            view: PREVIEW_VIEW,
            model: previewPageModel({
              id,
              fileName: stored.fileName,
              choices,
              result: applied.result,
              failed: true,
            }),
            status: 422,
          };
        return showPage(UPLOAD_VIEW, {
          ...(await this.uploadModel(selectionOf(options), {})),
          result: applied.result,
          fileName: stored.fileName,
        });
      },
    });
  }

  private async uploadModel(
    fields: Record<string, string | undefined>,
    errors: Record<string, string>,
  ) {
    const selected = selection(fields);
    let surveys;
    try {
      surveys = await this.imports.surveysFor(selected);
    } catch (error) {
      if (!(error instanceof AnalyticsError)) throw error;
      errors = { ...errors, [error.field]: error.message };
      surveys = await this.imports.surveysFor({});
    }
    return uploadPageModel({
      choices: await this.imports.surveyChoices(),
      selected: {
        employee: surveys.find((s) => s.audience === 'employee')!.id,
        customer: surveys.find((s) => s.audience === 'customer')!.id,
      },
      surveys,
      errors,
    });
  }
}

function selection(fields: Record<string, string | undefined>): Partial<SurveySelection> {
  return {
    ...(fields.employeeSurveyId ? { employee: fields.employeeSurveyId } : {}),
    ...(fields.customerSurveyId ? { customer: fields.customerSurveyId } : {}),
  };
}

function selectionOf(options: ResponseImportOptions): Record<string, string | undefined> {
  return {
    employeeSurveyId: options.surveyIds?.employee,
    customerSurveyId: options.surveyIds?.customer,
  };
}

import { Controller, HttpCode, Post, Query, Req, ValidationPipe } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../auth/decorators';
import { AUDIENCES, type Audience } from '../surveys/entities/survey.entity';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import {
  ResponseImportQueryDto,
  ResponseImportRequestDto,
  ResponseImportResultDto,
} from './dto/response-import.dto';
import {
  HistoricalImportService,
  ResponseImportOptions,
  ResponseImportResult,
} from './historical-import.service';
import { readResponseUpload } from './response-upload';

const validation = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
});

@ApiTags('Past waves: response import')
@ApiBearerAuth()
@ApiExtraModels(ResponseImportRequestDto)
@Roles('admin', 'hr')
@Controller('api/v1/imports/responses')
export class ResponseImportsApiController {
  constructor(private readonly imports: HistoricalImportService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import past waves onto the built-in or your own surveys (or preview with dryRun)',
    description:
      'JSON: responses with their answers by key. Multipart: a CSV `file` in the long format (one row per answer, question_key and value) or the wide one (one row per response, a column per item), with optional fields employeeSurveyId, customerSurveyId, mapping and notAsked (the last two as JSON text). Sources map onto items automatically where the names match; `mapping` sets or ignores the others. Every wave is written as a closed imported cycle, in one transaction.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ResponseImportRequestDto) },
        {
          type: 'object',
          required: ['file'],
          properties: {
            file: { type: 'string', format: 'binary' },
            employeeSurveyId: { type: 'string', format: 'uuid' },
            customerSurveyId: { type: 'string', format: 'uuid' },
            mapping: { type: 'string', description: "JSON text, as the JSON body's mapping" },
            notAsked: { type: 'string', description: "JSON text, as the JSON body's notAsked" },
          },
        },
      ],
    },
  })
  @ApiOkResponse({
    type: ResponseImportResultDto,
    description:
      'Imported in one transaction (or, with dryRun, would be): the mapping, samples and cycles',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'Nothing was written: details.result is the same preview, with errors by line and column (line 0: the mapping or the input as a whole)',
  })
  async importResponses(
    @Query() query: ResponseImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<ResponseImportResult> {
    const result = request.isMultipart()
      ? await this.importUpload(request, query.dryRun ?? false)
      : await this.importJson(request.body, query.dryRun ?? false);
    if (result.errorCount > 0)
      throw new AnalyticsError(AnalyticsErrorCode.IMPORT_INVALID, { result });
    return result;
  }

  private async importJson(body: unknown, dryRun: boolean): Promise<ResponseImportResult> {
    const dto = (await validation.transform(body ?? {}, {
      type: 'body',
      metatype: ResponseImportRequestDto,
    })) as ResponseImportRequestDto;
    return this.imports.importJson(dto.responses, {
      ...optionsOf(dto),
      dryRun: dryRun || (dto.dryRun ?? false),
    });
  }

  private async importUpload(request: FastifyRequest, dryRun: boolean) {
    const upload = await readResponseUpload(request);
    const fail = (field: string, message: string) =>
      new AnalyticsError(AnalyticsErrorCode.IMPORT_INVALID, { field }, message);
    if (upload.error !== undefined) throw fail('file', upload.error);
    const json = (field: string) => {
      const text = upload.fields[field]?.trim();
      if (!text) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw fail(field, `${field} must be JSON text, e.g. {"employee": {"q1": "eng_proud"}}.`);
      }
    };
    const dto = (await validation.transform(
      {
        employeeSurveyId: upload.fields.employeeSurveyId || undefined,
        customerSurveyId: upload.fields.customerSurveyId || undefined,
        mapping: json('mapping'),
        notAsked: json('notAsked'),
        responses: [],
      },
      { type: 'body', metatype: ResponseImportRequestDto },
    )) as ResponseImportRequestDto;
    return this.imports.importCsv(upload.content, { ...optionsOf(dto), dryRun });
  }
}

function optionsOf(dto: ResponseImportRequestDto): ResponseImportOptions {
  return {
    surveyIds: {
      ...(dto.employeeSurveyId ? { employee: dto.employeeSurveyId } : {}),
      ...(dto.customerSurveyId ? { customer: dto.customerSurveyId } : {}),
    },
    mapping: perAudience(dto.mapping, 'mapping', (request) =>
      typeof request === 'object' &&
      request !== null &&
      !Array.isArray(request) &&
      Object.values(request).every((item) => item === null || typeof item === 'string')
        ? (request as Record<string, string | null>)
        : undefined,
    ),
    notAsked: perAudience(dto.notAsked, 'notAsked', (keys) =>
      Array.isArray(keys) && keys.every((k) => typeof k === 'string') ? keys : undefined,
    ),
  };
}

/** `{ employee: …, customer: … }` with each part checked; anything else is a 422 naming the field. */
function perAudience<T>(
  value: Record<string, unknown> | undefined,
  field: string,
  check: (part: unknown) => T | undefined,
): Partial<Record<Audience, T>> | undefined {
  if (value === undefined) return undefined;
  const out: Partial<Record<Audience, T>> = {};
  for (const [audience, part] of Object.entries(value)) {
    const checked = check(part);
    if (!(AUDIENCES as readonly string[]).includes(audience) || checked === undefined)
      throw new AnalyticsError(
        AnalyticsErrorCode.IMPORT_INVALID,
        { field },
        field === 'mapping'
          ? 'mapping takes {"employee": {"<source>": "<item key>" or null}, "customer": {…}}.'
          : 'notAsked takes {"employee": ["<item key>", …], "customer": […]}.',
      );
    out[audience as Audience] = checked;
  }
  return out;
}

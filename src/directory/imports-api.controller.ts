import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';
import { ImportQueryDto } from './dto/import-query.dto';
import { ImportSummaryDto } from './dto/responses.dto';
import { DirectoryImportService } from './import/directory-import.service';
import { IMPORT_KINDS, isImportKind } from './import/import.types';
import { readUpload } from './import/read-upload';

@ApiTags('Directory: CSV import')
@ApiBearerAuth()
@Controller('api/v1/imports')
export class ImportsApiController {
  constructor(private readonly imports: DirectoryImportService) {}

  @Post(':kind')
  @HttpCode(200)
  @ApiParam({ name: 'kind', enum: IMPORT_KINDS })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'The CSV file (columns as documented in the README, "CSV formats")',
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({
    type: ImportSummaryDto,
    description: 'The whole file was applied in one transaction (or, with dryRun, would be)',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'Some rows are invalid; nothing was written. details.summary lists errors by line and column.',
  })
  async importFile(
    @Me() me: CurrentUser,
    @Param('kind') kind: string,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<ImportSummaryDto> {
    if (!isImportKind(kind)) throw new DirectoryError(DirectoryErrorCode.IMPORT_UNKNOWN_KIND);
    const upload = await readUpload(request);
    if ('error' in upload)
      throw new DirectoryError(DirectoryErrorCode.IMPORT_HAS_ERRORS, {
        summary: { errors: [{ line: 0, column: '', message: upload.error }], errorCount: 1 },
      });
    return this.imports.importNow(me, kind, upload.content, { dryRun: query.dryRun ?? false });
  }
}

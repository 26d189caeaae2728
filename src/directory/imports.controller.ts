import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { Roles } from '../auth/decorators';
import type { RowError } from '../common/csv-reader';
import { PageRenderer } from '../common/page-renderer.service';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';
import type { FormResult } from '../common/form';
import { postForm, redirectTo, redirectWithFlash } from '../common/form-post';
import { DirectoryImportService, StoredImport } from './import/directory-import.service';
import { IMPORT_FORMATS } from './import/import-formats';
import { readUpload } from './import/read-upload';
import { IMPORT_KINDS, ImportKind, isImportKind } from './import/import.types';
import { Page } from '../common/page.decorator';

const PATH = '/admin/imports';
/** Errors listed on the preview page; the rest are counted. */
const SHOWN_ERRORS = 200;

/** Upload a CSV, see what it would change, then confirm: nothing is written before that. */
@ApiExcludeController()
@Roles('admin', 'hr')
@Controller('admin/imports')
export class ImportsController {
  constructor(
    private readonly imports: DirectoryImportService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Page('directory/imports')
  index() {
    return {
      title: 'Import CSV',
      section: 'imports',
      formats: IMPORT_KINDS.map((kind) => IMPORT_FORMATS[kind]),
    };
  }

  @Get(':kind')
  @Page('directory/import-upload')
  showUpload(@Param('kind') kind: string) {
    return this.uploadModel(requireKind(kind), {});
  }

  @Post(':kind')
  async upload(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('kind') kind: string,
  ) {
    const importKind = requireKind(kind);
    return postForm(this.pages, request, reply, {
      parse: () => uploadedFile(request),
      view: 'directory/import-upload',
      model: (_values, errors) => this.uploadModel(importKind, errors),
      submit: async (upload) => {
        const stored = await this.imports.preview(
          request.currentUser!,
          importKind,
          upload.fileName,
          upload.content,
        );
        return redirectTo(`${PATH}/previews/${stored.id}`);
      },
    });
  }

  @Get('previews/:id')
  @Page('directory/import-preview')
  async showPreview(@Me() me: CurrentUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.previewModel(await this.imports.get(me, id));
  }

  @Post('previews/:id/confirm')
  async confirm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ) {
    const stored = await this.imports.confirm(request.currentUser!, id);
    const s = stored.summary;
    return redirectWithFlash(
      request,
      reply,
      `${PATH}/previews/${id}`,
      stored.appliedAt
        ? `Imported ${s.rows} rows: ${s.toCreate} created, ${s.toUpdate} updated, ${s.unchanged} unchanged.`
        : 'The directory changed since the preview and the file now has errors. Nothing was imported.',
    );
  }

  private uploadModel(kind: ImportKind, errors: Record<string, string>) {
    const format = IMPORT_FORMATS[kind];
    return {
      title: `Import ${format.title.toLowerCase()}`,
      section: 'imports',
      format,
      action: `${PATH}/${kind}`,
      errors,
    };
  }

  private previewModel(stored: StoredImport) {
    const s = stored.summary;
    const format = IMPORT_FORMATS[stored.kind];
    // A problem with the file as a whole (its separator, its header) reads as a sentence above the table.
    const fileErrors = s.errors.filter(isFileError);
    const shownErrors = s.errors.filter((e) => !isFileError(e)).slice(0, SHOWN_ERRORS);
    return {
      title: stored.appliedAt
        ? `${format.title} imported`
        : `Preview: ${format.title.toLowerCase()}`,
      section: 'imports',
      stored,
      format,
      summary: s,
      fileErrors,
      shownErrors,
      hiddenErrors: Math.max(0, s.errorCount - fileErrors.length - shownErrors.length),
      canConfirm: !stored.appliedAt && s.errorCount === 0 && s.toCreate + s.toUpdate > 0,
      nothingToDo: !stored.appliedAt && s.errorCount === 0 && s.toCreate + s.toUpdate === 0,
      uploadHref: `${PATH}/${stored.kind}`,
      listHref: stored.kind === 'history' ? '/admin/employees' : `/admin/${stored.kind}`,
    };
  }
}

function isFileError(error: RowError): boolean {
  return error.line <= 1 && error.column === '';
}

function requireKind(kind: string): ImportKind {
  if (!isImportKind(kind)) throw new DirectoryError(DirectoryErrorCode.IMPORT_UNKNOWN_KIND);
  return kind;
}

/** The uploaded CSV as a form result: a missing, empty or unreadable file is the file field's error. */
async function uploadedFile(
  request: FastifyRequest,
): Promise<FormResult<{ fileName: string; content: string }>> {
  const upload = await readUpload(request);
  if ('error' in upload)
    return { ok: false, value: { fileName: '', content: '' }, errors: { file: upload.error } };
  return { ok: true, value: upload, errors: {} };
}

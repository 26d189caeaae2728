import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { ResponseImportPreview } from './entities/response-import-preview.entity';
import {
  HistoricalImportService,
  ResponseImportOptions,
  ResponseImportResult,
} from './historical-import.service';

/** How long an uploaded file waits for its import. */
const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredPreview {
  id: string;
  fileName: string;
  options: ResponseImportOptions;
}

/**
 * The import page's two steps: an upload is kept (for its uploader only) while the person
 * checks and edits the mapping on a dry run, then imported once and deleted.
 */
@Injectable()
export class ResponseImportPreviewsService {
  constructor(
    @InjectRepository(ResponseImportPreview)
    private readonly previews: Repository<ResponseImportPreview>,
    private readonly imports: HistoricalImportService,
  ) {}

  /** Keeps the file and returns its id; expired uploads of anyone are dropped on the way. */
  async store(
    userId: string,
    fileName: string,
    content: string,
    options: ResponseImportOptions,
  ): Promise<string> {
    await this.previews.delete({ createdAt: LessThan(new Date(Date.now() - PREVIEW_TTL_MS)) });
    const saved = await this.previews.save(
      this.previews.create({ userId, fileName, content, options: { ...options, dryRun: false } }),
    );
    return saved.id;
  }

  /** The stored upload, without checking it. */
  async get(userId: string, id: string): Promise<StoredPreview> {
    const row = await this.require(userId, id);
    return { id: row.id, fileName: row.fileName, options: row.options };
  }

  /** The stored upload and a dry run of it with its current options. */
  async preview(
    userId: string,
    id: string,
  ): Promise<{ stored: StoredPreview; result: ResponseImportResult }> {
    const row = await this.require(userId, id);
    const options = row.options as ResponseImportOptions;
    const result = await this.imports.importCsv(row.content, { ...options, dryRun: true });
    return { stored: { id: row.id, fileName: row.fileName, options }, result };
  }

  /** Replaces the surveys and mapping chosen for the upload. */
  async update(userId: string, id: string, options: ResponseImportOptions): Promise<void> {
    await this.require(userId, id);
    await this.previews.update({ id, userId }, { options: { ...options, dryRun: false } });
  }

  /** Imports the upload with its options; on success it is deleted, otherwise kept for fixing. */
  async apply(
    userId: string,
    id: string,
  ): Promise<{ stored: StoredPreview; result: ResponseImportResult }> {
    const row = await this.require(userId, id);
    const options = row.options as ResponseImportOptions;
    const result = await this.imports.importCsv(row.content, { ...options, dryRun: false });
    if (result.imported) await this.previews.delete({ id });
    return { stored: { id: row.id, fileName: row.fileName, options }, result };
  }

  private async require(userId: string, id: string): Promise<ResponseImportPreview> {
    const row = await this.previews.findOneBy({ id, userId });
    if (row === null || Date.now() - row.createdAt.getTime() > PREVIEW_TTL_MS)
      throw new AnalyticsError(AnalyticsErrorCode.IMPORT_PREVIEW_NOT_FOUND);
    return row;
  }
}

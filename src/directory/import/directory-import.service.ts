import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../../auth/current-user';
import { assertCanManage } from '../directory-access';
import { DirectoryError, DirectoryErrorCode } from '../directory.errors';
import { DirectoryImport } from '../entities/directory-import.entity';
import { ImportRunner } from './import-runner.service';
import { ImportKind, ImportSummary } from './import.types';

/** How long a preview can wait for its confirmation. */
export const PREVIEW_TTL_MS = 60 * 60 * 1000;

export interface StoredImport {
  id: string;
  kind: ImportKind;
  fileName: string;
  summary: ImportSummary;
  createdAt: Date;
  appliedAt: Date | null;
}

/**
 * Preview-then-confirm imports for people. The uploaded file is kept in directory_imports
 * (not in the session, so any app instance can confirm it); confirming re-runs the whole
 * file against the directory as it is then, inside one transaction that also marks the
 * preview used, so a preview is applied at most once and never half-way.
 */
@Injectable()
export class DirectoryImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: ImportRunner,
  ) {}

  async preview(
    user: CurrentUser,
    kind: ImportKind,
    fileName: string,
    content: string,
  ): Promise<StoredImport> {
    assertCanManage(user);
    const summary = await this.runner.run(kind, content, { apply: false });
    const repo = this.dataSource.getRepository(DirectoryImport);
    // Old previews go when new ones arrive; the applied ones stay as a trail without the file.
    await repo
      .createQueryBuilder()
      .delete()
      .where(`applied_at IS NULL AND created_at < now() - interval '1 day'`)
      .execute();
    const saved = await repo.save(
      repo.create({
        kind,
        userId: user.id,
        fileName: fileName.slice(0, 200),
        content,
        contentSha256: createHash('sha256').update(content).digest('hex'),
        summary: summary as unknown as Record<string, unknown>,
      }),
    );
    return toStored(saved);
  }

  /**
   * Imports a file at once (API): the whole file or nothing, with DirectoryError
   * IMPORT_HAS_ERRORS carrying the summary when a row fails. `dryRun` only reports.
   */
  async importNow(
    user: CurrentUser,
    kind: ImportKind,
    content: string,
    options: { dryRun: boolean },
  ): Promise<ImportSummary> {
    assertCanManage(user);
    const summary = await this.runner.run(kind, content, { apply: !options.dryRun });
    if (summary.errorCount > 0)
      throw new DirectoryError(DirectoryErrorCode.IMPORT_HAS_ERRORS, { summary });
    return summary;
  }

  async get(user: CurrentUser, id: string): Promise<StoredImport> {
    return toStored(await this.require(user, id));
  }

  /** Applies a previewed file; if the directory changed so that rows now fail, nothing is written. */
  async confirm(user: CurrentUser, id: string): Promise<StoredImport> {
    const stored = await this.require(user, id);
    if (stored.appliedAt) throw new DirectoryError(DirectoryErrorCode.IMPORT_ALREADY_APPLIED);
    if ((stored.summary as unknown as ImportSummary).errorCount > 0)
      throw new DirectoryError(DirectoryErrorCode.IMPORT_HAS_ERRORS);
    if (Date.now() - stored.createdAt.getTime() > PREVIEW_TTL_MS)
      throw new DirectoryError(DirectoryErrorCode.IMPORT_EXPIRED);
    const summary = await this.runner.run(stored.kind as ImportKind, stored.content, {
      apply: true,
      afterApply: async (manager, result) => {
        const [, marked] = await manager.query<[unknown[], number]>(
          `UPDATE directory_imports SET applied_at = now(), content = '', summary = $2
            WHERE id = $1 AND applied_at IS NULL`,
          [id, JSON.stringify(result)],
        );
        // A second confirmation racing this one finds the row already used and rolls back.
        if (marked !== 1) throw new DirectoryError(DirectoryErrorCode.IMPORT_ALREADY_APPLIED);
      },
    });
    if (!summary.applied) {
      await this.dataSource.query(`UPDATE directory_imports SET summary = $2 WHERE id = $1`, [
        id,
        JSON.stringify(summary),
      ]);
    }
    return toStored(await this.require(user, id));
  }

  private async require(user: CurrentUser, id: string): Promise<DirectoryImport> {
    assertCanManage(user);
    const stored = await this.dataSource.getRepository(DirectoryImport).findOneBy({ id });
    if (!stored || stored.userId !== user.id)
      throw new DirectoryError(DirectoryErrorCode.IMPORT_NOT_FOUND);
    return stored;
  }
}

function toStored(row: DirectoryImport): StoredImport {
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    fileName: row.fileName,
    summary: row.summary as unknown as ImportSummary,
    createdAt: row.createdAt,
    appliedAt: row.appliedAt,
  };
}

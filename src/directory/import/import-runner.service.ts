import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { MAX_REPORTED_ERRORS, readCsv, RowError } from '../../common/csv-reader';
import { DirectoryError, DirectoryErrorCode } from '../directory.errors';
import { violatedUniqueConstraint } from '../list-options';
import { lockDirectoryTree } from '../tree-lock';
import { accountImport } from './account-import';
import { contactImport } from './contact-import';
import { employeeImport } from './employee-import';
import { historyImport } from './history-import';
import { requiredColumns } from './import-formats';
import { ImportDefinition, ImportKind, ImportProgress, ImportSummary } from './import.types';
import { validateRows } from './row-validator';
import { stageErrorLines } from './staging';
import { unitImport } from './unit-import';

export const IMPORT_DEFINITIONS: Record<ImportKind, ImportDefinition> = {
  units: unitImport as ImportDefinition,
  employees: employeeImport as ImportDefinition,
  history: historyImport as ImportDefinition,
  accounts: accountImport as ImportDefinition,
  contacts: contactImport as ImportDefinition,
};

export interface RunOptions {
  /** Write the rows (when the file has no errors); otherwise only report what would change. */
  apply: boolean;
  onProgress?: ImportProgress;
  /** Runs inside the import's transaction after the rows are written (e.g. to mark a preview used). */
  afterApply?: (manager: EntityManager, summary: ImportSummary) => Promise<void>;
}

/**
 * Reads, validates and diffs a directory CSV, and applies it in one transaction: every row
 * lands or none does. Unchanged rows are not written, so re-importing a file changes nothing.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run(kind: ImportKind, content: string, options: RunOptions): Promise<ImportSummary> {
    const definition = IMPORT_DEFINITIONS[kind];
    if (!definition) throw new DirectoryError(DirectoryErrorCode.IMPORT_UNKNOWN_KIND);
    const { onProgress } = options;
    onProgress?.('read', 0, 1);
    const table = readCsv(content, definition.columns, requiredColumns(kind));
    onProgress?.('read', 1, 1);
    const { staged, errors } = validateRows(definition, table.rows, onProgress);
    const summary: ImportSummary = {
      kind,
      rows: table.count,
      toCreate: 0,
      toUpdate: 0,
      unchanged: 0,
      errors: [],
      errorCount: 0,
      ignoredColumns: table.ignoredColumns,
      notes: [],
      samples: { create: [], update: [] },
      applied: false,
    };
    const fileErrors = [...table.errors, ...errors];
    if (table.rows.length === 0) return finish(summary, fileErrors);

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const manager = runner.manager;
      if (options.apply) await lockDirectoryTree(manager);
      onProgress?.('write', 0, 3);
      await stageErrorLines(
        manager,
        fileErrors.map((e) => e.line),
      );
      const plan = await definition.plan(manager, staged);
      onProgress?.('write', 1, 3);
      Object.assign(summary, {
        toCreate: plan.toCreate,
        toUpdate: plan.toUpdate,
        unchanged: plan.unchanged,
        samples: plan.samples,
        notes: plan.notes,
      });
      finish(summary, [...fileErrors, ...plan.errors]);
      // Rows with errors are staged too (for their reference checks); any error writes nothing.
      if (options.apply && summary.errorCount === 0) {
        await definition.apply(manager);
        summary.applied = true;
        await this.audit.record(
          'directory.import',
          { type: 'directory_import', id: kind, label: kind },
          {
            manager,
            details: {
              kind,
              rows: summary.rows,
              created: summary.toCreate,
              updated: summary.toUpdate,
              unchanged: summary.unchanged,
            },
          },
        );
        await options.afterApply?.(manager, summary);
        await runner.commitTransaction();
        this.logger.log(
          `Imported ${kind}: ${summary.toCreate} created, ${summary.toUpdate} updated, ${summary.unchanged} unchanged`,
        );
      } else {
        await runner.rollbackTransaction();
      }
      onProgress?.('write', 3, 3);
      return summary;
    } catch (error) {
      await runner.rollbackTransaction();
      const constraint = violatedUniqueConstraint(error);
      if (constraint === null) throw error;
      // Only reachable when rows swap keys with each other (a unique index is checked row by row).
      summary.applied = false;
      return finish(summary, [
        {
          line: 0,
          column: '',
          message: `Two records would end up with the same value (${constraint}); nothing was imported. Import the change in two steps.`,
        },
      ]);
    } finally {
      await runner.release();
    }
  }
}

function finish(summary: ImportSummary, errors: RowError[]): ImportSummary {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
  summary.errorCount = sorted.length;
  summary.errors = sorted.slice(0, MAX_REPORTED_ERRORS);
  return summary;
}

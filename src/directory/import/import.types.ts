import { EntityManager } from 'typeorm';
import type { RowError } from '../../common/csv-reader';

export const IMPORT_KINDS = ['units', 'employees', 'history', 'accounts', 'contacts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

/** A row shown on the preview: what it is and which columns it changes. */
export interface ImportSample {
  line: number;
  key: string;
  name: string;
  changes: string[];
}

export interface ImportSummary {
  kind: ImportKind;
  /** Data rows in the file. */
  rows: number;
  toCreate: number;
  toUpdate: number;
  unchanged: number;
  /** The first errors, by line (at most MAX_REPORTED_ERRORS). */
  errors: RowError[];
  errorCount: number;
  ignoredColumns: string[];
  notes: string[];
  samples: { create: ImportSample[]; update: ImportSample[] };
  /** True once the rows are in the directory. */
  applied: boolean;
}

export type ImportPhase = 'read' | 'validate' | 'write';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

/** What a kind's SQL found once the valid rows are staged: database-level errors and the diff. */
export interface ImportPlan {
  errors: RowError[];
  toCreate: number;
  toUpdate: number;
  unchanged: number;
  samples: { create: ImportSample[]; update: ImportSample[] };
  notes: string[];
}

/**
 * A row handed to plan(): its cells that passed validation (failing ones are left out, so
 * references in the row's other cells are still checked). Rows with errors are never applied:
 * any error stops the whole file.
 */
export interface StagedRow<Row extends object> {
  line: number;
  row: Partial<Row>;
}

/** One CSV format: its columns, its row DTO, and the set-based SQL that stages and applies it. */
export interface ImportDefinition<Row extends object = object> {
  kind: ImportKind;
  /** Every column, in the documented order; the required ones (IMPORT_FORMATS) must be in the header. */
  columns: readonly string[];
  rowClass: new () => Row;
  /** Columns whose values must not repeat within the file (compared case-insensitively). */
  uniqueColumns: ReadonlyArray<keyof Row & string>;
  /**
   * Loads every row into temp tables, checks references against the file and the database,
   * and diffs the rows without errors (rows with errors are not counted or sampled).
   */
  plan(manager: EntityManager, rows: Array<StagedRow<Row>>): Promise<ImportPlan>;
  /** Writes what plan() staged, in the caller's transaction. */
  apply(manager: EntityManager): Promise<void>;
}

import { EntityManager } from 'typeorm';
import { MAX_REPORTED_ERRORS, RowError } from '../../common/csv-reader';
import { ImportPlan, ImportSample } from './import.types';

/**
 * `unnest($1::int[], $2::text[], ...) AS s(line, ...)` over column arrays: the whole file goes
 * to PostgreSQL in one round trip, however many rows it has.
 */
export function unnestRows(
  columns: ReadonlyArray<readonly [name: string, type: string]>,
  values: unknown[][],
): { from: string; params: unknown[] } {
  const list = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const names = columns.map(([name]) => name).join(', ');
  return { from: `unnest(${list}) AS s(${names})`, params: values };
}

/**
 * Notes the lines whose cells failed validation, so summarizeDiff() leaves them out: a row
 * with any error is neither "to create" nor "to update". Called once per run, before plan().
 */
export async function stageErrorLines(manager: EntityManager, lines: number[]): Promise<void> {
  await manager.query(
    `CREATE TEMP TABLE import_error_lines ON COMMIT DROP AS
     SELECT DISTINCT line FROM unnest($1::int[]) AS l(line)`,
    [lines],
  );
}

/** Row errors found by a SELECT of (line, column, message, value); their lines join import_error_lines. */
export async function queryErrors(manager: EntityManager, sql: string): Promise<RowError[]> {
  await manager.query(`CREATE TEMP TABLE import_plan_errors ON COMMIT DROP AS ${sql}`);
  await manager.query(
    `INSERT INTO import_error_lines SELECT DISTINCT line FROM import_plan_errors`,
  );
  const rows: Array<{ line: number; column: string; message: string; value: string | null }> =
    await manager.query(
      `SELECT * FROM import_plan_errors ORDER BY line LIMIT ${MAX_REPORTED_ERRORS}`,
    );
  return rows.map((r) => ({
    line: r.line,
    column: r.column,
    message: r.message,
    value: r.value ?? undefined,
  }));
}

/**
 * Counts and samples from a diff SELECT of (line, key, name, is_new, changes text[]): a row
 * is to create, to update (some column IS DISTINCT FROM the stored one) or unchanged. Rows
 * on a line with an error are none of these.
 */
export async function summarizeDiff(
  manager: EntityManager,
  diff: string,
): Promise<Omit<ImportPlan, 'errors' | 'notes'>> {
  const sample = (where: string) =>
    `coalesce((SELECT json_agg(x ORDER BY x.line) FROM (
       SELECT line, key, name, changes FROM d WHERE ${where} ORDER BY line LIMIT 10) x), '[]')`;
  const [row]: Array<{
    to_create: number;
    to_update: number;
    unchanged: number;
    create_samples: ImportSample[];
    update_samples: ImportSample[];
  }> = await manager.query(
    `WITH d AS MATERIALIZED (
       SELECT * FROM (${diff}) d0
        WHERE NOT EXISTS (SELECT 1 FROM import_error_lines x WHERE x.line = d0.line))
     SELECT (SELECT count(*) FROM d WHERE is_new)::int AS to_create,
            (SELECT count(*) FROM d WHERE NOT is_new AND cardinality(changes) > 0)::int AS to_update,
            (SELECT count(*) FROM d WHERE NOT is_new AND cardinality(changes) = 0)::int AS unchanged,
            ${sample('is_new')} AS create_samples,
            ${sample('NOT is_new AND cardinality(changes) > 0')} AS update_samples`,
  );
  return {
    toCreate: row.to_create,
    toUpdate: row.to_update,
    unchanged: row.unchanged,
    samples: { create: row.create_samples, update: row.update_samples },
  };
}

/** `CASE WHEN a IS DISTINCT FROM b THEN 'label' END` for each pair, as a text[] of changed columns. */
export function changedColumns(
  pairs: ReadonlyArray<readonly [label: string, old: string, next: string]>,
) {
  return `array_remove(ARRAY[${pairs
    .map(([label, old, next]) => `CASE WHEN ${old} IS DISTINCT FROM ${next} THEN '${label}' END`)
    .join(', ')}]::text[], NULL)`;
}

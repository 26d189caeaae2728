import type { EntityManager } from 'typeorm';

export type ColumnType = 'uuid' | 'text' | 'date' | 'timestamptz' | 'bool' | 'int' | 'jsonb';

export interface BulkColumn<Row> {
  name: string;
  type: ColumnType;
  value: (row: Row) => unknown;
}

const CHUNK = 5000;

/** One column of a bulk insert: its name, its PostgreSQL type and how to read it off a row. */
export function column<Row>(
  name: string,
  type: ColumnType,
  value: (row: Row) => unknown,
): BulkColumn<Row> {
  return { name, type, value };
}

/**
 * `INSERT INTO table (...) SELECT * FROM unnest($1::uuid[], $2::text[], ...)`: one statement
 * and one array parameter per column for each chunk of rows, instead of a statement per row.
 * jsonb travels as text and is cast in the SELECT.
 */
export async function bulkInsert<Row>(
  manager: EntityManager,
  table: string,
  columns: readonly BulkColumn<Row>[],
  rows: readonly Row[],
): Promise<void> {
  const names = columns.map((c) => c.name).join(', ');
  const arrays = columns
    .map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`)
    .join(', ');
  const selected = columns
    .map((c, i) => (c.type === 'jsonb' ? `c${i}::jsonb` : `c${i}`))
    .join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${names})
    SELECT ${selected} FROM unnest(${arrays}) AS t(${aliases})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await manager.query(
      sql,
      columns.map((c) =>
        chunk.map((row) => {
          const value = c.value(row);
          return c.type === 'jsonb' && value !== null ? JSON.stringify(value) : value;
        }),
      ),
    );
  }
}

/** Anything with TypeORM's query(): a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Rows of any statement. TypeORM answers UPDATE/DELETE with [rows, count] and everything else
 * with rows; this hides the difference for UPDATE ... RETURNING.
 */
export async function queryRows<T>(
  db: Queryable,
  sql: string,
  parameters?: unknown[],
): Promise<T[]> {
  const result = await db.query(sql, parameters);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}

import type { EntityManager } from 'typeorm';

/**
 * Runs one statement without parallel workers (SET LOCAL, in a transaction of its own). For
 * the aggregates a report runs several of at once, the workers finish no sooner and take CPU
 * from the statements beside them.
 */
export function querySerial<T>(
  manager: EntityManager,
  sql: string,
  params?: unknown[],
): Promise<T> {
  return manager.transaction(async (m) => {
    await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
    return m.query<T>(sql, params);
  });
}

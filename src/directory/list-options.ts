import { QueryFailedError } from 'typeorm';
import { CurrentUser } from '../auth/current-user';
import { InputError, InputErrorCode, whitelisted } from '../common/input-error';
import { paged, Paged } from '../common/pagination';
import { scopeCondition } from './directory-access';
import { ListQueryDto, ListStatus } from './dto/list-query.dto';

export interface ListOptions {
  q: string;
  page: number;
  pageSize: number;
  sort: string;
  dir: 'asc' | 'desc';
  status: ListStatus;
}

/**
 * Normalises a list query against the columns a list can sort by and the statuses it filters
 * on; a key the list does not know is a 400 naming the keys it does (never SQL text).
 */
export function listOptions(
  query: ListQueryDto,
  sorts: Record<string, string>,
  defaults: { sort: string; statuses: readonly ListStatus[] },
): ListOptions {
  const sort = query.sort ?? defaults.sort;
  whitelisted(sorts, sort, { code: InputErrorCode.UNKNOWN_SORT, name: 'sort' });
  const status = query.status ?? 'active';
  if (!defaults.statuses.includes(status))
    throw new InputError(
      InputErrorCode.UNKNOWN_FILTER,
      `Unknown status "${status}" for this list. Use one of: ${defaults.statuses.join(', ')}.`,
      { field: 'status', allowed: defaults.statuses },
    );
  return {
    q: (query.q ?? '').trim(),
    page: Math.max(1, query.page ?? 1),
    pageSize: Math.min(200, Math.max(1, query.pageSize ?? 25)),
    sort,
    dir: query.dir === 'desc' ? 'desc' : 'asc',
    status,
  };
}

/** How a directory list over a join with `units u` is sorted, filtered and searched. */
export interface ListSpec {
  sorts: Record<string, string>;
  defaultSort: string;
  /** SQL condition per status filter; its keys are the statuses the list accepts. */
  statuses: Partial<Record<ListStatus, string>>;
  /** Columns the search text is matched against, anywhere in the value. */
  searchColumns: string[];
}

/**
 * The normalised options and WHERE clause (with its parameters) of a directory list: the
 * user's scope, the status filter, the search and, when asked, one unit's subtree.
 */
export function listFilter(
  user: CurrentUser,
  query: ListQueryDto,
  spec: ListSpec,
): { options: ListOptions; where: string; params: unknown[] } {
  const options = listOptions(query, spec.sorts, {
    sort: spec.defaultSort,
    statuses: Object.keys(spec.statuses) as ListStatus[],
  });
  const params: unknown[] = [];
  const status = whitelisted(spec.statuses, options.status, {
    code: InputErrorCode.UNKNOWN_FILTER,
    name: 'status',
  });
  const where = [scopeCondition(user, 'u.path', params), status];
  if (options.q) {
    const p = `$${params.push(containsPattern(options.q))}`;
    where.push(`(${spec.searchColumns.map((column) => `${column} ILIKE ${p}`).join(' OR ')})`);
  }
  if (query.unit) {
    where.push(
      `u.path LIKE (SELECT path FROM units WHERE id = $${params.push(query.unit)}) || '%'`,
    );
  }
  return { options, where: where.join(' AND '), params };
}

/** ORDER BY for a whitelisted sort key, with a stable tie-break. */
export function orderBy(
  sorts: Record<string, string>,
  options: ListOptions,
  tieBreak: string,
): string {
  const direction = options.dir === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${sorts[options.sort]} ${direction} NULLS LAST, ${tieBreak}`;
}

/** A LIKE pattern matching `q` anywhere, with LIKE's own wildcards escaped. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Builds the page from rows that carry a `total` column (count(*) OVER ()). */
export function pageFromRows<Row extends { total?: number | string }, T>(
  rows: Row[],
  options: ListOptions,
  map: (row: Row) => T,
): Paged<T> {
  const total = rows.length ? Number(rows[0].total) : 0;
  return paged(rows.map(map), total, options.page, options.pageSize);
}

export const offsetOf = (options: ListOptions) => (options.page - 1) * options.pageSize;

/** The name of the unique constraint a failed write broke, or null. */
export function violatedUniqueConstraint(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? '') : null;
}

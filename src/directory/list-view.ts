import { Paged } from '../common/pagination';
import { ListQueryDto } from './dto/list-query.dto';

type Query = Record<string, string | number | undefined>;

/** The query string parts a list keeps across sorting, filtering and paging links. */
export function baseQuery(query: ListQueryDto): Query {
  return {
    q: query.q || undefined,
    status: query.status,
    sort: query.sort,
    dir: query.dir,
    unit: query.unit,
    account: query.account,
  };
}

function href(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A link to the same list with some query parts replaced (undefined removes one). */
export function listHref(path: string, query: ListQueryDto, overrides: Query): string {
  return href(path, { ...baseQuery(query), ...overrides });
}

/** Column headers that sort the list; the active one toggles direction and carries aria-sort. */
export function sortHeaders(
  path: string,
  query: ListQueryDto,
  defaultSort: string,
  columns: Array<[key: string, label: string]>,
) {
  const current = query.sort ?? defaultSort;
  const dir = query.dir ?? 'asc';
  return columns.map(([key, label]) => {
    const active = key === current;
    const nextDir = active && dir === 'asc' ? 'desc' : 'asc';
    return {
      key,
      label,
      href: href(path, { ...baseQuery(query), sort: key, dir: nextDir, page: undefined }),
      ariaSort: active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined,
      arrow: active ? (dir === 'asc' ? '▲' : '▼') : '',
    };
  });
}

/** Filter links (Active / Exited / ...), the current one marked. */
export function statusFilters(
  path: string,
  query: ListQueryDto,
  statuses: Array<[value: string, label: string]>,
) {
  const current = query.status ?? 'active';
  return statuses.map(([value, label]) => ({
    label,
    href: href(path, { ...baseQuery(query), status: value, page: undefined }),
    current: value === current,
  }));
}

/** What views/partials/pagination.hbs needs. */
export function pager<T>(result: Paged<T>, query: ListQueryDto) {
  return {
    page: result.page,
    pages: result.pages,
    total: result.total,
    prevPage: result.prevPage,
    nextPage: result.nextPage,
    query: baseQuery(query),
  };
}

/** The export link for the list as filtered now. */
export function exportHref(path: string, query: ListQueryDto): string {
  return href(`${path}/export.csv`, { ...baseQuery(query) });
}

/** True when the list is narrowed by a search or a non-default filter (for the empty state). */
export function isFiltered(query: ListQueryDto): boolean {
  return !!(query.q || query.unit || query.account || (query.status && query.status !== 'active'));
}

/** Hidden inputs that keep the filters and sort when the search form is submitted. */
export function hiddenFields(query: ListQueryDto) {
  return Object.entries(baseQuery(query))
    .filter(([name, value]) => name !== 'q' && value !== undefined && value !== '')
    .map(([name, value]) => ({ name, value: String(value) }));
}

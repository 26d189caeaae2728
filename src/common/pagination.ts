/** Page numbers for list pages; every list is paginated, searchable and sortable. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** Neighbouring page numbers for the pagination partial, null at either end. */
  prevPage: number | null;
  nextPage: number | null;
}

export function pageParams(
  page: unknown,
  pageSize = 25,
): { page: number; skip: number; take: number } {
  const n = Math.max(1, Math.floor(Number(page) || 1));
  return { page: n, skip: (n - 1) * pageSize, take: pageSize };
}

export function paged<T>(items: T[], total: number, page: number, pageSize = 25): Paged<T> {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return {
    items,
    total,
    page,
    pageSize,
    pages,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: page < pages ? page + 1 : null,
  };
}

/** Page numbers for list pages; every list is paginated, searchable and sortable. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

export function pageParams(
  page: unknown,
  pageSize = 25,
): { page: number; skip: number; take: number } {
  const n = Math.max(1, Math.floor(Number(page) || 1));
  return { page: n, skip: (n - 1) * pageSize, take: pageSize };
}

export function paged<T>(items: T[], total: number, page: number, pageSize = 25): Paged<T> {
  return { items, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

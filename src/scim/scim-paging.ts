import { DEFAULT_PAGE_SIZE, LIST_RESPONSE_SCHEMA, MAX_PAGE_SIZE } from './scim-schemas';
import { ScimError } from './scim.errors';

/** A list request's page (RFC 7644 §3.4.2.4): 1-based startIndex, count capped at MAX_PAGE_SIZE. */
export interface ScimPage {
  startIndex: number;
  count: number;
}

function integer(value: string | undefined, name: string): number | null {
  if (value === undefined || value === '') return null;
  if (!/^-?\d{1,9}$/.test(value)) throw ScimError.invalidValue(`${name} must be an integer.`);
  return Number(value);
}

/** startIndex below 1 counts as 1 and a negative count as 0, as the RFC says. */
export function readPage(query: { startIndex?: string; count?: string }): ScimPage {
  const startIndex = Math.max(1, integer(query.startIndex, 'startIndex') ?? 1);
  const count = Math.min(
    MAX_PAGE_SIZE,
    Math.max(0, integer(query.count, 'count') ?? DEFAULT_PAGE_SIZE),
  );
  return { startIndex, count };
}

export function listResponse(page: ScimPage, total: number, resources: readonly unknown[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: total,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

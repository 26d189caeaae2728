import type { FastifyRequest } from 'fastify';
import { DRAFT_MAX_CHUNKS } from './answer-draft';

/**
 * One page or one section at a time. Without script the server cannot see the screen, so:
 * `?view=all` and `?view=sections` (the links on the pages) decide; otherwise a phone, as its
 * browser says (the `Sec-CH-UA-Mobile: ?1` client hint, or "Mobi" in the user agent, as
 * Chromium, Safari and Firefox on phones send), gets the sections and everything else the one
 * page. Tablets and desktops get the one page.
 */
export const VIEW_SECTIONS = 'sections';
export const VIEW_ALL = 'all';

export function prefersSections(
  view: unknown,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  if (view === VIEW_ALL) return false;
  if (view === VIEW_SECTIONS) return true;
  if (headers['sec-ch-ua-mobile'] === '?1') return true;
  const agent = headers['user-agent'];
  return typeof agent === 'string' && /Mobi/.test(agent);
}

/** Where section `n` of the survey behind `token` is shown. */
export const sectionPath = (token: string, n: number) =>
  `/s/${encodeURIComponent(token)}/sections/${n}`;

/** The path the draft's cookies are scoped to: the link's own pages, and nothing else. */
export const draftCookiePath = (token: string) => `/s/${encodeURIComponent(token)}`;

/** The sealed draft's cookies: draft0, draft1, … (see AnswerDraftSeal). */
export const DRAFT_COOKIE = 'draft';

/** The draft's pieces as the browser sent them, in order, up to the first missing one. */
export function readDraft(req: FastifyRequest): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < DRAFT_MAX_CHUNKS; i++) {
    const value = req.cookies?.[`${DRAFT_COOKIE}${i}`];
    if (typeof value !== 'string' || value === '') break;
    chunks.push(value);
  }
  return chunks;
}

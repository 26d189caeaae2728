import { Browser, Page } from 'playwright-core';
import type { Role } from '../../src/auth/roles';
import { demoCommand } from '../../src/cli/demo.command';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  screenshot,
  withAxeOnEveryPage,
} from './browser';
import { createTestApp, createUser, listen, TestApp } from './test-app';

/**
 * Every page a signed-in person can reach by following links, walked in Chromium on the demo
 * company, once per role (a manager scoped to one region): each answers without a server
 * error or a broken link, logs no browser error (a script or style the CSP blocked shows up
 * here), and axe-core finds no WCAG 2.1 A/AA violation. Links are followed breadth first from
 * the dashboard; pages that differ only in their ids or query values count as one (two of each
 * are visited) and a list's filters combine without making new pages (ShapeBudget), so a long
 * list does not make the walk long, and the walk must reach every page before MAX_PAGES.
 * Downloads, sign-out and respondent links are not pages and are left out.
 */

/** Not pages to walk: files, signing out, and the respondents' personal links. */
const NOT_A_PAGE = [
  /^\/logout/,
  /^\/s\//,
  /^\/u\//,
  /\.(csv|zip|json|eml|png|svg|pdf|r|txt)(\?|$)/i,
  /[?&]format=(csv|json|zip)/,
  /\/csv(\?|$)/,
  /\/(export|download|bundle)(\/|\?|$)/,
  /^\/api\//,
  /^\/docs/,
  /^\/metrics/,
  /^\/static\//,
  /^\/health/,
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A page's shape: ids and numbers stand for any, query keys without their values. */
export function pageShape(href: string): string {
  const url = new URL(href, 'http://x');
  const path = url.pathname.replace(UUID, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
  const keys = [...new Set([...url.searchParams.keys()])].sort();
  return keys.length ? `${path}?${keys.join('&')}` : path;
}

const PER_SHAPE = 2;
const MAX_PAGES = 160;

/**
 * Which addresses the walk visits: PER_SHAPE pages of each shape. A list's filters, sort
 * orders and pages combine without making new pages: an address with query keys is visited
 * while one of its keys has been seen on that path fewer than PER_SHAPE times, so
 * `?status=active&sort=name&page=2` is left out once each key was visited twice on its own.
 * (Combinations counted as shapes of their own used the whole page budget on the directory
 * lists before the walk reached the pages behind them.)
 */
export class ShapeBudget {
  private readonly visits = new Map<string, number>();

  /** Whether the address shows something the walk has not seen enough of. */
  wants(href: string): boolean {
    return slotsOf(href).some((slot) => (this.visits.get(slot) ?? 0) < PER_SHAPE);
  }

  /** wants(), and the address counted when it does. */
  take(href: string): boolean {
    if (!this.wants(href)) return false;
    for (const slot of slotsOf(href)) this.visits.set(slot, (this.visits.get(slot) ?? 0) + 1);
    return true;
  }
}

/** What an address counts against: its path, or its path with each of its query keys. */
function slotsOf(href: string): string[] {
  const [path, query] = pageShape(href).split('?');
  return query ? query.split('&').map((key) => `${path}?${key}`) : [path];
}

interface Finding {
  page: string;
  problem: string;
}

export async function walk(
  page: Page,
  baseUrl: string,
  start: string,
): Promise<{
  visited: string[];
  findings: Finding[];
  /** False when MAX_PAGES ran out with pages still to visit. */
  complete: boolean;
}> {
  const findings: Finding[] = [];
  const browserErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));

  const queue = [start];
  const seen = new Set<string>([start]);
  const budget = new ShapeBudget();
  const visited: string[] = [];
  while (queue.length && visited.length < MAX_PAGES) {
    const path = queue.shift()!;
    if (!budget.take(path)) continue;
    browserErrors.length = 0;
    let response;
    try {
      response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
    } catch (error) {
      // A link to a file the walk did not recognise by its address: not a page.
      if (String(error).includes('Download is starting')) continue;
      throw error;
    }
    visited.push(path);
    const status = response?.status() ?? 0;
    // Where a page sends its reader elsewhere, the page arrived at is the one checked.
    const landed = new URL(page.url());
    if (landed.origin !== baseUrl) {
      findings.push({ page: path, problem: `left the site for ${landed.origin}` });
      continue;
    }
    if (status >= 400) {
      findings.push({ page: path, problem: `answered ${status}` });
      continue;
    }
    if (landed.pathname.startsWith('/login')) {
      findings.push({ page: path, problem: 'sent a signed-in person to sign in' });
      continue;
    }
    const violations = await axeViolations(page);
    for (const v of violations)
      findings.push({ page: path, problem: `axe ${v.id}: ${v.help} at ${v.nodes.join(' ')}` });
    for (const error of browserErrors)
      findings.push({ page: path, problem: `browser error: ${error}` });
    // Links in charts are SVG anchors: their href is read as written, then resolved.
    const links = await page.$$eval('a[href]:not([download])', (anchors) =>
      anchors.map((a) => {
        const written = a.getAttribute('href') ?? '';
        try {
          return new URL(written, document.baseURI).href;
        } catch {
          return written;
        }
      }),
    );
    for (const href of links) {
      let url: URL;
      try {
        url = new URL(href);
      } catch {
        findings.push({ page: path, problem: `a link with no valid address: ${href}` });
        continue;
      }
      if (url.origin !== baseUrl) continue;
      const next = `${url.pathname}${url.search}`;
      if (seen.has(next) || NOT_A_PAGE.some((pattern) => pattern.test(next))) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return { visited, findings, complete: !queue.some((path) => budget.wants(path)) };
}

/**
 * A walk can take minutes, and more on a busy machine (one role's walk: ~95 s alone on a slow
 * 2-core machine, over 180 s beside another browser spec): each role gets ten.
 */
const WALK_TIMEOUT_MS = 600_000;

/** The walk of the demo company for these roles, in one spec file of its own. */
export function describeSiteWalk(roles: ReadonlyArray<{ role: Role; atLeast: number }>): void {
  describe(`Every page, as each role sees it (demo company, Chromium, axe): ${roles.map((r) => r.role).join(', ')}`, () => {
    let t: TestApp;
    let baseUrl: string;
    let browser: Browser;

    beforeAll(async () => {
      t = await createTestApp();
      const out = { write: () => true };
      expect(await demoCommand.run(['--seed', '42'], t.app, out)).toBe(0);
      baseUrl = await listen(t);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await t.close();
    });

    for (const { role, atLeast } of roles)
      it(
        `${role}: every linked page answers, logs no browser error and passes axe`,
        async () => {
          // A manager sees one region of the demo company: the first with units below it.
          const [region] = await t.dataSource.query<Array<{ id: string }>>(
            `SELECT u.id FROM units u
          WHERE u.parent_id IS NOT NULL AND u.deactivated_at IS NULL
            AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)
          ORDER BY u.path LIMIT 1`,
          );
          const user = await createUser(t, role, role === 'manager' ? region.id : null);
          const context = await withAxeOnEveryPage(await browser.newContext({ viewport: DESKTOP }));
          const page = await context.newPage();
          try {
            await browserSignIn(page, baseUrl, user.email, user.password);
            const { visited, findings, complete } = await walk(page, baseUrl, '/');
            await page.goto(`${baseUrl}/`);
            await screenshot(page, `site-walk-${role}-home`);
            expect(findings).toEqual([]);
            expect(complete).toBe(true);
            expect(visited.length).toBeGreaterThanOrEqual(atLeast);
          } finally {
            await context.close();
          }
        },
        WALK_TIMEOUT_MS,
      );
  });
}

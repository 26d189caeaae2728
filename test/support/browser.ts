import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots');
const DOCS_SCREENSHOT_DIR = join(__dirname, '..', '..', 'docs', 'screenshots');

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** Debian's Chromium, headless, without reaching for the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Has axe-core load with every page of this context, for a context whose every page is checked
 * (a site walk): loading it with the page costs about half of handing it over afterwards
 * (axeViolations does that where it is not loaded yet).
 */
export async function withAxeOnEveryPage(context: BrowserContext): Promise<BrowserContext> {
  await context.addInitScript({ content: AXE_SOURCE });
  return context;
}

/** Runs axe-core in the page and returns its violations (WCAG 2.1 A and AA rules). */
export async function axeViolations(
  page: Page,
): Promise<Array<{ id: string; help: string; nodes: string[] }>> {
  // Evaluated rather than added as a <script>: the pages' CSP allows no inline script.
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: { run?: unknown } }).axe?.run === 'function',
  );
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Violations are all that is read: passes and incomplete results are not collected
      // (the same rules run; a long report page is checked in about half the time).
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return result;
}

/** The part of the page a screenshot takes, in CSS pixels. */
type Clip = { x: number; y: number; width: number; height: number };

/**
 * A screenshot to look at, of the whole page unless told otherwise. Chromium now and then
 * answers "Unable to capture screenshot" on a busy machine (two browsers at once, a long page):
 * that capture is tried again, up to three times; any other failure is the test's.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; clip?: Clip; dir?: string } = {},
): Promise<string> {
  const dir = options.dir ?? SCREENSHOT_DIR;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  const fullPage = options.clip === undefined && (options.fullPage ?? true);
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: file, fullPage, clip: options.clip });
      return file;
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('Unable to capture screenshot')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** With UPDATE_DOCS=1, a screenshot for the README (the top of the page, or `clip`). */
export async function docsScreenshot(page: Page, name: string, clip?: Clip): Promise<void> {
  if (process.env.UPDATE_DOCS !== '1') return;
  await screenshot(page, name, { dir: DOCS_SCREENSHOT_DIR, fullPage: false, clip });
}

/** Signs in through the real login form. */
export async function browserSignIn(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { WebhookDeliveriesService } from '../src/webhooks/webhook-deliveries.service';
import { buildPayload } from '../src/webhooks/webhook-events';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/** Waits (polling, bounded) until `check` holds: the state itself, not a fixed time. */
async function until(check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The webhooks admin page in headless Chromium: register, the secret once, the log, replay, disable, delete. */
describe('Webhooks page in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Server;
  let receiverUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(req.url ?? '');
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    t = await createTestApp({ JOBS_ENABLED: 'true', WEBHOOK_ALLOW_LOOPBACK: 'true' });
    baseUrl = await listen(t);
    browser = await launchBrowser();
    const admin = await createUser(t, 'admin');
    context = await browser.newContext({ viewport: DESKTOP });
    page = await context.newPage();
    await browserSignIn(page, baseUrl, admin.email, admin.password);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(r));
  });

  async function expectAccessible(name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function submit(button: string): Promise<void> {
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: button }).click(),
    ]);
  }

  it('registers an endpoint, keeping what was typed on errors, and shows the secret once', async () => {
    await page.goto(`${baseUrl}/admin/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await expectAccessible('webhooks-empty-1280');

    await page.fill('#url', 'https://10.1.2.3/hooks');
    await page.fill('#description', 'Team chat');
    await submit('Register endpoint');
    await page.getByText('Choose at least one event.').waitFor();
    expect(await page.inputValue('#url')).toBe('https://10.1.2.3/hooks');

    await page.getByLabel('Cycle closed').check();
    await page.getByLabel('Action plan shared').check();
    await submit('Register endpoint');
    await page.getByText('is not a public internet address').waitFor();
    expect(await page.getAttribute('#url', 'aria-invalid')).toBe('true');
    expect(await page.getByLabel('Cycle closed').isChecked()).toBe(true);
    expect(await page.inputValue('#description')).toBe('Team chat');
    await expectAccessible('webhooks-errors-1280');

    await page.fill('#url', receiverUrl);
    await submit('Register endpoint');
    const secret = await page.getByTestId('webhook-secret').textContent();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('link', { name: receiverUrl }).waitFor();
    await expectAccessible('webhooks-created-1280');

    await page.goto(`${baseUrl}/admin/webhooks`);
    expect(await page.content()).not.toContain(secret!);
  });

  it('shows the delivery log with pages, replays a delivery, disables and deletes with confirmation', async () => {
    const [endpoint] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM webhook_endpoints`,
    );
    const deliveries = t.app.get(WebhookDeliveriesService);
    for (let i = 0; i < 22; i++) {
      const key = `cycle.closed:browser-${i}`;
      await deliveries.publish(
        key,
        buildPayload('cycle.closed', key, new Date(), {
          cycleId: `c${i}`,
          name: `Pulse ${i}`,
        } as never),
      );
    }
    await page.goto(`${baseUrl}/admin/webhooks/${endpoint.id}`);
    // The worker delivers all 22 (polled in the database, bounded), then the page is reloaded.
    await until(async () => {
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'delivered'`,
      );
      return n === 22;
    });
    await page.reload();
    await page.getByRole('table', { name: /Deliveries to this endpoint/ }).waitFor();
    expect(await page.getByRole('cell', { name: 'Delivered' }).count()).toBe(20);
    await page.getByText('Page 1 of 2 (22 in all)').waitFor();
    await expectAccessible('webhooks-log-1280');
    await Promise.all([
      page.waitForURL(/page=2/),
      page.getByRole('link', { name: 'Next' }).click(),
    ]);
    expect(await page.getByRole('cell', { name: 'Delivered' }).count()).toBe(2);

    const before = received.length;
    await Promise.all([
      page.waitForLoadState('load'),
      page
        .getByRole('button', { name: /^Replay cycle\.closed/ })
        .first()
        .click(),
    ]);
    await page.getByText('Delivery queued again.').waitFor();
    await page.getByText('(replay)').first().waitFor();
    await until(() => received.length > before);
    expect(received.length).toBe(before + 1);

    await submit('Disable');
    await page.getByText('Endpoint disabled').waitFor();
    expect(await page.getByRole('button', { name: /Replay/ }).count()).toBe(0);

    await Promise.all([
      page.waitForURL(/\/delete$/),
      page.getByRole('link', { name: 'Delete…' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Delete this webhook endpoint?' }).waitFor();
    await expectAccessible('webhooks-delete-1280');
    await submit('Delete the endpoint');
    await page.getByText('Endpoint deleted with its delivery log.').waitFor();
    await page.getByText('No endpoints yet.').waitFor();
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM webhook_deliveries`,
    );
    expect(n).toBe(0);
  });

  it('fits a phone and passes axe at 390 px', async () => {
    const phone = await browser.newContext({
      viewport: PHONE,
      storageState: await context.storageState(),
    });
    try {
      const small = await phone.newPage();
      await small.goto(`${baseUrl}/admin/webhooks`);
      await small.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      await screenshot(small, 'webhooks-390');
      expect(await axeViolations(small)).toEqual([]);
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
    } finally {
      await phone.close();
    }
  });
});

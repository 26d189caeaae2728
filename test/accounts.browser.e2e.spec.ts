import { Browser, Page } from 'playwright-core';
import { PasswordLinksService } from '../src/auth/password-links.service';
import {
  axeViolations,
  browserSignIn,
  DESKTOP,
  launchBrowser,
  PHONE,
  screenshot,
} from './support/browser';
import { createTestApp, createUser, listen, TestApp } from './support/test-app';

/**
 * Forgot password, the set-password page (with a refused password and a mismatch), the page
 * after, and a used link, on a phone and a desktop, checked by axe.
 */
describe('Password pages in a browser', () => {
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listen(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  async function expectAccessible(page: Page, name: string, width: number): Promise<void> {
    await screenshot(page, name);
    const violations = await axeViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  }

  const submit = (page: Page, name: string) =>
    Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);

  for (const [label, viewport] of [
    ['390', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it(`asks for a link and sets a password at ${label} px`, async () => {
      const user = await createUser(t, 'hr');
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await page.goto(`${baseUrl}/login`);
        await page.getByRole('link', { name: 'Forgot your password?' }).click();
        await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
        await page.fill('#email', 'not an address');
        await submit(page, 'Email me a link');
        await page.locator('#email-error').waitFor();
        expect(await page.textContent('#email-error')).toContain('Enter the email address');
        expect(await page.inputValue('#email')).toBe('not an address');
        expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
        await expectAccessible(page, `password-forgot-error-${label}`, viewport.width);

        await page.fill('#email', user.email);
        await submit(page, 'Email me a link');
        await page.getByRole('heading', { name: 'Check your email' }).waitFor();
        await expectAccessible(page, `password-reset-requested-${label}`, viewport.width);

        // The emailed link's page (the link as the command line prints it; mail is tested elsewhere).
        const { url } = await t.app.get(PasswordLinksService).issueForOperator(user.email, 'link');
        const link = url!.replace(t.config.appUrl, baseUrl);
        await page.goto(link);
        await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
        await expectAccessible(page, `password-set-${label}`, viewport.width);

        await page.fill('#next', 'password1234');
        await page.fill('#confirm', 'password1234');
        await submit(page, 'Set password');
        await page.locator('#next-error').waitFor();
        expect(await page.textContent('#next-error')).toContain('too easy to guess');
        expect(await page.getAttribute('#next', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#next')).toBe('');
        await expectAccessible(page, `password-set-error-${label}`, viewport.width);

        await page.fill('#next', 'lanterns over the harbour');
        await page.fill('#confirm', 'lanterns over the harbour!');
        await submit(page, 'Set password');
        await page.locator('#confirm-error').waitFor();
        expect(await page.textContent('#confirm-error')).toContain(
          'The two passwords do not match.',
        );

        await page.fill('#next', 'lanterns over the harbour');
        await page.fill('#confirm', 'lanterns over the harbour');
        await submit(page, 'Set password');
        await page.getByRole('heading', { name: 'Your password is set' }).waitFor();
        await expectAccessible(page, `password-set-done-${label}`, viewport.width);

        await page.goto(link);
        await page.getByRole('heading', { name: 'This link does not work' }).waitFor();
        await expectAccessible(page, `password-link-dead-${label}`, viewport.width);

        await page.goto(`${baseUrl}/login`);
        await page.fill('#email', user.email);
        await page.fill('#password', 'lanterns over the harbour');
        await Promise.all([
          page.waitForURL((u) => !u.pathname.startsWith('/login')),
          page.getByRole('button', { name: 'Sign in' }).click(),
        ]);
      } finally {
        await context.close();
      }
    });
  }

  it('invites a user from the admin pages and shows where the invitation stands', async () => {
    const admin = await createUser(t, 'admin');
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await browserSignIn(page, baseUrl, admin.email, admin.password);
      await page.goto(`${baseUrl}/admin/users/new`);
      await page.fill('#email', 'ines.invited@example.test');
      await page.fill('#name', 'Ines Invited');
      await page.selectOption('#role', 'executive');
      await submit(page, 'Invite');
      await page.getByRole('heading', { name: 'User invited' }).waitFor();
      expect(await page.textContent('main')).toContain('7 days');
      await expectAccessible(page, 'password-invited-1280', DESKTOP.width);

      // No worker runs in this app: the invitation waits to be sent, and the page says so.
      await page.getByRole('link', { name: 'their user page' }).click();
      await page.getByRole('heading', { name: 'Ines Invited' }).waitFor();
      expect(await page.textContent('#invitation-status')).toContain('waiting to be sent');
      await expectAccessible(page, 'password-invitation-status-1280', DESKTOP.width);
      await submit(page, 'Send the invitation again');
      await page.getByText('A new invitation is on its way').waitFor();
    } finally {
      await context.close();
    }
  });
});

import { createHash } from 'node:crypto';
import { FirstAdminService } from '../src/auth/first-admin.service';
import { PASSWORD_LINK_QUEUE } from '../src/auth/password-link-mailer.service';
import { PasswordLinksService } from '../src/auth/password-links.service';
import { resetPasswordCommand } from '../src/cli/reset-password.command';
import { startSmtpSink, SmtpSink } from './support/delivery-fixtures';
import { jobsSettled } from './support/jobs';
import { createTestApp, createUser, csrfFrom, signIn, TestApp } from './support/test-app';

const LINK = /\/password\/([A-Za-z0-9_-]{43})/;
const sha256 = (token: string) => createHash('sha256').update(token).digest();

/**
 * Accounts a person can run alone: "forgot password" by email, an admin's invitation with a
 * link to choose one's own password, and the command line for an operator without mail. Mail
 * goes through the job queue to a real SMTP server on loopback.
 */
describe('Password links end to end', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let address = 0;

  /** An agent from an address of its own (the app trusts X-Forwarded-For from 127.0.0.1). */
  const client = () => {
    address += 1;
    return t.agent().set('X-Forwarded-For', `198.51.100.${address}`);
  };

  const requestReset = async (email: string, agent = client()) => {
    const page = await agent.get('/forgot-password').expect(200);
    return agent
      .post('/forgot-password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email });
  };

  /** The link in the email to this address after the `already` ones (waiting for it). */
  const nextLink = async (email: string, already: number) => {
    const deadline = Date.now() + 30_000;
    while (sink.countFor(email) <= already) {
      if (Date.now() > deadline) throw new Error(`No new email reached ${email}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The server has the email a moment before its link is recorded as sent: wait for that too.
    const sentOf = async () =>
      (
        await t.dataSource.query(
          `SELECT l.sent_at FROM password_links l JOIN users u ON u.id = l.user_id
            WHERE u.email = $1`,
          [email],
        )
      )[0] as { sent_at: Date | null } | undefined;
    for (let link = await sentOf(); link && link.sent_at === null; link = await sentOf()) {
      if (Date.now() > deadline) throw new Error(`The link emailed to ${email} was not recorded`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const mail = sink.received.filter((m) => m.to === email)[already];
    const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const token = LINK.exec(body)?.[1];
    if (!token) throw new Error(`No password link in the email to ${email}`);
    return { mail, token };
  };

  const setPassword = async (token: string, next: string, confirm = next, agent = client()) => {
    const page = await agent.get(`/password/${token}`);
    if (page.status !== 200) return page;
    return agent
      .post(`/password/${token}`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), next, confirm });
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ JOBS_ENABLED: 'true', SMTP_URL: sink.url, COMPANY_NAME: 'Acme' });
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('emails a reset link that sets a new password once and signs out every browser', async () => {
    const user = await createUser(t, 'hr');
    const laptop = client();
    const phone = client();
    await signIn(laptop, user.email, user.password);
    await signIn(phone, user.email, user.password);

    const login = await client().get('/login').expect(200);
    expect(login.text).toContain('href="/forgot-password"');
    const asked = await requestReset(user.email);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Check your email');
    expect(asked.text).toContain('30 minutes');

    const { mail, token } = await nextLink(user.email, 0);
    expect(mail.subject).toBe('Reset your Tandem password');
    expect(mail.raw).toContain('30 minutes');
    const [row] = await t.dataSource.query(
      `SELECT token_hash, extract(epoch FROM expires_at - sent_at)::float8 AS lifetime
         FROM password_links WHERE user_id = $1`,
      [user.id],
    );
    expect(row.token_hash).toEqual(sha256(token));
    // The lifetime starts as the email is handed over, a moment before it is recorded as sent.
    expect(row.lifetime).toBeGreaterThan(30 * 60 - 60);
    expect(row.lifetime).toBeLessThanOrEqual(30 * 60);

    const form = await client().get(`/password/${token}`).expect(200);
    expect(form.text).toContain(user.email);
    expect(form.text).toContain('Choose a new password');

    // The same rules as a password change; a refusal keeps the link and re-renders the form.
    const weak = await setPassword(token, 'password1234');
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('too easy to guess');
    expect(weak.text).toContain('id="next-error"');
    expect(weak.text).not.toContain('password1234');
    const same = await setPassword(token, user.password);
    expect(same.status).toBe(422);
    expect(same.text).toContain('not the one you have now');
    const mismatch = await setPassword(token, 'copper kettle on the hill', 'copper kettle');
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('do not match');

    const done = await setPassword(token, 'copper kettle on the hill');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your password is set');

    for (const agent of [laptop, phone]) {
      const res = await agent.get('/');
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }
    await expect(signIn(client(), user.email, user.password)).rejects.toThrow('401');
    await signIn(client(), user.email, 'copper kettle on the hill');

    // Used once: the page and the post both say the link does not work.
    const again = await client().get(`/password/${token}`);
    expect(again.status).toBe(404);
    expect(again.text).toContain('This link does not work');
    expect((await setPassword(token, 'another fine password')).status).toBe(404);
  });

  it('stops a link 30 minutes after it was sent', async () => {
    const user = await createUser(t, 'executive');
    expect((await requestReset(user.email)).status).toBe(200);
    const { token } = await nextLink(user.email, 0);
    await client().get(`/password/${token}`).expect(200);
    await t.dataSource.query(
      `UPDATE password_links SET expires_at = sent_at + interval '30 minutes' - interval '1 hour'
        WHERE user_id = $1`,
      [user.id],
    );
    const expired = await client().get(`/password/${token}`);
    expect(expired.status).toBe(404);
    const unknown = await client().get(`/password/${'A'.repeat(43)}`);
    const strip = (text: string) => text.replace(/value="[^"]+"/g, '');
    expect(strip(expired.text)).toBe(strip(unknown.text));
    const post = await setPassword(token, 'violet lantern at dusk');
    expect(post.status).toBe(404);
    await signIn(client(), user.email, user.password);
  });

  it('answers a known and an unknown address alike, and mails only the known one', async () => {
    const user = await createUser(t, 'executive');
    const unknown = `nobody.${Date.now()}@example.test`;
    const before = sink.received.length;
    const known = await requestReset(user.email);
    const other = await requestReset(unknown);
    expect(other.status).toBe(known.status);
    const strip = (text: string, email: string) =>
      text.replaceAll(email, 'EMAIL').replace(/name="_csrf" value="[^"]+"/g, '');
    expect(strip(other.text, unknown)).toBe(strip(known.text, user.email));
    await nextLink(user.email, 0);
    await jobsSettled(t.dataSource);
    expect(sink.received.length).toBe(before + 1);
    expect(sink.countFor(unknown)).toBe(0);
  });

  it('limits requests per address (known or not) and per client', async () => {
    const user = await createUser(t, 'hr');
    const unknown = `nobody.else.${Date.now()}@example.test`;
    const statuses: Record<string, number[]> = { [user.email]: [], [unknown]: [] };
    const texts: Record<string, string> = {};
    for (const email of [user.email, unknown])
      for (let i = 0; i < 5; i++) {
        const res = await requestReset(email);
        statuses[email].push(res.status);
        texts[email] = res.text.replaceAll(email, 'EMAIL').replace(/value="[^"]+"/g, '');
        if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(60);
        // Each email goes before the next request: a link replaced while its job waits is
        // (rightly) never sent, which would make the count below depend on the machine's speed.
        await jobsSettled(t.dataSource);
      }
    expect(statuses[user.email]).toEqual([200, 200, 200, 429, 429]);
    expect(statuses[unknown]).toEqual(statuses[user.email]);
    expect(texts[unknown]).toBe(texts[user.email]);
    expect(texts[user.email]).toContain('asked for this address several times');
    // Three requests gave three emails; each replaced the link before, so only the last works.
    await jobsSettled(t.dataSource);
    expect(sink.countFor(user.email)).toBe(3);
    const mails = sink.received.filter((m) => m.to === user.email);
    const tokens = mails.map((m) => LINK.exec(m.raw.replace(/=\r?\n/g, ''))![1]);
    expect((await client().get(`/password/${tokens[0]}`)).status).toBe(404);
    expect((await client().get(`/password/${tokens[2]}`)).status).toBe(200);

    // One client asking for many addresses: ten in a quarter hour, then 429.
    const agent = client();
    const perClient: number[] = [];
    for (let i = 0; i < 12; i++)
      perClient.push((await requestReset(`someone.${i}.${Date.now()}@example.test`, agent)).status);
    expect(perClient).toEqual([...Array(10).fill(200), 429, 429]);
  });

  it('holds a reset email through an SMTP outage and sends it once when the server is back', async () => {
    const user = await createUser(t, 'hr');
    let refusing = true;
    const attemptsBefore = sink.mailFromAttempts;
    sink.refuseMailFrom = () =>
      refusing ? { code: 421, message: 'Service not available, try later' } : null;
    try {
      expect((await requestReset(user.email)).status).toBe(200);
      const deadline = Date.now() + 30_000;
      while (sink.mailFromAttempts === attemptsBefore) {
        if (Date.now() > deadline) throw new Error('The email was never tried');
        await new Promise((r) => setTimeout(r, 50));
      }
      // Tried and refused: nothing sent, no token kept, the job waits to try again.
      const waitForRetry = async () => {
        const until = Date.now() + 30_000;
        for (;;) {
          const [job] = await t.dataSource.query(
            `SELECT state FROM pgboss.job WHERE name = $1 ORDER BY created_on DESC LIMIT 1`,
            [PASSWORD_LINK_QUEUE],
          );
          if (job.state === 'retry') return;
          if (Date.now() > until) throw new Error(`The job is ${job.state}, not waiting to retry`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await waitForRetry();
      const [row] = await t.dataSource.query(
        `SELECT sent_at, token_hash FROM password_links WHERE user_id = $1`,
        [user.id],
      );
      expect(row).toEqual({ sent_at: null, token_hash: null });
      expect(sink.countFor(user.email)).toBe(0);
      const links = t.app.get(PasswordLinksService);
      expect((await links.statuses([user.id])).get(user.id)).toMatchObject({
        state: 'queued',
        attempts: 1,
      });

      // Still down at the next try; then the server comes back. The retry is brought forward
      // rather than waited for (half a minute).
      const hurry = () =>
        t.dataSource.query(
          `UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'retry'`,
          [PASSWORD_LINK_QUEUE],
        );
      const attempts = sink.mailFromAttempts;
      await hurry();
      while (sink.mailFromAttempts === attempts) await new Promise((r) => setTimeout(r, 50));
      await waitForRetry();
      refusing = false;
      await hurry();
      const { token } = await nextLink(user.email, 0);
      await jobsSettled(t.dataSource);
      expect(sink.countFor(user.email)).toBe(1);
      await client().get(`/password/${token}`).expect(200);
    } finally {
      sink.refuseMailFrom = undefined;
    }
  });

  it('invites a user by email: they choose their own password; the admin can send it again', async () => {
    const admin = await createUser(t, 'admin');
    const agent = client();
    await signIn(agent, admin.email, admin.password);
    const email = `new.colleague.${Date.now()}@example.test`;
    const form = await agent.get('/admin/users/new').expect(200);
    const invited = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email, name: 'New Colleague', role: 'executive' })
      .expect(200);
    expect(invited.text).toContain('User invited');
    expect(invited.text).toContain('7 days');
    expect(invited.text).not.toMatch(/one-time password|<code>/);
    const [user] = await t.dataSource.query(
      `SELECT id, password_hash FROM users WHERE email = $1`,
      [email],
    );
    expect(user.password_hash).toBeNull();

    const first = await nextLink(email, 0);
    expect(first.mail.subject).toBe('Your Acme Tandem account: choose your password');
    expect(first.mail.raw).toContain('7 days');
    const [row] = await t.dataSource.query(
      `SELECT extract(epoch FROM expires_at - sent_at)::float8 AS lifetime
         FROM password_links WHERE user_id = $1`,
      [user.id],
    );
    expect(row.lifetime).toBeGreaterThan(7 * 86400 - 60);
    expect(row.lifetime).toBeLessThanOrEqual(7 * 86400);

    // Until they choose a password, nobody signs in as them, and the admin sees where it stands.
    await expect(signIn(client(), email, 'any password at all')).rejects.toThrow('401');
    const list = await agent.get(`/admin/users?q=${encodeURIComponent(email)}`).expect(200);
    expect(list.text).toContain('Invited');
    const page = await agent.get(`/admin/users/${user.id}`).expect(200);
    expect(page.text).toContain('Invitation sent');
    expect(page.text).toContain(`action="/admin/users/${user.id}/invitation"`);

    await agent
      .post(`/admin/users/${user.id}/invitation`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const second = await nextLink(email, 1);
    expect((await client().get(`/password/${first.token}`)).status).toBe(404);

    const welcome = await client().get(`/password/${second.token}`).expect(200);
    expect(welcome.text).toContain('Choose your password');
    expect(welcome.text).toContain('Welcome, New Colleague');
    const done = await setPassword(second.token, 'quiet harbour in winter');
    expect(done.status).toBe(200);
    await signIn(client(), email, 'quiet harbour in winter');

    const after = await agent.get(`/admin/users/${user.id}`).expect(200);
    expect(after.text).not.toContain('invitation-status');
    const resend = await agent
      .post(`/admin/users/${user.id}/invitation`)
      .type('form')
      .send({ _csrf: csrfFrom(after.text) });
    expect(resend.status).toBe(409);
  });

  it('keeps the first administrator bootstrap: a printed one-time password to change', async () => {
    await t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE disabled_at IS NULL`);
    try {
      const first = await t.app.get(FirstAdminService).ensureFirstAdmin();
      expect(first).not.toBeNull();
      const agent = client();
      const page = await agent.get('/login');
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: first!.email, password: first!.password });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account/password');
    } finally {
      await t.dataSource.query(
        `UPDATE users SET disabled_at = NULL WHERE email <> 'admin@tandem.localhost'`,
      );
    }
  });

  describe('npm run cli -- user:reset-password', () => {
    const run = async (...args: string[]) => {
      let text = '';
      const code = await resetPasswordCommand.run(args, t.app, {
        write: (chunk: string) => {
          text += chunk;
          return true;
        },
      });
      return { code, text };
    };

    it('prints a link that works once, for an hour, and clears the sign-in throttle', async () => {
      const user = await createUser(t, 'admin');
      // Locked out: the sign-in throttle holds the account.
      for (let i = 0; i < 6; i++)
        await expect(signIn(client(), user.email, `wrong guess ${i}`)).rejects.toThrow();
      await expect(signIn(client(), user.email, user.password)).rejects.toThrow('429');

      const printed = await run(user.email.toUpperCase());
      expect(printed.code).toBe(0);
      expect(printed.text).toContain('works once, for 1 hour');
      const token = LINK.exec(printed.text)![1];
      expect(printed.text).toContain(`${t.config.appUrl}/password/${token}`);
      const [row] = await t.dataSource.query(
        `SELECT token_hash, expires_at - sent_at AS lifetime FROM password_links WHERE user_id = $1`,
        [user.id],
      );
      expect(row).toEqual({ token_hash: sha256(token), lifetime: { hours: 1 } });
      expect((await setPassword(token, 'granite steps to the sea')).status).toBe(200);
      await signIn(client(), user.email, 'granite steps to the sea');
      expect((await client().get(`/password/${token}`)).status).toBe(404);
    });

    it('prints a one-time password that must be changed at sign-in', async () => {
      const user = await createUser(t, 'hr');
      const session = client();
      await signIn(session, user.email, user.password);
      const printed = await run(user.email, '--one-time-password');
      expect(printed.code).toBe(0);
      const password = /One-time password for \S+: (\S+)/.exec(printed.text)![1];
      expect((await session.get('/')).status).toBe(303);
      await expect(signIn(client(), user.email, user.password)).rejects.toThrow('401');
      const agent = client();
      const page = await agent.get('/login');
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: user.email, password });
      expect(res.headers.location).toBe('/account/password');
    });

    it('says in one sentence that no user has an unknown email, and how it is used', async () => {
      const unknown = await run('ghost@example.test');
      expect(unknown).toEqual({
        code: 1,
        text: 'No user has the email ghost@example.test; the Users page lists who can sign in.\n',
      });
      const usage = await run();
      expect(usage.code).toBe(2);
      expect(usage.text).toContain('Usage: npm run cli -- user:reset-password <email>');
    });
  });
});

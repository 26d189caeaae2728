import { readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { MailTransport } from '../src/delivery/mail-transport.service';
import { OutboxService } from '../src/delivery/outbox.service';
import { RecipientPrivacyService } from '../src/delivery/recipient-privacy.service';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The development outbox read while mail is being written to it (the Outbox page open during a
 * launch, an erasure running): a message's summary, which lists it, shows whole or not at all,
 * never empty or half written. Once, the Outbox list taken while the password-link emails were
 * being written failed on a summary that existed but was empty.
 */
describe('The outbox while messages are written', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('never shows a summary half written, and lists every message once all are written', async () => {
    const transport = t.app.get(MailTransport);
    const outbox = t.app.get(OutboxService);
    expect(transport.mode).toBe('outbox');
    // One message first, so the outbox folder exists to be watched.
    const send = (i: number) =>
      transport.send({
        to: `person${i}@example.test`,
        subject: `Message ${i}`,
        html: `<p>${'Thank you for taking part. '.repeat(20_000)}</p>`,
        text: 'Thank you',
        messageId: `<outbox-${i}@example.test>`,
      });
    expect((await send(0)).ok).toBe(true);
    // Each summary is read the moment it appears under its name.
    const seen: string[] = [];
    const broken: string[] = [];
    const watcher = watch(transport.outboxDir, (_event, file) => {
      if (!file?.endsWith('.json')) return;
      try {
        const entry = JSON.parse(readFileSync(join(transport.outboxDir, file), 'utf8')) as {
          subject: string;
        };
        seen.push(entry.subject);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') broken.push(file);
      }
    });
    try {
      const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => send(i + 1)));
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    } finally {
      watcher.close();
    }
    expect(broken).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    expect((await outbox.list(1)).total).toBe(101);
  });

  it('lists the messages still there while others are erased, never failing the page', async () => {
    const transport = t.app.get(MailTransport);
    const outbox = t.app.get(OutboxService);
    const privacy = t.app.get(RecipientPrivacyService);
    // Erasure deletes messages between the list's look at the folder and its reading of each
    // summary: a summary gone by then is left out, not an error for the whole page.
    const failures: string[] = [];
    for (let round = 0; round < 3; round++) {
      const to = `erased${round}@example.test`;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          transport.send({
            to,
            subject: `Round ${round}, message ${i}`,
            html: '<p>Thank you</p>',
            text: 'Thank you',
            messageId: `<erased-${round}-${i}@example.test>`,
          }),
        ),
      );
      // The page is read over and over while the erasure runs.
      let erasing = true;
      const erasure = privacy.eraseOutboxMessagesTo([to]).finally(() => (erasing = false));
      do {
        const listed = await outbox.list(1).catch((error: Error) => {
          failures.push(error.message);
          return null;
        });
        // What the page shows is whole: every row a message that was there.
        for (const item of listed?.items ?? [])
          expect(item.subject).toMatch(/^(Message|Round) \d+/);
      } while (erasing);
      expect(await erasure).toBe(20);
    }
    expect(failures).toEqual([]);
    const after = await outbox.list(1);
    expect(after.items.some((item) => item.subject.startsWith('Round'))).toBe(false);
  });
});

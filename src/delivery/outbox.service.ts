import { Injectable } from '@nestjs/common';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Paged, paged, pageParams } from '../common/pagination';
import { DeliveryError, DeliveryErrorCode } from './delivery.errors';
import { MailTransport, OutboxEntry } from './mail-transport.service';

const NAME = /^\d{14}-[0-9a-f]{12}$/;
const PAGE_SIZE = 25;

export type OutboxSummary = Pick<OutboxEntry, 'to' | 'subject' | 'date'> & { name: string };

/**
 * A survey (/s/), unsubscribe (/u/) or set-password (/password/) link: a capability of the
 * person it was sent to.
 */
const PERSONAL_LINK = /\/(s|u|password)\/[A-Za-z0-9_-]{16,}/g;
export const REDACTED_LINK = '[personal link hidden]';

/** Staff see that a message carries a personal link, never the link itself. */
export function redactPersonalLinks(text: string): string {
  return text.replace(PERSONAL_LINK, (_, kind: string) => `/${kind}/${REDACTED_LINK}`);
}

/** Reads the development outbox (var/outbox): newest first. */
@Injectable()
export class OutboxService {
  constructor(private readonly transport: MailTransport) {}

  get usingSmtp(): boolean {
    return this.transport.mode === 'smtp';
  }

  /**
   * A page of the outbox. A message erased after the folder was read and before its summary
   * was (an erasure running beside the page) is left out rather than failing the page.
   */
  async list(page: unknown): Promise<Paged<OutboxSummary>> {
    const names = (await this.names()).sort().reverse();
    const { page: n, skip, take } = pageParams(page, PAGE_SIZE);
    const shown = names.slice(skip, skip + take);
    const entries = await Promise.all(shown.map((name) => this.entry(name)));
    const items = shown.flatMap((name, i) => {
      const entry = entries[i];
      return entry ? [{ name, to: entry.to, subject: entry.subject, date: entry.date }] : [];
    });
    return paged(items, names.length - (shown.length - items.length), n, PAGE_SIZE);
  }

  /** The message as written, personal links included: for the machine's operator and tests. */
  async show(name: string): Promise<OutboxEntry & { name: string }> {
    if (!NAME.test(name)) throw new DeliveryError(DeliveryErrorCode.OUTBOX_MESSAGE_NOT_FOUND);
    return { ...(await this.read(name)), name };
  }

  /**
   * The message as staff may see it on the Outbox page: every survey and unsubscribe link
   * hidden, so no one can answer, unsubscribe or check on someone else's behalf.
   */
  async showRedacted(name: string): Promise<OutboxEntry & { name: string }> {
    const message = await this.show(name);
    return {
      ...message,
      text: redactPersonalLinks(message.text),
      html: redactPersonalLinks(message.html),
      headers: Object.fromEntries(
        Object.entries(message.headers).map(([key, value]) => [key, redactPersonalLinks(value)]),
      ),
    };
  }

  /**
   * Deletes the copies of every message to these addresses (the message and its summary); how
   * many messages went.
   */
  async eraseMessagesTo(addresses: readonly string[]): Promise<number> {
    const wanted = addresses.map((a) => a.toLowerCase()).filter((a) => a.length > 0);
    if (wanted.length === 0) return 0;
    let erased = 0;
    for (const name of await this.names()) {
      const entry = await this.entry(name);
      if (entry === null) continue;
      const to = entry.to.toLowerCase();
      if (!wanted.some((address) => to.includes(address))) continue;
      await rm(join(this.transport.outboxDir, entry.file), { force: true });
      await rm(join(this.transport.outboxDir, `${name}.json`), { force: true });
      erased += 1;
    }
    return erased;
  }

  private async names(): Promise<string[]> {
    try {
      const files = await readdir(this.transport.outboxDir);
      return files
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5))
        .filter((n) => NAME.test(n));
    } catch {
      return [];
    }
  }

  private async read(name: string): Promise<OutboxEntry> {
    const entry = await this.entry(name);
    if (entry === null) throw new DeliveryError(DeliveryErrorCode.OUTBOX_MESSAGE_NOT_FOUND);
    return entry;
  }

  /** A message's summary, or null when it is not there (or no longer). */
  private async entry(name: string): Promise<OutboxEntry | null> {
    try {
      return JSON.parse(
        await readFile(join(this.transport.outboxDir, `${name}.json`), 'utf8'),
      ) as OutboxEntry;
    } catch {
      return null;
    }
  }
}

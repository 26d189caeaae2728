import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../config/app.config';
import { Metrics } from '../metrics/metrics.service';
import { SettingsService } from '../settings/settings.service';

export interface MailMessage {
  /** The address only; the display name goes in toName (nodemailer encodes it safely). */
  to: string;
  toName?: string;
  subject: string;
  html: string;
  text: string;
  /** Deterministic per invitation and email, so a receiving system can drop a repeat. */
  messageId: string;
  headers?: Record<string, string>;
}

export type SendOutcome = { ok: true } | { ok: false; permanent: boolean; error: string };

/** Metadata written beside each outbox .eml so the admin page needs no MIME parser. */
export interface OutboxEntry {
  file: string;
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  date: string;
  messageId: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

/**
 * Pooled SMTP when SMTP_URL is set; otherwise every message becomes a .eml file (plus a .json
 * summary) under var/outbox for the Outbox admin page.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  readonly mode: 'smtp' | 'outbox';
  readonly outboxDir: string;
  /** Messages worth handing over at once: two per pooled connection keep each one busy. */
  readonly parallelSends: number;
  /** MAIL_FROM: its address sends every message; its name unless the settings give one. */
  private readonly from: { name: string; address: string };
  private outboxReady?: Promise<unknown>;

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly settings: SettingsService,
    private readonly metrics: Metrics,
  ) {
    const mail = config.get('mail', { infer: true });
    this.from = parseMailbox(mail.from);
    this.outboxDir = mail.outboxDir;
    this.mode = mail.smtpUrl ? 'smtp' : 'outbox';
    this.parallelSends = mail.smtpUrl ? mail.poolSize * 2 : 16;
    this.transporter = mail.smtpUrl
      ? nodemailer.createTransport({
          ...smtpOptions(mail.smtpUrl),
          // Bounded waits, so a stuck server fails a send well within its job's expiry.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
          pool: true,
          maxConnections: mail.poolSize,
          maxMessages: Infinity,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(message: MailMessage): Promise<SendOutcome> {
    const company = this.settings.current();
    // The sender's name and reply-to address come from the settings page; nodemailer encodes them.
    const from = { name: company.mailSenderName ?? this.from.name, address: this.from.address };
    const replyTo = company.mailReplyTo ?? undefined;
    try {
      const info: { message?: unknown } = await this.transporter.sendMail({
        from,
        replyTo,
        to: message.toName ? { name: message.toName, address: message.to } : message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      });
      if (this.mode === 'outbox')
        await this.writeOutbox(message, info.message as Buffer, formatMailbox(from), replyTo);
      this.metrics.countEmail('sent');
      return { ok: true };
    } catch (error) {
      const e = error as { responseCode?: number; message?: string };
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      this.metrics.countEmail(permanent ? 'bounced' : 'failed');
      return { ok: false, permanent, error: (e.message ?? String(error)).slice(0, 500) };
    }
  }

  /** After the job queue has stopped (onModuleDestroy), so in-flight sends can finish. */
  onApplicationShutdown(): void {
    this.transporter.close();
  }

  private async writeOutbox(
    message: MailMessage,
    raw: Buffer,
    from: string,
    replyTo?: string,
  ): Promise<void> {
    this.outboxReady ??= mkdir(this.outboxDir, { recursive: true });
    await this.outboxReady;
    const name = `${Date.now().toString().padStart(14, '0')}-${randomBytes(6).toString('hex')}`;
    const entry: OutboxEntry = {
      file: `${name}.eml`,
      to: message.toName ? `${message.toName} <${message.to}>` : message.to,
      from,
      replyTo,
      subject: message.subject,
      date: new Date().toISOString(),
      messageId: message.messageId,
      headers: message.headers ?? {},
      text: message.text,
      html: message.html,
    };
    // The summary is what lists the message (the Outbox page, erasure), so it appears whole and
    // last: written under another name and renamed, it is never seen empty or half written.
    await writeFile(join(this.outboxDir, `${name}.eml`), raw);
    const summary = join(this.outboxDir, `${name}.json`);
    await writeFile(`${summary}.part`, JSON.stringify(entry));
    await rename(`${summary}.part`, summary);
    this.logger.debug(`Wrote ${name}.eml to the outbox`);
  }
}

/** "Name <address>" or a bare address, as MAIL_FROM is written. */
export function parseMailbox(value: string): { name: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  return match
    ? { name: match[1].trim(), address: match[2].trim() }
    : { name: '', address: value.trim() };
}

function formatMailbox(box: { name: string; address: string }): string {
  return box.name ? `${box.name} <${box.address}>` : box.address;
}

/** smtp(s)://user:pass@host:port → nodemailer options. */
export function smtpOptions(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
  };
}

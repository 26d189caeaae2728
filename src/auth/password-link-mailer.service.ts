import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { MailTransport } from '../delivery/mail-transport.service';
import { generateToken, hashToken } from '../delivery/tokens';
import { JobQueue } from '../jobs/job-queue.service';
import { SettingsService } from '../settings/settings.service';
import { PasswordLinkEmails } from './password-link-emails';
import { claimForSending, recordSent, releaseUnsent } from './password-links.queries';

export const PASSWORD_LINK_QUEUE = 'auth-password-link';

/**
 * While one instance sends a link's email, no other takes it. Longer than a send can take (the
 * transport gives up on a stuck server within a couple of minutes), so only a dead instance's
 * email goes again, after this.
 */
const LEASE_SECONDS = 10 * 60;

export interface PasswordLinkJob {
  /** null: a reset asked for an address with no account; the job sends nothing. */
  linkId: string | null;
}

/**
 * Sends password-link emails through the job queue. The job carries only the link's id; the
 * token is made when its email is handed to the SMTP server, so it is stored nowhere but as a
 * hash. A server that is down or answers 4xx makes the job try again every half minute for a
 * day (the email is late, never lost); each try first takes a lease on the link, so no two
 * instances send it, and a link replaced meanwhile (asked again) is not sent at all.
 */
@Injectable()
export class PasswordLinkMailer implements OnModuleInit {
  private readonly logger = new Logger(PasswordLinkMailer.name);
  private readonly emails: PasswordLinkEmails;
  private readonly appUrl: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly settings: SettingsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.appUrl = config.get('appUrl', { infer: true });
    this.emails = new PasswordLinkEmails(this.appUrl);
  }

  onModuleInit(): void {
    this.jobs.defineQueue({
      name: PASSWORD_LINK_QUEUE,
      policy: 'standard',
      retryLimit: 2 * 24 * 60,
      retryDelay: 30,
      retryBackoff: false,
      expireInSeconds: 5 * 60,
    });
    this.jobs.work<PasswordLinkJob>({
      queue: PASSWORD_LINK_QUEUE,
      batchSize: 1,
      pollingIntervalSeconds: 2,
      // One job at a time, the next fetched at once: queued emails go out back to back, and
      // the poll only waits when the queue is empty.
      handler: async ([job], control) => {
        await this.handle(job);
        control.fetchAgain();
      },
    });
  }

  /** The address of the page a link's token opens. */
  urlOf(token: string): string {
    return `${this.appUrl}/password/${token}`;
  }

  /**
   * Queues the email of a link (or, for null, a job that sends nothing: the same work); with
   * `manager`, in its transaction.
   */
  queue(linkId: string | null, manager?: EntityManager): Promise<void> {
    return this.jobs.send<PasswordLinkJob>(
      PASSWORD_LINK_QUEUE,
      { data: { linkId }, key: linkId ?? randomUUID() },
      manager,
    );
  }

  private async handle(job: PgBoss.JobWithMetadata<PasswordLinkJob>): Promise<void> {
    if (job.data.linkId) await this.send(job.data.linkId);
  }

  /**
   * Sends the link's email if it is still due. Throws (for a retry) when the SMTP server could
   * not take it now; a permanent refusal (5xx) is logged and not retried.
   */
  async send(linkId: string): Promise<'sent' | 'skipped' | 'refused'> {
    const token = generateToken();
    const link = await claimForSending(this.dataSource, linkId, hashToken(token), LEASE_SECONDS);
    if (!link) return 'skipped';
    const message = this.emails.render({
      linkId,
      attempt: link.send_attempts,
      purpose: link.purpose,
      email: link.email,
      name: link.name,
      url: this.urlOf(token),
      validForSeconds: link.valid_for_seconds,
      companyName: this.settings.current().companyName ?? null,
    });
    const outcome = await this.transport.send(message);
    if (outcome.ok) {
      await recordSent(this.dataSource, linkId);
      return 'sent';
    }
    await releaseUnsent(this.dataSource, linkId);
    if (outcome.permanent) {
      this.logger.warn(`The mail server refused a password link email: ${outcome.error}`);
      return 'refused';
    }
    throw new Error(`The password link email will be tried again: ${outcome.error}`);
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service';
import { MailTransport } from '../delivery/mail-transport.service';
import { queryRows } from '../database/sql';
import { UnsubscribeLinksService } from '../delivery/unsubscribe-links.service';
import { ContactsService } from '../directory/contacts.service';
import { UnitsService } from '../directory/units.service';
import { CustomerAnswersService } from '../respond/customer-answers.service';
import { FollowThroughEmails } from './follow-through-emails.service';
import { deliver, MAIL_QUEUE_OPTIONS, RetryLater, settleEach } from './mail-jobs';

export const HEARD_YOU_QUEUE = 'follow-up-heard-you';
const BATCH_SIZE = 20;

export interface HeardYouJob {
  followUpId: string;
}

interface Claimed {
  id: string;
  message: string | null;
  unit_id: string;
  contact_id: string | null;
  response_id: string;
}

/**
 * The optional "we heard you" email after a follow-up is resolved: queued once per follow-up
 * (the job key is the follow-up id), sent only while the contact is still subscribed, and
 * recorded in the trail whether it went out, failed or was held back.
 */
@Injectable()
export class HeardYouService implements OnModuleInit {
  private readonly logger = new Logger(HeardYouService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly emails: FollowThroughEmails,
    private readonly units: UnitsService,
    private readonly contacts: ContactsService,
    private readonly customerAnswers: CustomerAnswersService,
    private readonly unsubscribeLinks: UnsubscribeLinksService,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({ name: HEARD_YOU_QUEUE, ...MAIL_QUEUE_OPTIONS });
    this.jobs.work<HeardYouJob>({
      queue: HEARD_YOU_QUEUE,
      batchSize: BATCH_SIZE,
      handler: (batch, control) =>
        settleEach(this.jobs, HEARD_YOU_QUEUE, batch, control, BATCH_SIZE, (job) =>
          this.handle(job),
        ),
    });
  }

  queue(followUpId: string): Promise<void> {
    return this.jobs.send<HeardYouJob>(HEARD_YOU_QUEUE, {
      data: { followUpId },
      key: followUpId,
    });
  }

  private async handle(job: PgBoss.JobWithMetadata<HeardYouJob>): Promise<void> {
    const lastTry = job.retryCount >= job.retryLimit;
    await this.send(job.data.followUpId, lastTry);
  }

  /** Sends the email if it is still queued; returns what became of it. */
  async send(
    followUpId: string,
    lastTry = false,
  ): Promise<'sent' | 'suppressed' | 'failed' | 'skipped'> {
    // Claim by stamping heard_you_sent_at: a second worker finds nothing left to send.
    const [claimed] = await queryRows<Claimed>(
      this.dataSource,
      `UPDATE follow_ups SET heard_you_sent_at = now()
        WHERE id = $1 AND heard_you = 'queued' AND heard_you_sent_at IS NULL
       RETURNING id, heard_you_message AS message, unit_id, contact_id, response_id`,
      [followUpId],
    );
    if (claimed === undefined) return 'skipped';
    const [[unit], [contact], response] = await Promise.all([
      this.units.summariesByIds([claimed.unit_id]),
      this.contacts.summariesByIds(claimed.contact_id ? [claimed.contact_id] : []),
      this.customerAnswers.find(claimed.response_id),
    ]);
    if (!contact?.reachable || !contact.email) {
      await this.record(followUpId, 'suppressed', 'Not sent: the customer has unsubscribed.');
      return 'suppressed';
    }
    const message = this.emails.heardYou({
      followUpId,
      email: contact.email,
      contactName: contact.name ?? '',
      unitName: unit?.name ?? '',
      message: claimed.message,
      language: contact.language,
      unsubscribeToken: response?.invitationId
        ? await this.unsubscribeLinks.issue(response.invitationId)
        : null,
    });
    try {
      if (await deliver(this.transport, message)) {
        await this.record(followUpId, 'sent', null);
        return 'sent';
      }
      await this.record(followUpId, 'failed', 'The customer’s mail server refused the email.');
      return 'failed';
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      if (lastTry) {
        await this.record(followUpId, 'failed', `Could not be delivered: ${error.message}`);
        return 'failed';
      }
      await this.dataSource.query(`UPDATE follow_ups SET heard_you_sent_at = NULL WHERE id = $1`, [
        followUpId,
      ]);
      this.logger.warn(`"We heard you" for ${followUpId} will be retried: ${error.message}`);
      throw error;
    }
  }

  private async record(
    followUpId: string,
    state: 'sent' | 'failed' | 'suppressed',
    note: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE follow_ups SET heard_you = $2,
                heard_you_sent_at = CASE WHEN $2 = 'sent' THEN heard_you_sent_at END
          WHERE id = $1`,
        [followUpId, state],
      );
      await m.query(`INSERT INTO follow_up_events (follow_up_id, kind, note) VALUES ($1, $2, $3)`, [
        followUpId,
        `heard_you_${state}`,
        note,
      ]);
    });
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service';
import { MailTransport } from '../delivery/mail-transport.service';
import { queryRows } from '../database/sql';
import { generateToken, hashToken } from '../delivery/tokens';
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
  unit_name: string;
  email: string | null;
  contact_name: string | null;
  reachable: boolean;
  invitation_id: string | null;
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
      `UPDATE follow_ups f SET heard_you_sent_at = now()
         FROM units u
        WHERE f.id = $1 AND f.heard_you = 'queued' AND f.heard_you_sent_at IS NULL AND u.id = f.unit_id
       RETURNING f.id, f.heard_you_message AS message, u.name AS unit_name,
         (SELECT email FROM contacts WHERE id = f.contact_id) AS email,
         (SELECT name FROM contacts WHERE id = f.contact_id) AS contact_name,
         coalesce((SELECT subscribed AND deactivated_at IS NULL FROM contacts WHERE id = f.contact_id), false) AS reachable,
         (SELECT invitation_id FROM customer_responses WHERE id = f.response_id) AS invitation_id`,
      [followUpId],
    );
    if (claimed === undefined) return 'skipped';
    if (!claimed.reachable || !claimed.email) {
      await this.record(followUpId, 'suppressed', 'Not sent: the customer has unsubscribed.');
      return 'suppressed';
    }
    const message = this.emails.heardYou({
      followUpId,
      email: claimed.email,
      contactName: claimed.contact_name ?? '',
      unitName: claimed.unit_name,
      message: claimed.message,
      unsubscribeToken: await this.unsubscribeToken(claimed.invitation_id),
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

  /**
   * A fresh unsubscribe link for the customer's invitation (only its hash is stored), so the
   * email carries the same one-click way out as the survey emails.
   */
  private async unsubscribeToken(invitationId: string | null): Promise<string | null> {
    if (invitationId === null) return null;
    const token = generateToken();
    await this.dataSource.query(
      `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'unsubscribe')`,
      [hashToken(token), invitationId],
    );
    return token;
  }
}

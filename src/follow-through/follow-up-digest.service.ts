import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service';
import { MailTransport } from '../delivery/mail-transport.service';
import { queryRows } from '../database/sql';
import { DigestItem, FollowThroughEmails } from './follow-through-emails.service';
import { deliver, MAIL_QUEUE_OPTIONS, settleEach } from './mail-jobs';
import { reasonsText } from './follow-up-views';

export const DIGEST_QUEUE = 'follow-up-digest';
export const DIGEST_SEND_QUEUE = 'follow-up-digest-send';
/** Every day at 07:00 UTC. */
const DIGEST_CRON = '0 7 * * *';
const BATCH_SIZE = 20;
/** Items listed per section; the rest are counted. */
const LIST_LIMIT = 30;

export interface DigestJob {
  userId: string;
  /** YYYY-MM-DD (UTC): the day the digest belongs to */
  date: string;
}

interface ItemRow {
  id: string;
  unit_name: string;
  account_name: string | null;
  reasons: string[];
  due_at: Date;
  overdue: boolean;
  fresh: boolean;
}

export type DigestOutcome = 'sent' | 'already-sent' | 'nothing-new' | 'failed';

/**
 * One email a day per unit manager, not one per answer: new follow-ups since their last digest
 * and the overdue ones in their subtree. A cron job queues one send per manager with a key of
 * manager + date; the send claims a (manager, day) row first, so a repeated job, a second
 * instance or a re-run of the cron never mails anyone twice in a day.
 */
@Injectable()
export class FollowUpDigestService implements OnModuleInit {
  private readonly logger = new Logger(FollowUpDigestService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly emails: FollowThroughEmails,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({ name: DIGEST_QUEUE, policy: 'short', retryLimit: 3, retryDelay: 60 });
    this.jobs.defineQueue({ name: DIGEST_SEND_QUEUE, ...MAIL_QUEUE_OPTIONS });
    this.jobs.work({
      queue: DIGEST_QUEUE,
      handler: async () => void (await this.queueDaily()),
    });
    this.jobs.work<DigestJob>({
      queue: DIGEST_SEND_QUEUE,
      batchSize: BATCH_SIZE,
      handler: (batch, control) =>
        settleEach(this.jobs, DIGEST_SEND_QUEUE, batch, control, BATCH_SIZE, async (job) => {
          await this.send(job.data.userId, job.data.date);
        }),
    });
    this.jobs.scheduleEvery(DIGEST_QUEUE, DIGEST_CRON);
  }

  /** Queues today's digest for every active manager with unresolved follow-ups; returns how many. */
  async queueDaily(now = new Date()): Promise<number> {
    const date = now.toISOString().slice(0, 10);
    const managers: { id: string }[] = await this.dataSource.query(
      `SELECT u.id FROM users u JOIN units un ON un.id = u.unit_id
        WHERE u.role = 'manager' AND u.disabled_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM follow_up_digests d WHERE d.user_id = u.id AND d.digest_on = $1::date)
          AND EXISTS (SELECT 1 FROM follow_ups f JOIN units fu ON fu.id = f.unit_id
                       WHERE f.state <> 'resolved' AND fu.path LIKE un.path || '%')`,
      [date],
    );
    await this.jobs.sendMany<DigestJob>(
      DIGEST_SEND_QUEUE,
      managers.map((m) => ({ data: { userId: m.id, date }, key: `${m.id}:${date}` })),
    );
    return managers.length;
  }

  /** Sends one manager's digest for one day, at most once. */
  async send(userId: string, date: string): Promise<DigestOutcome> {
    const [claim] = await queryRows<{ created_at: Date }>(
      this.dataSource,
      `INSERT INTO follow_up_digests (user_id, digest_on)
       SELECT id, $2::date FROM users WHERE id = $1 AND role = 'manager' AND disabled_at IS NULL
       ON CONFLICT DO NOTHING RETURNING created_at`,
      [userId, date],
    );
    if (claim === undefined) return 'already-sent';
    const [user] = await queryRows<{ email: string; name: string; path: string }>(
      this.dataSource,
      `SELECT u.email, u.name, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`,
      [userId],
    );
    const items = user ? await this.items(userId, user.path, date, claim.created_at) : [];
    const fresh = items.filter((i) => i.fresh);
    const overdue = items.filter((i) => i.overdue);
    if (!user || (fresh.length === 0 && overdue.length === 0)) return 'nothing-new';

    const [{ open }] = await queryRows<{ open: number }>(
      this.dataSource,
      `SELECT count(*)::int AS open FROM follow_ups f JOIN units u ON u.id = f.unit_id
        WHERE f.state <> 'resolved' AND u.path LIKE $1 || '%'`,
      [user.path],
    );
    const message = this.emails.digest({
      userId,
      date,
      email: user.email,
      name: user.name,
      fresh: fresh.slice(0, LIST_LIMIT).map(toItem),
      overdue: overdue.slice(0, LIST_LIMIT).map(toItem),
      openCount: open,
    });
    try {
      if (!(await deliver(this.transport, message))) {
        this.logger.warn(`The digest for ${user.email} was refused by the mail server`);
        return 'failed';
      }
    } catch (error) {
      // Free the day's claim so the retried job can send it.
      await this.dataSource.query(
        `DELETE FROM follow_up_digests WHERE user_id = $1 AND digest_on = $2::date`,
        [userId, date],
      );
      throw error;
    }
    await this.dataSource.query(
      `UPDATE follow_up_digests SET sent_at = now(), follow_ups = $3
        WHERE user_id = $1 AND digest_on = $2::date`,
      [userId, date, fresh.length + overdue.length],
    );
    return 'sent';
  }

  /**
   * Unresolved follow-ups in the manager's subtree that are new since their last digest (up to
   * this digest's claim) or overdue.
   */
  private items(userId: string, path: string, date: string, claimedAt: Date): Promise<ItemRow[]> {
    return queryRows<ItemRow>(
      this.dataSource,
      `WITH last AS (
         SELECT max(created_at) AS at FROM follow_up_digests
          WHERE user_id = $1 AND digest_on < $3::date AND sent_at IS NOT NULL)
       SELECT f.id, u.name AS unit_name, a.name AS account_name, f.reasons, f.due_at,
              f.due_at < now() AS overdue,
              f.created_at > coalesce((SELECT at FROM last), '-infinity') AND f.created_at <= $4 AS fresh
         FROM follow_ups f
         JOIN units u ON u.id = f.unit_id
         LEFT JOIN customer_accounts a ON a.id = f.account_id
        WHERE f.state <> 'resolved' AND u.path LIKE $2 || '%'
          AND (f.due_at < now()
               OR (f.created_at > coalesce((SELECT at FROM last), '-infinity') AND f.created_at <= $4))
        ORDER BY f.due_at, f.id`,
      [userId, path, date, claimedAt],
    );
  }
}

function toItem(row: ItemRow): DigestItem {
  return {
    id: row.id,
    unitName: row.unit_name,
    accountName: row.account_name,
    reasons: reasonsText(row.reasons),
    dueOn: new Date(row.due_at).toISOString().slice(0, 10),
    overdue: row.overdue,
  };
}

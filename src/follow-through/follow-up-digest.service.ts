import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service';
import { MailTransport } from '../delivery/mail-transport.service';
import { queryRows } from '../database/sql';
import { UsersService } from '../auth/users.service';
import { AccountsService } from '../directory/accounts.service';
import { UnitsService } from '../directory/units.service';
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
  unit_id: string;
  account_id: string | null;
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
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly accounts: AccountsService,
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
    const [active, done, pending] = await Promise.all([
      this.users.activeManagers(),
      queryRows<{ user_id: string }>(
        this.dataSource,
        `SELECT user_id FROM follow_up_digests WHERE digest_on = $1::date`,
        [date],
      ),
      queryRows<{ unit_id: string }>(
        this.dataSource,
        `SELECT DISTINCT unit_id FROM follow_ups WHERE state <> 'resolved'`,
      ),
    ]);
    const sent = new Set(done.map((d) => d.user_id));
    const unitIds = active.flatMap((m) => (m.unitId ? [m.unitId] : []));
    const units = await this.units.summariesByIds([...unitIds, ...pending.map((p) => p.unit_id)]);
    const pathOf = new Map(units.map((u) => [u.id, u.path]));
    const pendingPaths = pending.flatMap((p) => pathOf.get(p.unit_id) ?? []);
    // A manager is due a digest when an unresolved follow-up sits in their subtree.
    const managers = active.filter((m) => {
      const path = m.unitId ? pathOf.get(m.unitId) : undefined;
      return !sent.has(m.id) && path !== undefined && pendingPaths.some((p) => p.startsWith(path));
    });
    await this.jobs.sendMany<DigestJob>(
      DIGEST_SEND_QUEUE,
      managers.map((m) => ({ data: { userId: m.id, date }, key: `${m.id}:${date}` })),
    );
    return managers.length;
  }

  /** Sends one manager's digest for one day, at most once. */
  async send(userId: string, date: string): Promise<DigestOutcome> {
    const [manager] = await this.users.summariesByIds([userId]);
    if (!manager || manager.role !== 'manager' || manager.disabled) return 'already-sent';
    const [claim] = await queryRows<{ created_at: Date }>(
      this.dataSource,
      `INSERT INTO follow_up_digests (user_id, digest_on) VALUES ($1, $2::date)
       ON CONFLICT DO NOTHING RETURNING created_at`,
      [userId, date],
    );
    if (claim === undefined) return 'already-sent';
    const [unit] = manager.unitId ? await this.units.summariesByIds([manager.unitId]) : [];
    const user = unit && { email: manager.email, name: manager.name, path: unit.path };
    const subtree = user ? await this.units.subtreeIdsByPath(user.path) : [];
    const items = user ? await this.named(await this.items(userId, subtree, date, claim.created_at)) : [];
    const fresh = items.filter((i) => i.fresh);
    const overdue = items.filter((i) => i.overdue);
    if (!user || (fresh.length === 0 && overdue.length === 0)) return 'nothing-new';

    const [{ open }] = await queryRows<{ open: number }>(
      this.dataSource,
      `SELECT count(*)::int AS open FROM follow_ups
        WHERE state <> 'resolved' AND unit_id = ANY($1::uuid[])`,
      [subtree],
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
  private items(
    userId: string,
    unitIds: string[],
    date: string,
    claimedAt: Date,
  ): Promise<ItemRow[]> {
    return queryRows<ItemRow>(
      this.dataSource,
      `WITH last AS (
         SELECT max(created_at) AS at FROM follow_up_digests
          WHERE user_id = $1 AND digest_on < $3::date AND sent_at IS NOT NULL)
       SELECT f.id, f.unit_id, f.account_id, f.reasons, f.due_at,
              f.due_at < now() AS overdue,
              f.created_at > coalesce((SELECT at FROM last), '-infinity') AND f.created_at <= $4 AS fresh
         FROM follow_ups f
        WHERE f.state <> 'resolved' AND f.unit_id = ANY($2::uuid[])
          AND (f.due_at < now()
               OR (f.created_at > coalesce((SELECT at FROM last), '-infinity') AND f.created_at <= $4))
        ORDER BY f.due_at, f.id`,
      [userId, unitIds, date, claimedAt],
    );
  }

  /** The items with their unit's and account's names. */
  private async named(rows: ItemRow[]): Promise<NamedItem[]> {
    const [units, accounts] = await Promise.all([
      this.units.summariesByIds(rows.map((r) => r.unit_id)),
      this.accounts.summariesByIds(rows.flatMap((r) => (r.account_id ? [r.account_id] : []))),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const accountName = new Map(accounts.map((a) => [a.id, a.name]));
    return rows.map((r) => ({
      ...r,
      unit_name: unitName.get(r.unit_id) ?? '',
      account_name: (r.account_id && accountName.get(r.account_id)) || null,
    }));
  }
}

type NamedItem = ItemRow & { unit_name: string; account_name: string | null };

function toItem(row: NamedItem): DigestItem {
  return {
    id: row.id,
    unitName: row.unit_name,
    accountName: row.account_name,
    reasons: reasonsText(row.reasons),
    dueOn: new Date(row.due_at).toISOString().slice(0, 10),
    overdue: row.overdue,
  };
}

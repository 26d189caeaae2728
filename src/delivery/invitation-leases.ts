import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.service';
import { queryRows } from '../database/sql';

/** A claimed invitation: `attempts` as the claim left it tells this claim from a later one. */
export interface HeldInvitation {
  id: string;
  attempts: number;
}

/**
 * The leases this instance holds on claimed invitations (`sending_until`) and the pg-boss jobs
 * they came in. A heartbeat renews both every third of a lease while anything is held, so a
 * message may wait in the SMTP pool for as long as it takes without another worker taking it;
 * an instance that dies stops renewing, and others take its invitations after one lease.
 */
export class InvitationLeases {
  private readonly logger = new Logger(InvitationLeases.name);
  private readonly held = new Map<string, { attempts: number; until: number }>();
  private readonly jobIds = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private renewing?: Promise<void>;
  readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly queue: string,
    leaseSeconds: number,
  ) {
    this.leaseMs = leaseSeconds * 1000;
  }

  /** SQL for "now + one lease", for the claim that takes the lease. */
  get interval(): string {
    return `${this.leaseMs} milliseconds`;
  }

  /** Jobs whose handler has started: kept from expiring until dropJobs. */
  holdJobs(ids: string[]): void {
    for (const id of ids) this.jobIds.set(id, (this.jobIds.get(id) ?? 0) + 1);
    this.startHeartbeat();
  }

  dropJobs(ids: string[]): void {
    for (const id of ids) {
      const n = (this.jobIds.get(id) ?? 1) - 1;
      if (n > 0) this.jobIds.set(id, n);
      else this.jobIds.delete(id);
    }
    this.stopHeartbeatIfIdle();
  }

  /** Invitations just claimed; `claimedAt` is when the claiming statement was sent. */
  hold(rows: HeldInvitation[], claimedAt: number): void {
    for (const r of rows)
      this.held.set(r.id, { attempts: r.attempts, until: claimedAt + this.leaseMs });
    this.startHeartbeat();
  }

  /**
   * Still ours with at least half a lease to run: a message handed to SMTP now is answered
   * long before anyone else may claim it, even if the next renewals fail.
   */
  isFresh(id: string): boolean {
    const lease = this.held.get(id);
    return !!lease && lease.until - Date.now() > this.leaseMs / 2;
  }

  /** Forgets invitations whose outcome is recorded (the record cleared their lease). */
  drop(ids: string[]): void {
    for (const id of ids) this.held.delete(id);
    this.stopHeartbeatIfIdle();
  }

  /** Gives back unsent invitations at once, so any instance can claim them without waiting. */
  async release(ids: string[]): Promise<void> {
    const rows = ids.flatMap((id) => {
      const lease = this.held.get(id);
      return lease ? [{ id, attempts: lease.attempts }] : [];
    });
    if (rows.length > 0)
      await this.dataSource.query(
        `WITH locked AS (
           SELECT id FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
         )
         UPDATE invitations i SET sending_until = NULL
           FROM unnest($1::uuid[], $2::int[]) AS h(id, attempts), locked
          WHERE i.id = locked.id AND i.id = h.id AND i.attempts = h.attempts`,
        [rows.map((r) => r.id), rows.map((r) => r.attempts)],
      );
    this.drop(ids);
  }

  /** Stops renewing (after the workers have stopped); what is still held expires on its own. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.renewing;
  }

  private startHeartbeat(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    }, this.leaseMs / 3);
    this.timer.unref();
  }

  private stopHeartbeatIfIdle(): void {
    if (this.held.size > 0 || this.jobIds.size > 0 || !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async renew(): Promise<void> {
    const started = Date.now();
    const rows = [...this.held.entries()];
    try {
      if (rows.length > 0) {
        const renewed = await queryRows<{ id: string }>(
          this.dataSource,
          // Rows locked in id order, like the outcome record, so the two never deadlock.
          `WITH locked AS (
             SELECT id FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
           )
           UPDATE invitations i SET sending_until = now() + interval '${this.interval}'
             FROM unnest($1::uuid[], $2::int[]) AS h(id, attempts), locked
            WHERE i.id = locked.id AND i.id = h.id AND i.attempts = h.attempts
              AND i.sending_until IS NOT NULL
          RETURNING i.id`,
          [rows.map(([id]) => id), rows.map(([, l]) => l.attempts)],
        );
        const ok = new Set(renewed.map((r) => r.id));
        for (const [id, lease] of rows) {
          // Not renewed: recorded meanwhile, or (after failed renewals) claimed by another.
          if (ok.has(id)) lease.until = started + this.leaseMs;
          else lease.until = 0;
        }
      }
      await this.jobs.keepActive(this.queue, [...this.jobIds.keys()]);
    } catch (error) {
      this.logger.warn(`Could not renew delivery leases: ${(error as Error).message}`);
    }
  }
}

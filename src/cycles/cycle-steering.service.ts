import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { queryRows } from '../database/sql';
import { InvitationQueue } from '../delivery/invitation-queue.service';
import { JobQueue } from '../jobs/job-queue.service';
import type { CycleActor } from './cycle-actor';
import { CycleHistory } from './cycle-history.service';
import { CYCLE_QUEUES, CycleJob } from './cycle-jobs';
import { CycleLifecycleService } from './cycle-lifecycle.service';
import { CycleError, CycleErrorCode } from './cycles.errors';
import { CycleStatus } from './entities/cycle.entity';

interface LockedCycle {
  status: CycleStatus;
  imported: boolean;
  closes_at: Date;
  reminder_round: number;
}

export interface RemindNowResult {
  /** People the reminder was queued for. */
  queued: number;
  /** Nobody mailed by this cycle within this many hours gets it. */
  gapHours: number;
}

/**
 * Steering a live cycle by hand: a reminder now, a later closing date, closing early. Each is
 * recorded in the cycle's history with who did it, in the transaction that does it. Who gets a
 * reminder is delivery's rule; closing goes through the lifecycle's one close.
 */
@Injectable()
export class CycleSteeringService {
  private readonly logger = new Logger(CycleSteeringService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly invitations: InvitationQueue,
    private readonly lifecycle: CycleLifecycleService,
    private readonly history: CycleHistory,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Hours within which a reminder sent now never reaches the same person twice. */
  get reminderGapHours(): number {
    return this.config.get('mail', { infer: true }).reminderGapHours;
  }

  /**
   * Queues a reminder now to everyone the reminder rule allows and nobody this cycle mailed in
   * the last REMINDER_GAP_HOURS (checked again when each is sent, so a double click or two
   * people pressing at once reach nobody twice).
   */
  async remindNow(cycleId: string, by: CycleActor): Promise<RemindNowResult> {
    const gapHours = this.reminderGapHours;
    const queued = await this.dataSource.transaction(async (m) => {
      const cycle = await this.lock(m, cycleId);
      if (cycle.status === 'closed') throw new CycleError(CycleErrorCode.ALREADY_CLOSED);
      if (cycle.status !== 'open') throw new CycleError(CycleErrorCode.NOT_OPEN);
      // A number of its own: delivery's rule lets a round reach whoever has had fewer reminders.
      const round = cycle.reminder_round + 1;
      const n = await this.invitations.queueReminders(cycleId, round, { gapHours });
      await m.query(`UPDATE cycles SET reminder_round = $2, updated_at = now() WHERE id = $1`, [
        cycleId,
        round,
      ]);
      await this.history.record(m, cycleId, 'reminded', by, { queued: n, gapHours });
      return n;
    });
    this.logger.log(`Cycle ${cycleId}: reminder sent now, queued for ${queued} people`);
    return { queued, gapHours };
  }

  /**
   * Moves the closing time of a scheduled or open cycle later. Links, pages and later emails
   * read the new time; the close job follows it, and reminder days before it now go out.
   */
  async extend(cycleId: string, closesAt: Date, by: CycleActor): Promise<void> {
    const previous = await this.dataSource.transaction(async (m) => {
      const cycle = await this.lock(m, cycleId);
      this.assertLive(cycle);
      if (closesAt.getTime() <= Date.now())
        throw new CycleError(CycleErrorCode.NEW_CLOSE_IN_PAST, { field: 'closesAt' });
      if (closesAt.getTime() <= new Date(cycle.closes_at).getTime())
        throw new CycleError(CycleErrorCode.NEW_CLOSE_NOT_LATER, { field: 'closesAt' });
      await m.query(`UPDATE cycles SET closes_at = $2, updated_at = now() WHERE id = $1`, [
        cycleId,
        closesAt,
      ]);
      await this.history.record(m, cycleId, 'extended', by, {
        from: new Date(cycle.closes_at).toISOString(),
        to: closesAt.toISOString(),
      });
      return new Date(cycle.closes_at);
    });
    // The job at the old time finds the cycle not due and does nothing; this one closes it.
    await this.jobs.send<CycleJob>(CYCLE_QUEUES.close, {
      data: { cycleId },
      key: `close:${cycleId}:${closesAt.getTime()}`,
      startAfter: closesAt,
    });
    this.logger.log(
      `Cycle ${cycleId}: closing moved from ${previous.toISOString()} to ${closesAt.toISOString()}`,
    );
  }

  /** Closes a scheduled or open cycle now, through the lifecycle's one close. */
  async closeNow(cycleId: string, by: CycleActor): Promise<void> {
    const [cycle] = await queryRows<LockedCycle>(
      this.dataSource,
      `SELECT status, imported, closes_at, reminder_round FROM cycles WHERE id = $1`,
      [cycleId],
    );
    if (!cycle) throw new CycleError(CycleErrorCode.NOT_FOUND);
    this.assertLive(cycle);
    // Someone else may close it in between: only one of them closes it, the other is told.
    if (!(await this.lifecycle.close(cycleId, by)))
      throw new CycleError(CycleErrorCode.ALREADY_CLOSED);
  }

  private assertLive(cycle: LockedCycle): void {
    if (cycle.imported) throw new CycleError(CycleErrorCode.IMPORTED);
    if (cycle.status === 'closed') throw new CycleError(CycleErrorCode.ALREADY_CLOSED);
    if (cycle.status === 'draft') throw new CycleError(CycleErrorCode.NOT_LAUNCHED);
  }

  private async lock(m: EntityManager, cycleId: string): Promise<LockedCycle> {
    const [cycle] = await queryRows<LockedCycle>(
      m,
      `SELECT status, imported, closes_at, reminder_round FROM cycles WHERE id = $1 FOR UPDATE`,
      [cycleId],
    );
    if (!cycle) throw new CycleError(CycleErrorCode.NOT_FOUND);
    return cycle;
  }
}

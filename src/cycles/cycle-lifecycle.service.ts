import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { queryRows } from '../database/sql';
import { InvitationQueue } from '../delivery/invitation-queue.service';
import { JobQueue } from '../jobs/job-queue.service';
import type { CycleActor } from './cycle-actor';
import { CycleEvents } from './cycle-events';
import { CycleHistory } from './cycle-history.service';
import { CYCLE_QUEUES, CycleJob, DAY_MS, RemindJob } from './cycle-jobs';
import { CycleLaunchService } from './cycle-launch.service';
import { CyclesService } from './cycles.service';
import { Cycle } from './entities/cycle.entity';

interface DueRow {
  id: string;
  status: string;
  opens_at: Date;
  closes_at: Date;
  reminder_days: number[];
  reminder_rounds_queued: number;
  invitations_created_at: Date | null;
  sends_queued_at: Date | null;
}

/**
 * Moves cycles through scheduled → open → closed with jobs (never page visits): a job at each
 * cycle's own times, plus a tick every minute that catches anything missed (an instance down at
 * the time, a crash mid-opening). Closing notifies CycleEvents and creates the next recurring
 * cycle.
 */
@Injectable()
export class CycleLifecycleService implements OnModuleInit {
  private readonly logger = new Logger(CycleLifecycleService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly launcher: CycleLaunchService,
    private readonly invitations: InvitationQueue,
    private readonly cycles: CyclesService,
    private readonly events: CycleEvents,
    private readonly history: CycleHistory,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onModuleInit(): void {
    const retry = { retryLimit: 20, retryDelay: 30, retryBackoff: true, expireInSeconds: 900 };
    for (const name of Object.values(CYCLE_QUEUES)) this.jobs.defineQueue({ name, ...retry });
    this.jobs.work<CycleJob>({
      queue: CYCLE_QUEUES.open,
      handler: async (jobs) => {
        for (const job of jobs) await this.launcher.open(job.data.cycleId);
      },
    });
    this.jobs.work<CycleJob>({
      queue: CYCLE_QUEUES.close,
      handler: async (jobs) => {
        for (const job of jobs) await this.closeIfDue(job.data.cycleId);
      },
    });
    this.jobs.work<RemindJob>({
      queue: CYCLE_QUEUES.remind,
      handler: async (jobs) => {
        for (const job of jobs) await this.remind(job.data.cycleId, job.data.round);
      },
    });
    this.jobs.work<object>({ queue: CYCLE_QUEUES.tick, handler: () => this.tick() });
    this.jobs.scheduleEvery(CYCLE_QUEUES.tick, '* * * * *');
  }

  /** Everything that is due now: opening, resuming an opening, reminders, closing. */
  async tick(now = new Date()): Promise<void> {
    const due: DueRow[] = await this.dataSource.query(
      `SELECT id, status, opens_at, closes_at, reminder_days, reminder_rounds_queued,
              invitations_created_at, sends_queued_at
         FROM cycles
        WHERE NOT imported AND status IN ('scheduled', 'open') AND opens_at <= $1`,
      [now],
    );
    for (const cycle of due) {
      if (new Date(cycle.closes_at) <= now) {
        await this.close(cycle.id);
        continue;
      }
      if (cycle.status === 'scheduled' || !cycle.invitations_created_at || !cycle.sends_queued_at)
        await this.launcher.open(cycle.id);
      const elapsedDays = (now.getTime() - new Date(cycle.opens_at).getTime()) / DAY_MS;
      // Only the latest due round: after an outage people get one reminder, not several.
      const dueRound = cycle.reminder_days.filter((d) => d <= elapsedDays).length;
      if (dueRound > cycle.reminder_rounds_queued) await this.remind(cycle.id, dueRound);
    }
  }

  /**
   * Queues scheduled reminder `round` (the n-th reminder day) once; delivery decides who gets it
   * (sent, not answered, still reachable). Reminders sent now take round numbers too, so the
   * round handed to delivery is the cycle's next number; and within REMINDER_GAP_HOURS of a
   * reminder sent now, the scheduled one skips whoever was mailed in that window.
   */
  async remind(cycleId: string, round: number): Promise<number> {
    const [cycle] = await queryRows<{ reminder_rounds_queued: number; reminder_round: number }>(
      this.dataSource,
      `SELECT reminder_rounds_queued, reminder_round FROM cycles WHERE id = $1`,
      [cycleId],
    );
    if (!cycle || cycle.reminder_rounds_queued >= round) return 0; // the tick or a job did it already
    // Rounds skipped after an outage keep their numbers, so without reminders sent now the
    // delivery round is the scheduled round itself.
    const deliveryRound = cycle.reminder_round + (round - cycle.reminder_rounds_queued);
    const gap = this.config.get('mail', { infer: true }).reminderGapHours;
    const gapHours = (await this.history.remindedNowWithin(cycleId, gap)) ? gap : 0;
    const queued = await this.invitations.queueReminders(cycleId, deliveryRound, { gapHours });
    await this.dataSource.transaction(async (m) => {
      const [updated] = await queryRows<{ id: string }>(
        m,
        `UPDATE cycles SET reminder_rounds_queued = GREATEST(reminder_rounds_queued, $2),
                           reminder_round = GREATEST(reminder_round, $3)
          WHERE id = $1 AND reminder_rounds_queued < $2
          RETURNING id`,
        [cycleId, round, deliveryRound],
      );
      if (updated)
        await this.history.record(m, cycleId, 'reminded', null, { scheduledRound: round, queued });
    });
    this.logger.log(`Cycle ${cycleId}: reminder ${round} queued for ${queued} people`);
    return queued;
  }

  /** The close job may run early if someone moved the date; it only closes a cycle that is due. */
  async closeIfDue(cycleId: string): Promise<void> {
    const rows: Array<{ closes_at: Date }> = await this.dataSource.query(
      `SELECT closes_at FROM cycles WHERE id = $1`,
      [cycleId],
    );
    if (rows[0] && new Date(rows[0].closes_at) <= new Date()) await this.close(cycleId);
  }

  /**
   * The one way a cycle closes, on schedule or by someone (`by`): tokens die with it, listeners
   * run stage by stage (CycleEvents), the next recurrence is created. Idempotent: closing a
   * closed cycle runs its (idempotent) listeners again. Returns whether this call closed it.
   */
  async close(cycleId: string, by: CycleActor | null = null): Promise<boolean> {
    const closedNow = await this.dataSource.transaction(async (m) => {
      const [row] = await queryRows<{ closes_at: Date }>(
        m,
        `UPDATE cycles SET status = 'closed', closed_at = COALESCE(closed_at, now()), updated_at = now()
          WHERE id = $1 AND status IN ('scheduled', 'open')
          RETURNING closes_at`,
        [cycleId],
      );
      if (!row) return false;
      await this.history.record(m, cycleId, 'closed', by, {
        due: new Date(row.closes_at).toISOString(),
      });
      return true;
    });
    // Read back: an already-closed cycle still runs its (idempotent) listeners.
    const [row]: Array<{ status: string; closed_at: Date | null }> = await this.dataSource.query(
      `SELECT status, closed_at FROM cycles WHERE id = $1`,
      [cycleId],
    );
    if (row?.status !== 'closed') return false;
    await this.events.emitClosed({ cycleId, closedAt: new Date(row.closed_at ?? Date.now()) });
    await this.createNextRecurrence(cycleId);
    return closedNow;
  }

  /** For a monthly or quarterly cycle, creates and launches the next one (once). */
  async createNextRecurrence(cycleId: string): Promise<Cycle | null> {
    const prev = await this.cycles.get(cycleId);
    if (prev.recurrence === 'none') return null;
    const [existing] = await queryRows<{ id: string; status: string }>(
      this.dataSource,
      `SELECT id, status FROM cycles WHERE previous_cycle_id = $1`,
      [cycleId],
    );
    if (existing) {
      // Created before a crash: finish its launch (each step is idempotent), never a second one.
      if (existing.status !== 'closed') await this.launcher.launch(existing.id);
      return this.cycles.get(existing.id);
    }
    const months = prev.recurrence === 'monthly' ? 1 : 3;
    const periodStart = addMonthsToDate(prev.periodStart, months);
    const periodEnd = addMonthsToDate(prev.periodEnd, months);
    const label = await this.freeLabel(recurrenceLabel(periodStart, prev.recurrence));
    const next = await this.dataSource.transaction(async (m) => {
      const created = await this.cycles.create(
        {
          name: prev.name.includes(prev.periodLabel)
            ? prev.name.replace(prev.periodLabel, label)
            : prev.name,
          periodLabel: label,
          periodStart,
          periodEnd,
          employeeSurveyId: prev.employeeSurveyId,
          customerSurveyId: prev.customerSurveyId,
          unitIds: prev.targetUnits.map((u) => u.id),
          opensAt: addMonths(prev.opensAt, months).toISOString(),
          closesAt: addMonths(prev.closesAt, months).toISOString(),
          reminderDays: prev.reminderDays,
          recurrence: prev.recurrence,
        },
        m,
      );
      await m.query(`UPDATE cycles SET previous_cycle_id = $2 WHERE id = $1`, [
        created.id,
        cycleId,
      ]);
      await this.launcher.markLaunched(m, created.id);
      return created;
    });
    await this.launcher.launch(next.id);
    this.logger.log(`Cycle ${cycleId} recurs as ${next.id} (${label})`);
    return this.cycles.get(next.id);
  }

  private async freeLabel(label: string): Promise<string> {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? label : `${label} (${n})`;
      const taken: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM cycles WHERE period_label = $1`,
        [candidate],
      );
      if (taken.length === 0) return candidate;
    }
  }
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** 'YYYY-MM-DD' + months, keeping month ends at month ends. */
export function addMonthsToDate(isoDate: string, months: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  const isMonthEnd = new Date(d.getTime() + DAY_MS).getUTCDate() === 1;
  const shifted = addMonths(d, months);
  if (isMonthEnd)
    shifted.setUTCDate(
      new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate(),
    );
  return shifted.toISOString().slice(0, 10);
}

export function recurrenceLabel(periodStart: string, recurrence: 'monthly' | 'quarterly'): string {
  const [year, month] = periodStart.split('-').map(Number);
  return recurrence === 'monthly'
    ? `${year}-${String(month).padStart(2, '0')}`
    : `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InvitationQueue } from '../delivery/invitation-queue.service';
import { InvitationsService } from '../delivery/invitations.service';
import { UnitsService } from '../directory/units.service';
import { SurveyCatalog } from '../surveys/survey-catalog.service';
import { JobQueue } from '../jobs/job-queue.service';
import { queryRows } from '../database/sql';
import { AuditService } from '../audit/audit.service';
import { CycleEvents } from './cycle-events';
import { CYCLE_QUEUES, CycleJob, DAY_MS, RemindJob } from './cycle-jobs';
import { CycleReachService, ReachWarning } from './cycle-reach.service';
import { CycleError, CycleErrorCode } from './cycles.errors';
import { CycleStatus } from './entities/cycle.entity';

interface CycleRow {
  id: string;
  period_label: string;
  status: CycleStatus;
  imported: boolean;
  opens_at: Date;
  closes_at: Date;
  reminder_days: number[];
  employee_survey_id: string | null;
  customer_survey_id: string | null;
  invitations_created_at: Date | null;
  sends_queued_at: Date | null;
}

export interface LaunchPreview {
  employees: number;
  contacts: number;
  /** Target groups too small to ever show results, with the thresholds they miss. */
  reach: ReachWarning;
}

/**
 * Launch = lock the surveys and schedule the cycle; opening (now, or by a job at opens_at)
 * creates the invitations with one INSERT ... SELECT and queues their sends. Every step is
 * idempotent and stamped on the cycle, so a double submit, a second instance or a crash in the
 * middle resumes instead of duplicating: unique (cycle, employee|contact) indexes, stable job
 * keys, and the sender's own per-invitation state.
 */
@Injectable()
export class CycleLaunchService {
  private readonly logger = new Logger(CycleLaunchService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly invitations: InvitationQueue,
    private readonly invitationRecords: InvitationsService,
    private readonly units: UnitsService,
    private readonly surveys: SurveyCatalog,
    private readonly reach: CycleReachService,
    private readonly audit: AuditService,
    private readonly events: CycleEvents,
  ) {}

  async preview(cycleId: string): Promise<LaunchPreview> {
    const cycle = await this.load(cycleId);
    const targets = await this.targetUnitIds(this.dataSource.manager, cycleId);
    const row = await this.units.countRecipientsUnder(targets);
    return {
      employees: cycle.employee_survey_id ? row.employees : 0,
      contacts: cycle.customer_survey_id ? row.contacts : 0,
      reach: await this.reach.smallGroups(targets, {
        employees: !!cycle.employee_survey_id,
        customers: !!cycle.customer_survey_id,
      }),
    };
  }

  async launch(cycleId: string): Promise<void> {
    const cycle = await this.dataSource.transaction((m) => this.lockAndSchedule(m, cycleId));
    await this.scheduleLifecycle(cycle);
    if (new Date(cycle.opens_at) <= new Date()) await this.open(cycleId);
  }

  /**
   * The launch's state change alone, in the caller's transaction: a cycle created and launched
   * together (a recurrence) is never seen as a draft. launch() afterwards schedules its jobs.
   */
  async markLaunched(m: EntityManager, cycleId: string): Promise<void> {
    await this.lockAndSchedule(m, cycleId);
  }

  /** Locks the surveys and sets a draft cycle scheduled; a launched one is returned as it is. */
  private async lockAndSchedule(m: EntityManager, cycleId: string): Promise<CycleRow> {
    const [row] = await queryRows<CycleRow>(m, `SELECT * FROM cycles WHERE id = $1 FOR UPDATE`, [
      cycleId,
    ]);
    if (!row) throw new CycleError(CycleErrorCode.NOT_FOUND);
    if (row.imported) throw new CycleError(CycleErrorCode.IMPORTED);
    if (row.status === 'closed') throw new CycleError(CycleErrorCode.ALREADY_CLOSED);
    if (row.status !== 'draft') return row; // launched already: launch() resumes
    if (new Date(row.closes_at) <= new Date()) throw new CycleError(CycleErrorCode.CLOSES_IN_PAST);
    const units: unknown[] = await m.query(
      `SELECT 1 FROM cycle_target_units WHERE cycle_id = $1 LIMIT 1`,
      [cycleId],
    );
    if (units.length === 0) throw new CycleError(CycleErrorCode.NO_TARGET_UNITS);
    await this.surveys.lock(
      m,
      [row.employee_survey_id, row.customer_survey_id].filter((id): id is string => !!id),
    );
    await m.query(
      `UPDATE cycles SET status = 'scheduled', launched_at = now(), updated_at = now() WHERE id = $1`,
      [cycleId],
    );
    await this.recordLaunch(m, row);
    return { ...row, status: 'scheduled' as const };
  }

  /** The launch and the surveys it locks, in the audit log (in the launch's transaction). */
  private async recordLaunch(m: EntityManager, row: CycleRow): Promise<void> {
    const target = { type: 'cycle', id: row.id, label: row.period_label };
    await this.audit.record('cycle.launch', target, {
      manager: m,
      before: { status: row.status },
      after: { status: 'scheduled' },
      details: { opensAt: row.opens_at, closesAt: row.closes_at },
    });
    for (const surveyId of [row.employee_survey_id, row.customer_survey_id])
      if (surveyId)
        await this.audit.record(
          'survey.lock',
          { type: 'survey', id: surveyId },
          {
            manager: m,
            details: { lockedBy: { cycleId: row.id, cycleLabel: row.period_label } },
          },
        );
  }

  /** Opens a scheduled cycle (or finishes an interrupted opening): invitations, then sends. */
  async open(cycleId: string): Promise<void> {
    let cycle = await this.load(cycleId);
    if (cycle.status !== 'scheduled' && cycle.status !== 'open') return;
    if (!cycle.invitations_created_at) await this.createInvitations(cycleId);
    const opened = await queryRows<{ id: string }>(
      this.dataSource,
      `UPDATE cycles SET status = 'open', updated_at = now() WHERE id = $1 AND status = 'scheduled'
       RETURNING id`,
      [cycleId],
    );
    if (opened.length > 0) await this.events.emitOpened({ cycleId, openedAt: new Date() });
    cycle = await this.load(cycleId);
    if (cycle.status === 'open' && !cycle.sends_queued_at) await this.queueInitialSends(cycleId);
  }

  /** One INSERT ... SELECT per audience (delivery's); the unique indexes make a repeat insert nothing. */
  async createInvitations(cycleId: string): Promise<number> {
    const started = Date.now();
    const cycle = await this.load(cycleId);
    const created = await this.dataSource.transaction(async (m) => {
      const n = await this.invitationRecords.createForCycle(m, {
        cycleId,
        targetUnitIds: await this.targetUnitIds(m, cycleId),
        employees: !!cycle.employee_survey_id,
        customers: !!cycle.customer_survey_id,
      });
      await m.query(
        `UPDATE cycles SET invitations_created_at = COALESCE(invitations_created_at, now()) WHERE id = $1`,
        [cycleId],
      );
      return n;
    });
    this.logger.log(`Cycle ${cycleId}: ${created} invitations in ${Date.now() - started} ms`);
    return created;
  }

  /** Queues the first email of every invitation not yet sent; stable keys skip queued ones. */
  async queueInitialSends(cycleId: string): Promise<number> {
    const started = Date.now();
    const queued = await this.invitations.queueInvitations(cycleId);
    await this.dataSource.query(
      `UPDATE cycles SET sends_queued_at = COALESCE(sends_queued_at, now()) WHERE id = $1`,
      [cycleId],
    );
    this.logger.log(`Cycle ${cycleId}: ${queued} sends queued in ${Date.now() - started} ms`);
    return queued;
  }

  /** Open, reminder and close jobs at their times (the periodic tick is the safety net). */
  async scheduleLifecycle(cycle: CycleRow): Promise<void> {
    const opensAt = new Date(cycle.opens_at);
    await this.jobs.send<CycleJob>(CYCLE_QUEUES.open, {
      data: { cycleId: cycle.id },
      key: `open:${cycle.id}`,
      startAfter: opensAt,
    });
    await this.jobs.send<CycleJob>(CYCLE_QUEUES.close, {
      data: { cycleId: cycle.id },
      key: `close:${cycle.id}`,
      startAfter: new Date(cycle.closes_at),
    });
    await this.jobs.sendMany<RemindJob>(
      CYCLE_QUEUES.remind,
      cycle.reminder_days.map((days, i) => ({
        data: { cycleId: cycle.id, round: i + 1 },
        key: `remind:${cycle.id}:${i + 1}`,
        startAfter: new Date(opensAt.getTime() + days * DAY_MS),
      })),
    );
  }

  private async targetUnitIds(m: EntityManager, cycleId: string): Promise<string[]> {
    const rows = await queryRows<{ unit_id: string }>(
      m,
      `SELECT unit_id FROM cycle_target_units WHERE cycle_id = $1`,
      [cycleId],
    );
    return rows.map((r) => r.unit_id);
  }

  private async load(cycleId: string): Promise<CycleRow> {
    const [row]: CycleRow[] = await this.dataSource.query(`SELECT * FROM cycles WHERE id = $1`, [
      cycleId,
    ]);
    if (!row) throw new CycleError(CycleErrorCode.NOT_FOUND);
    return row;
  }
}

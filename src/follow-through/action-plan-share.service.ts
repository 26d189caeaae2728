import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { JobQueue } from '../jobs/job-queue.service';
import { MailTransport } from '../delivery/mail-transport.service';
import { queryRows } from '../database/sql';
import { CyclesService } from '../cycles/cycles.service';
import { EmployeesService } from '../directory/employees.service';
import { UnitsService } from '../directory/units.service';
import { ActionPlansService } from './action-plans.service';
import { assertCanAct } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';
import { FollowThroughEmails } from './follow-through-emails.service';
import { FollowThroughEvents } from './follow-through-events';
import { deliver, MAIL_QUEUE_OPTIONS, settleEach } from './mail-jobs';

export const PLAN_SHARE_QUEUE = 'action-plan-share';
const BATCH_SIZE = 50;
/** How long a plan waits between two emails to the whole team. */
const SHARE_INTERVAL = '24 hours';

export interface PlanShareJob {
  planId: string;
  round: number;
  employeeId: string;
}

const STATUS_TEXT: Record<string, string> = {
  planned: 'planned',
  in_progress: 'in progress',
  done: 'done',
  dropped: 'dropped',
};

/**
 * Emails a plan to the team, at most once a day. Each share is a numbered round; one job per
 * employee and round (the key), so a retried job never sends twice.
 */
@Injectable()
export class ActionPlanShareService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly emails: FollowThroughEmails,
    private readonly plans: ActionPlansService,
    private readonly units: UnitsService,
    private readonly cycles: CyclesService,
    private readonly employees: EmployeesService,
    private readonly events: FollowThroughEvents,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({ name: PLAN_SHARE_QUEUE, ...MAIL_QUEUE_OPTIONS });
    this.jobs.work<PlanShareJob>({
      queue: PLAN_SHARE_QUEUE,
      batchSize: BATCH_SIZE,
      handler: (batch, control) =>
        settleEach(this.jobs, PLAN_SHARE_QUEUE, batch, control, BATCH_SIZE, async (job) => {
          await this.send(job.data);
        }),
    });
  }

  /** Queues the plan for every active employee of the unit's subtree; returns how many. */
  async share(user: CurrentUser, planId: string): Promise<number> {
    const plan = await this.plans.get(user, planId);
    assertCanAct(user);
    // Employees working today in the plan's unit and the units below it (whose results it used).
    const team = (await this.employees.workingIdsUnder(plan.unitPath)).map((id) => ({ id }));
    if (team.length === 0) throw new FollowThroughError(FollowThroughErrorCode.NO_TEAM);
    const round = await this.dataSource.transaction(async (m) => {
      // One share per plan per day, decided by the row itself so two clicks cannot both pass.
      const [row] = await queryRows<{ share_count: number }>(
        m,
        `UPDATE action_plans SET share_count = share_count + 1, shared_at = now(), updated_at = now()
          WHERE id = $1 AND (shared_at IS NULL OR shared_at <= now() - $2::interval)
          RETURNING share_count`,
        [planId, SHARE_INTERVAL],
      );
      if (!row) {
        const [last] = await queryRows<{ shared_at: Date }>(
          m,
          `SELECT shared_at FROM action_plans WHERE id = $1`,
          [planId],
        );
        throw new FollowThroughError(FollowThroughErrorCode.SHARED_RECENTLY, {
          field: 'share',
          sharedAt: last.shared_at,
        });
      }
      await this.plans.event(m, user, planId, null, 'shared', {
        data: { recipients: team.length, round: row.share_count },
      });
      return row.share_count;
    });
    await this.jobs.sendMany<PlanShareJob>(
      PLAN_SHARE_QUEUE,
      team.map((e) => ({
        data: { planId, round, employeeId: e.id },
        key: `${planId}:${round}:${e.id}`,
      })),
    );
    await this.events.planShared(planId);
    return team.length;
  }

  private async send(job: PlanShareJob): Promise<void> {
    const [plan] = await queryRows<{
      unit_id: string;
      cycle_id: string;
      manager_name: string | null;
    }>(
      this.dataSource,
      `SELECT p.unit_id, p.cycle_id,
              (SELECT actor_name FROM action_plan_events
                WHERE plan_id = p.id AND kind = 'shared' ORDER BY id DESC LIMIT 1) AS manager_name
         FROM action_plans p
        WHERE p.id = $1`,
      [job.planId],
    );
    if (!plan) return;
    const [[unit], [cycle], [employee]] = await Promise.all([
      this.units.summariesByIds([plan.unit_id]),
      this.cycles.summaries([plan.cycle_id]),
      this.employees.summariesByIds([job.employeeId], { activeOnly: true }),
    ]);
    // Staff without an address are not mailed (they hear of the plan from their manager).
    if (!unit || !cycle || !employee?.email) return;
    const actions = await this.dataSource.query<
      { what: string; owner: string; dueOn: string; status: string }[]
    >(
      `SELECT what, owner, due_on::text AS "dueOn", status FROM action_plan_actions
        WHERE plan_id = $1 AND status <> 'dropped' ORDER BY position`,
      [job.planId],
    );
    await deliver(
      this.transport,
      this.emails.planShare({
        ...job,
        email: employee.email,
        name: employee.name,
        unitName: unit.name,
        managerName: plan.manager_name ?? 'Your manager',
        actions: actions.map((a) => ({ ...a, status: STATUS_TEXT[a.status] ?? a.status })),
      }),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { UnitResultsService } from '../analytics/unit-results.service';
import { UnitsService } from '../directory/units.service';
import { ActionPlansService, PlanSummary } from './action-plans.service';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';

export interface CoverageRow {
  unitId: string;
  name: string;
  depth: number;
  responses: number;
  /** employee results met the anonymity threshold, so the unit can plan */
  eligible: boolean;
  hiddenReason: string | null;
  /** hidden because nobody in the unit answered (not a privacy matter) */
  noResponses: boolean;
  plan: Pick<PlanSummary, 'id' | 'actions' | 'done' | 'overdue' | 'completed' | 'sharedAt'> | null;
  followUps: { total: number; unresolved: number; overdue: number; onTime: number };
}

export interface Coverage {
  cycle: { id: string; label: string } | null;
  cycles: { id: string; label: string }[];
  summary: {
    eligible: number;
    withPlan: number;
    completed: number;
    withOverdueActions: number;
    overdueFollowUps: number;
  };
  units: CoverageRow[];
  /** units left out: no employee responses, no plan and no follow-ups in this cycle */
  silentUnits: number;
}

/**
 * HR's view after a cycle: which units could plan (results above the anonymity threshold),
 * which have a plan, which plans are done or overdue, and how the units handle customer
 * follow-ups from the same cycle. Scoped like everything else (a manager sees their subtree).
 */
@Injectable()
export class PlanCoverageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly results: UnitResultsService,
    private readonly plans: ActionPlansService,
    private readonly units: UnitsService,
  ) {}

  async coverage(user: CurrentUser, cycleId?: string): Promise<Coverage> {
    const cycles = await this.plans.closedCycles();
    const chosen = cycleId ? await this.plans.cycle(cycleId) : (cycles[0] ?? null);
    const empty = {
      eligible: 0,
      withPlan: 0,
      completed: 0,
      withOverdueActions: 0,
      overdueFollowUps: 0,
    };
    if (chosen === null) return { cycle: null, cycles, summary: empty, units: [], silentUnits: 0 };
    // Who could plan rests on the cycle's results, which exist only once it is closed.
    if ('status' in chosen && chosen.status !== 'closed')
      throw new FollowThroughError(FollowThroughErrorCode.CYCLE_NOT_CLOSED);

    const scopeUnits = user.scope ? await this.units.subtreeIdsByPath(user.scope.path) : null;
    const [results, plans, followUps] = await Promise.all([
      this.results.forCycle(user, chosen.id),
      this.plans.list(user, { cycle: chosen.id, pageSize: 200_000 }),
      this.dataSource.query<(CoverageRow['followUps'] & { unitId: string })[]>(
        `SELECT f.unit_id AS "unitId", count(*)::int AS total,
                count(*) FILTER (WHERE f.state <> 'resolved')::int AS unresolved,
                count(*) FILTER (WHERE f.state <> 'resolved' AND f.due_at < now())::int AS overdue,
                count(*) FILTER (WHERE f.resolved_at <= f.due_at)::int AS "onTime"
           FROM follow_ups f
          WHERE f.cycle_id = $1 AND ($2::uuid[] IS NULL OR f.unit_id = ANY($2::uuid[]))
          GROUP BY f.unit_id`,
        [chosen.id, scopeUnits],
      ),
    ]);
    const planOf = new Map(plans.items.map((p) => [p.unitId, p]));
    const followUpsOf = new Map(followUps.map(({ unitId, ...f }) => [unitId, f]));
    const all: CoverageRow[] = results.units
      .filter((row) => row.unitId !== null)
      .map((row) => {
        const plan = planOf.get(row.unitId!);
        return {
          unitId: row.unitId!,
          name: row.name,
          depth: row.depth,
          responses: row.responses,
          eligible: !row.employee.hidden,
          hiddenReason: row.employee.hidden ? row.employee.reason : null,
          noResponses: row.employee.hidden && row.employee.code === 'no-responses',
          plan: plan
            ? {
                id: plan.id,
                actions: plan.actions,
                done: plan.done,
                overdue: plan.overdue,
                completed: plan.completed,
                sharedAt: plan.sharedAt,
              }
            : null,
          followUps: followUpsOf.get(row.unitId!) ?? {
            total: 0,
            unresolved: 0,
            overdue: 0,
            onTime: 0,
          },
        };
      });
    const units = all.filter((u) => u.responses > 0 || u.plan || u.followUps.total > 0);
    return {
      cycle: { id: chosen.id, label: chosen.label },
      cycles,
      summary: {
        eligible: units.filter((u) => u.eligible).length,
        withPlan: units.filter((u) => u.plan).length,
        completed: units.filter((u) => u.plan?.completed).length,
        withOverdueActions: units.filter((u) => (u.plan?.overdue ?? 0) > 0).length,
        overdueFollowUps: units.reduce((total, u) => total + u.followUps.overdue, 0),
      },
      units,
      silentUnits: all.length - units.length,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { UnitResultsService } from '../analytics/unit-results.service';
import { UsersService } from '../auth/users.service';
import { Paged, paged, pageParams } from '../common/pagination';
import { CyclesService, CycleSummary } from '../cycles/cycles.service';
import { queryRows } from '../database/sql';
import { UnitsService, UnitSummary } from '../directory/units.service';
import { ActionInputDto, PlanQueryDto, UpdateActionDto } from './dto/action-plan.dto';
import type { ActionStatus } from './entities/action-plan-action.entity';
import type { ActionPlanEventKind } from './entities/action-plan-event.entity';
import { assertCanAct, assertInScope, canAct } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';
import { PlanBasis, planBasis } from './plan-dimensions';

export interface PlanAction {
  id: string;
  position: number;
  what: string;
  owner: string;
  dueOn: string;
  dimension: string | null;
  status: ActionStatus;
  doneAt: Date | null;
  overdue: boolean;
}

export interface PlanSummary {
  id: string;
  cycleId: string;
  cycleLabel: string;
  unitId: string;
  unitName: string;
  createdByName: string | null;
  createdAt: Date;
  sharedAt: Date | null;
  shareCount: number;
  actions: number;
  done: number;
  overdue: number;
  /** every action done (dropped ones aside), at least one */
  completed: boolean;
}

export interface PlanEvent {
  id: string;
  at: Date;
  kind: ActionPlanEventKind;
  actorName: string | null;
  actionPosition: number | null;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface PlanDetail extends PlanSummary {
  unitPath: string;
  actionItems: PlanAction[];
  events: PlanEvent[];
  basis: PlanBasis;
  canEdit: boolean;
}

export type UnitRef = UnitSummary;
export type CycleRef = Pick<CycleSummary, 'id' | 'label' | 'status' | 'imported'>;

/**
 * The plans' units and cycles come from their owners and join in as arrays (parameters $1–$6,
 * see `joinParams`), so the list can still sort by period and unit name and page in SQL.
 */
const UNITS_AND_CYCLES = `
    JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, name, path) ON u.id = p.unit_id
    JOIN unnest($4::uuid[], $5::text[], $6::date[]) AS c(id, period_label, period_start)
      ON c.id = p.cycle_id`;

const SUMMARY = `
  SELECT p.id, p.cycle_id AS "cycleId", c.period_label AS "cycleLabel", p.unit_id AS "unitId",
         u.name AS "unitName", u.path AS "unitPath", p.created_by_id AS "createdById",
         p.created_at AS "createdAt", p.shared_at AS "sharedAt", p.share_count AS "shareCount",
         count(a.id)::int AS actions,
         count(a.id) FILTER (WHERE a.status = 'done')::int AS done,
         count(a.id) FILTER (WHERE a.status IN ('planned', 'in_progress') AND a.due_on < current_date)::int AS overdue,
         count(a.id) FILTER (WHERE a.status = 'done') > 0
           AND count(a.id) FILTER (WHERE a.status IN ('planned', 'in_progress')) = 0 AS completed
    FROM action_plans p ${UNITS_AND_CYCLES}
    LEFT JOIN action_plan_actions a ON a.plan_id = p.id`;
const GROUP = `GROUP BY p.id, c.period_label, c.period_start, u.name, u.path`;

type SummaryRow = Omit<PlanSummary, 'createdByName'> & {
  unitPath: string;
  createdById: string | null;
  total?: number;
};

/** The six array parameters UNITS_AND_CYCLES reads. */
function joinParams(units: UnitSummary[], cycles: CycleSummary[]): unknown[] {
  return [
    units.map((u) => u.id),
    units.map((u) => u.name),
    units.map((u) => u.path),
    cycles.map((c) => c.id),
    cycles.map((c) => c.label),
    cycles.map((c) => c.periodStart),
  ];
}

/**
 * Team action plans after a closed cycle: only for units whose employee results met the
 * anonymity threshold, built from their lowest dimensions in the suppressed results; 1–3
 * actions each; every change in the plan's trail with who and when.
 */
@Injectable()
export class ActionPlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly results: UnitResultsService,
    private readonly units: UnitsService,
    private readonly cycles: CyclesService,
    private readonly users: UsersService,
  ) {}

  /** Closed cycles a plan can follow (imported past waves are history, not a call to act). */
  async closedCycles(): Promise<{ id: string; label: string }[]> {
    const cycles = await this.cycles.summaries();
    return cycles
      .filter((c) => c.status === 'closed' && !c.imported)
      .map(({ id, label }) => ({ id, label }));
  }

  async unit(user: CurrentUser, unitId: string): Promise<UnitRef> {
    const [unit] = await this.units.summariesByIds([unitId]);
    if (!unit) throw new FollowThroughError(FollowThroughErrorCode.UNIT_NOT_FOUND);
    assertInScope(user, unit.path);
    return unit;
  }

  async cycle(cycleId: string): Promise<CycleRef> {
    const [cycle] = await this.cycles.summaries([cycleId]);
    if (!cycle) throw new FollowThroughError(FollowThroughErrorCode.CYCLE_NOT_FOUND);
    const { id, label, status, imported } = cycle;
    return { id, label, status, imported };
  }

  /** The unit's lowest dimensions after the cycle, or why a plan cannot be made. */
  async basis(user: CurrentUser, cycleId: string, unitId: string) {
    const unit = await this.unit(user, unitId);
    const cycle = await this.cycle(cycleId);
    if (cycle.status !== 'closed' || cycle.imported)
      throw new FollowThroughError(FollowThroughErrorCode.CYCLE_NOT_CLOSED);
    const basis = planBasis(await this.results.forCycle(user, cycle.id, unit.id), unit.id);
    const [existing] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM action_plans WHERE cycle_id = $1 AND unit_id = $2`,
      [cycle.id, unit.id],
    );
    return { unit, cycle, basis, existingPlanId: existing?.id ?? null };
  }

  async create(
    user: CurrentUser,
    input: { cycleId: string; unitId: string; actions: ActionInputDto[] },
  ): Promise<string> {
    const { unit, cycle, basis, existingPlanId } = await this.basis(
      user,
      input.cycleId,
      input.unitId,
    );
    assertCanAct(user);
    if (!basis.eligible) throw new FollowThroughError(FollowThroughErrorCode.BELOW_THRESHOLD);
    if (existingPlanId)
      throw new FollowThroughError(FollowThroughErrorCode.PLAN_EXISTS, { planId: existingPlanId });
    if (input.actions.length < 1 || input.actions.length > 3)
      throw new FollowThroughError(FollowThroughErrorCode.TOO_MANY_ACTIONS);
    const dimensions = new Set(basis.dimensions.map((d) => d.key));
    return this.dataSource.transaction(async (m) => {
      const [plan] = await queryRows<{ id: string }>(
        m,
        `INSERT INTO action_plans (cycle_id, unit_id, created_by_id) VALUES ($1, $2, $3)
         ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id`,
        [cycle.id, unit.id, user.id],
      );
      if (!plan) throw new FollowThroughError(FollowThroughErrorCode.PLAN_EXISTS);
      await this.event(m, user, plan.id, null, 'created', {
        data: { lowest: basis.dimensions.slice(0, 3).map((d) => d.key) },
      });
      for (const [i, action] of input.actions.entries())
        await this.insertAction(m, user, plan.id, i + 1, action, dimensions);
      return plan.id;
    });
  }

  async get(user: CurrentUser, planId: string): Promise<PlanDetail> {
    const [ref] = await queryRows<{ unitId: string; cycleId: string }>(
      this.dataSource,
      `SELECT unit_id AS "unitId", cycle_id AS "cycleId" FROM action_plans WHERE id = $1`,
      [planId],
    );
    if (!ref) throw new FollowThroughError(FollowThroughErrorCode.PLAN_NOT_FOUND);
    const [units, cycles] = await Promise.all([
      this.units.summariesByIds([ref.unitId]),
      this.cycles.summaries([ref.cycleId]),
    ]);
    const rows = await queryRows<SummaryRow>(
      this.dataSource,
      `${SUMMARY} WHERE p.id = $7 ${GROUP}`,
      [...joinParams(units, cycles), planId],
    );
    const [summary] = await this.withCreators(rows);
    if (!summary) throw new FollowThroughError(FollowThroughErrorCode.PLAN_NOT_FOUND);
    assertInScope(user, summary.unitPath);
    const [actionItems, events, results] = await Promise.all([
      this.dataSource.query<PlanAction[]>(
        `SELECT id, position, what, owner, due_on::text AS "dueOn", dimension, status,
                done_at AS "doneAt",
                status IN ('planned', 'in_progress') AND due_on < current_date AS overdue
           FROM action_plan_actions WHERE plan_id = $1 ORDER BY position`,
        [planId],
      ),
      this.dataSource.query<PlanEvent[]>(
        `SELECT e.id, e.at, e.kind, e.actor_name AS "actorName", a.position AS "actionPosition",
                e.from_state AS "fromState", e.to_state AS "toState", e.note, e.data
           FROM action_plan_events e LEFT JOIN action_plan_actions a ON a.id = e.action_id
          WHERE e.plan_id = $1 ORDER BY e.id`,
        [planId],
      ),
      this.results.forCycle(user, summary.cycleId, summary.unitId),
    ]);
    return {
      ...summary,
      actionItems,
      events,
      basis: planBasis(results, summary.unitId),
      canEdit: canAct(user),
    };
  }

  async addAction(user: CurrentUser, planId: string, input: ActionInputDto): Promise<void> {
    const plan = await this.get(user, planId);
    assertCanAct(user);
    const used = new Set(plan.actionItems.map((a) => a.position));
    const position = [1, 2, 3].find((p) => !used.has(p));
    if (position === undefined)
      throw new FollowThroughError(FollowThroughErrorCode.TOO_MANY_ACTIONS);
    const dimensions = new Set(plan.basis.eligible ? plan.basis.dimensions.map((d) => d.key) : []);
    await this.dataSource.transaction((m) =>
      this.insertAction(m, user, planId, position, input, dimensions),
    );
  }

  /** A status update or an edit of one action; each change goes into the trail. */
  async updateAction(
    user: CurrentUser,
    planId: string,
    actionId: string,
    input: UpdateActionDto,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [plan] = await queryRows<{ unitId: string }>(
        m,
        `SELECT unit_id AS "unitId" FROM action_plans WHERE id = $1`,
        [planId],
      );
      if (!plan) throw new FollowThroughError(FollowThroughErrorCode.PLAN_NOT_FOUND);
      const [unit] = await this.units.summariesByIds([plan.unitId]);
      assertInScope(user, unit.path);
      const [row] = await m.query<PlanAction[]>(
        `SELECT a.id, a.what, a.owner, a.due_on::text AS "dueOn", a.status
           FROM action_plan_actions a
          WHERE a.id = $1 AND a.plan_id = $2 FOR UPDATE OF a`,
        [actionId, planId],
      );
      if (!row) throw new FollowThroughError(FollowThroughErrorCode.ACTION_NOT_FOUND);
      assertCanAct(user);
      const status = input.status ?? row.status;
      const edits: Record<string, { from: string; to: string }> = {};
      for (const field of ['what', 'owner', 'dueOn'] as const) {
        const to = input[field];
        if (to !== undefined && to !== row[field]) edits[field] = { from: row[field], to };
      }
      await m.query(
        `UPDATE action_plan_actions
            SET status = $2, what = $3, owner = $4, due_on = $5::date, updated_at = now(),
                done_at = CASE WHEN $2 = 'done' THEN coalesce(done_at, now()) END
          WHERE id = $1`,
        [
          actionId,
          status,
          input.what ?? row.what,
          input.owner ?? row.owner,
          input.dueOn ?? row.dueOn,
        ],
      );
      await m.query(`UPDATE action_plans SET updated_at = now() WHERE id = $1`, [planId]);
      if (status !== row.status)
        await this.event(m, user, planId, actionId, 'status_changed', {
          fromState: row.status,
          toState: status,
          note: input.note,
        });
      if (Object.keys(edits).length > 0)
        await this.event(m, user, planId, actionId, 'action_updated', {
          data: edits,
          note: status === row.status ? input.note : undefined,
        });
    });
  }

  async list(user: CurrentUser, query: PlanQueryDto): Promise<Paged<PlanSummary>> {
    const pageSize = query.pageSize ?? 25;
    const { page, skip, take } = pageParams(query.page, pageSize);
    const params = await this.where(user, query);
    const rows = await queryRows<SummaryRow>(
      this.dataSource,
      `SELECT *, count(*) OVER ()::int AS total FROM (${SUMMARY} ${GROUP}
        ORDER BY c.period_start DESC, u.name) s LIMIT ${take} OFFSET ${skip}`,
      params,
    );
    const total = rows[0]?.total ?? 0;
    const plans = await this.withCreators(rows);
    return paged(
      plans.map(({ unitPath: _p, ...plan }) => plan),
      total,
      page,
      pageSize,
    );
  }

  /** One row per action of every matching plan, header first. */
  async exportRows(user: CurrentUser, query: PlanQueryDto): Promise<string[][]> {
    const params = await this.where(user, query);
    const rows: Record<string, string | null>[] = await this.dataSource.query(
      `SELECT p.id AS plan_id, c.period_label AS cycle, u.name AS unit, a.position::text,
              a.what, a.owner, a.due_on::text AS due_on, a.dimension, a.status,
              to_char(a.done_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS done_on,
              CASE WHEN a.status IN ('planned', 'in_progress') AND a.due_on < current_date THEN 'yes' ELSE 'no' END AS overdue,
              to_char(p.shared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS shared_on
         FROM action_plans p ${UNITS_AND_CYCLES}
         JOIN action_plan_actions a ON a.plan_id = p.id
        ORDER BY c.period_start DESC, u.name, a.position`,
      params,
    );
    const columns = [
      'plan_id',
      'cycle',
      'unit',
      'position',
      'what',
      'owner',
      'due_on',
      'dimension',
      'status',
      'done_on',
      'overdue',
      'shared_on',
    ];
    return [columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))];
  }

  /** The join parameters for the plans the user may see that match the query. */
  private async where(user: CurrentUser, query: PlanQueryDto): Promise<unknown[]> {
    const under = query.unit ? (await this.unit(user, query.unit)).path : user.scope?.path;
    const [units, cycles] = await Promise.all([
      this.units.summariesUnder(under ?? null),
      this.cycles.summaries(query.cycle ? [query.cycle] : undefined),
    ]);
    return joinParams(units, cycles);
  }

  /** The summaries with the name of who created each plan. */
  private async withCreators(rows: SummaryRow[]): Promise<(PlanSummary & { unitPath: string })[]> {
    const ids = rows.flatMap((r) => (r.createdById ? [r.createdById] : []));
    const names = new Map((await this.users.summariesByIds(ids)).map((u) => [u.id, u.name]));
    return rows.map(({ createdById, total: _t, ...r }) => ({
      ...r,
      createdByName: createdById ? (names.get(createdById) ?? null) : null,
    }));
  }

  private async insertAction(
    m: EntityManager,
    user: CurrentUser,
    planId: string,
    position: number,
    action: ActionInputDto,
    dimensions: ReadonlySet<string>,
  ): Promise<void> {
    const dimension =
      action.dimension && dimensions.has(action.dimension) ? action.dimension : null;
    const [row] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO action_plan_actions (plan_id, position, what, owner, due_on, dimension)
       VALUES ($1, $2, $3, $4, $5::date, $6) RETURNING id`,
      [planId, position, action.what, action.owner, action.dueOn, dimension],
    );
    await this.event(m, user, planId, row.id, 'action_added', {
      toState: 'planned',
      data: { what: action.what, owner: action.owner, dueOn: action.dueOn },
    });
  }

  async event(
    m: EntityManager,
    user: CurrentUser,
    planId: string,
    actionId: string | null,
    kind: ActionPlanEventKind,
    extra: { fromState?: string; toState?: string; note?: string; data?: Record<string, unknown> },
  ): Promise<void> {
    await m.query(
      `INSERT INTO action_plan_events (plan_id, action_id, actor_id, actor_name, kind, from_state, to_state, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        planId,
        actionId,
        user.id,
        user.name,
        kind,
        extra.fromState ?? null,
        extra.toState ?? null,
        extra.note || null,
        JSON.stringify(extra.data ?? {}),
      ],
    );
  }
}

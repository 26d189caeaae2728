import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AnalyticsReads } from '../analytics/analytics-reads';
import { AnalyticsError, AnalyticsErrorCode } from '../analytics/analytics.errors';
import type { CurrentUser } from '../auth/current-user';
import { UnitCycleTableService } from '../analytics/unit-cycle-table.service';
import { UnitResultsService } from '../analytics/unit-results.service';
import { CycleInfo, UnitStatsService } from '../analytics/unit-stats.service';
import type { AppConfig } from '../config/app.config';
import {
  compareFollowThrough,
  ImpactComparison,
  ImpactFollowUps,
  ImpactPlan,
  ImpactUnitCycle,
} from './follow-through-impact';

export interface ImpactRange {
  /** one cycle: compared with the cycle before it */
  cycle?: string;
  /** or consecutive cycles from .. to (ids or period labels; default all) */
  from?: string;
  to?: string;
}

/**
 * Point 3 of follow-through, "does it matter?": gathers unit figures through the analytics
 * layer (unit × cycle table; own-unit visibility with complementary suppression, so no
 * employee figure is recomputed or shown below the threshold), follow-up timeliness and plan
 * completion, and runs the pure comparison. Closed cycles only: figures of an open cycle do
 * not exist yet.
 */
@Injectable()
export class FollowThroughImpactService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: UnitStatsService,
    private readonly table: UnitCycleTableService,
    private readonly results: UnitResultsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /**
   * `reads`: those of a report built at the same time, when this is a section of its page (they
   * share the unit × cycle table). The report pages keep the result with the page in the
   * report cache, under the same fingerprint of the data (follow-ups and plans included).
   */
  async compare(
    user: CurrentUser,
    range: ImpactRange = {},
    reads: AnalyticsReads = this.stats.reads(),
  ): Promise<ImpactComparison> {
    const cycles = await this.cycles(range, reads);
    const { minCustomerResponses } = this.config.get('privacy', { infer: true });
    if (cycles.length < 2)
      return compareFollowThrough({
        cycles: cycles.map(ref),
        units: [],
        followUps: [],
        plans: [],
        minCustomerResponses,
      });
    const ids = cycles.map((c) => c.id);
    const [table, visibility, followUps, plans] = await Promise.all([
      // Item detail is not used here; asking for the last cycle's, as the linkage report does,
      // lets one table serve both when they share `reads`.
      this.table.build(cycles, user.scope?.path ?? null, cycles[cycles.length - 1].id, reads),
      this.results.ownVisibilityByCycle(cycles, reads),
      this.dataSource.query<ImpactFollowUps[]>(
        `SELECT cycle_id AS "cycleId", unit_id AS "unitId", count(*)::int AS total,
                count(*) FILTER (WHERE resolved_at <= due_at)::int AS "onTime"
           FROM follow_ups WHERE cycle_id = ANY($1::uuid[]) GROUP BY cycle_id, unit_id`,
        [ids],
      ),
      this.dataSource.query<ImpactPlan[]>(
        `SELECT p.cycle_id AS "cycleId", p.unit_id AS "unitId",
                count(*) FILTER (WHERE a.status = 'done') > 0
                  AND count(*) FILTER (WHERE a.status IN ('planned', 'in_progress')) = 0 AS completed
           FROM action_plans p JOIN action_plan_actions a ON a.plan_id = p.id
          WHERE p.cycle_id = ANY($1::uuid[]) GROUP BY p.cycle_id, p.unit_id`,
        [ids],
      ),
    ]);
    const units: ImpactUnitCycle[] = table.rows.map((row) => ({
      cycleId: row.cycleId,
      unitId: row.unitId,
      employeeVisible: visibility.get(row.cycleId)?.get(row.unitId)?.hidden === false,
      engagement: row.employee.metrics.engagement ?? null,
      customerResponses: row.customer.n,
      nps: row.customer.metrics.nps ?? null,
      csat: row.customer.metrics.csat ?? null,
    }));
    return compareFollowThrough({
      cycles: cycles.map(ref),
      units,
      followUps,
      plans,
      minCustomerResponses,
    });
  }

  /**
   * The cycles the comparison runs over, oldest first: closed ones only (an open cycle has no
   * results to compare, privacy rule 3). One open cycle asked for gives none; a range leaves
   * its open cycles out, as the linkage report does.
   */
  private async cycles(range: ImpactRange, reads: AnalyticsReads): Promise<CycleInfo[]> {
    if (range.cycle) {
      const [closed, cycle] = await Promise.all([
        reads.cycles(),
        this.stats.findCycle(range.cycle),
      ]);
      // A pilot is nobody's "cycle before" (it is compared only in its own report).
      const all = closed.filter((c) => !c.pilot || c.id === cycle.id);
      const i = all.findIndex((c) => c.id === cycle.id);
      return i < 0 ? [] : all.slice(Math.max(0, i - 1), i + 1);
    }
    try {
      return (await reads.span(range.from, range.to)).cycles;
    } catch (error) {
      if (error instanceof AnalyticsError && error.code === AnalyticsErrorCode.BAD_CYCLE_RANGE)
        return [];
      throw error;
    }
  }
}

const ref = (c: CycleInfo) => ({ id: c.id, label: c.label });

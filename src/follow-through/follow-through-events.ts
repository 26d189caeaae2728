import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql';

/** What other modules may learn of a follow-up: no answer, score, comment or contact. */
export interface FollowUpFacts {
  followUpId: string;
  cycleId: string;
  unitId: string;
  reasons: string[];
  openedAt: Date;
  dueAt: Date;
  resolvedAt: Date | null;
}

export interface PlanSharedFacts {
  planId: string;
  cycleId: string;
  unitId: string;
  round: number;
  /** Actions in the plan that are not dropped. */
  actions: number;
  sharedAt: Date;
}

type Listener<T> = (facts: T) => Promise<void> | void;

/**
 * Follow-through's events for other modules (webhooks): a follow-up opened or resolved, a plan
 * shared with the team. Emitted after the change is committed; the change stands whatever a
 * listener does, so a listener that throws is logged and the others still run.
 */
@Injectable()
export class FollowThroughEvents {
  private readonly logger = new Logger(FollowThroughEvents.name);
  private readonly opened: Listener<FollowUpFacts>[] = [];
  private readonly resolved: Listener<FollowUpFacts>[] = [];
  private readonly shared: Listener<PlanSharedFacts>[] = [];

  constructor(private readonly dataSource: DataSource) {}

  onFollowUpOpened(listener: Listener<FollowUpFacts>): void {
    this.opened.push(listener);
  }

  onFollowUpResolved(listener: Listener<FollowUpFacts>): void {
    this.resolved.push(listener);
  }

  onPlanShared(listener: Listener<PlanSharedFacts>): void {
    this.shared.push(listener);
  }

  async followUpsOpened(followUpIds: string[]): Promise<void> {
    if (this.opened.length === 0 || followUpIds.length === 0) return;
    for (const facts of await this.followUpFacts(followUpIds)) await this.run(this.opened, facts);
  }

  async followUpResolved(followUpId: string): Promise<void> {
    if (this.resolved.length === 0) return;
    for (const facts of await this.followUpFacts([followUpId]))
      await this.run(this.resolved, facts);
  }

  async planShared(planId: string): Promise<void> {
    if (this.shared.length === 0) return;
    const rows = await queryRows<PlanSharedFacts>(
      this.dataSource,
      `SELECT p.id AS "planId", p.cycle_id AS "cycleId", p.unit_id AS "unitId",
              p.share_count AS round, p.shared_at AS "sharedAt",
              (SELECT count(*)::int FROM action_plan_actions a
                WHERE a.plan_id = p.id AND a.status <> 'dropped') AS actions
         FROM action_plans p WHERE p.id = $1 AND p.shared_at IS NOT NULL`,
      [planId],
    );
    for (const facts of rows) await this.run(this.shared, facts);
  }

  private followUpFacts(ids: string[]): Promise<FollowUpFacts[]> {
    return queryRows<FollowUpFacts>(
      this.dataSource,
      `SELECT id AS "followUpId", cycle_id AS "cycleId", unit_id AS "unitId", reasons,
              opened_at AS "openedAt", due_at AS "dueAt", resolved_at AS "resolvedAt"
         FROM follow_ups WHERE id = ANY($1::uuid[]) ORDER BY opened_at, id`,
      [ids],
    );
  }

  private async run<T>(listeners: Listener<T>[], facts: T): Promise<void> {
    for (const listener of listeners)
      await Promise.resolve()
        .then(() => listener(facts))
        .catch((error: Error) => this.logger.error(`Follow-through listener: ${error.message}`));
  }
}

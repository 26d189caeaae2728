import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../database/sql';
import { activeEmployeesUnder, reachableContactsUnder } from '../directory/recipients.queries';
import type { Audience } from '../surveys/entities/survey.entity';

/** Delivery and response counts of one unit and audience in a cycle. */
export interface InvitationCounts {
  unitId: string;
  audience: Audience;
  invited: number;
  queued: number;
  sent: number;
  failed: number;
  answered: number;
  unsubscribed: number;
}

/** An invitation whose mail failed for good. */
export interface FailedInvitation {
  audience: Audience;
  email: string;
  unitId: string;
  state: string;
  error: string | null;
}

export interface InvitationPlan {
  cycleId: string;
  /** The cycle's target units; each stands for its active subtree. */
  targetUnitIds: readonly string[];
  employees: boolean;
  customers: boolean;
}

/**
 * Invitations of a cycle: creating them at opening and counting them. Creation is one
 * INSERT … SELECT per audience over the directory's recipient queries (recipients.queries.ts),
 * so 100,000 invitations never pass through Node; the unique (cycle, employee|contact) indexes
 * make a repeated insert create nothing.
 */
@Injectable()
export class InvitationsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Rewrites a closed cycle's used employee invitations in the caller's transaction, so they all
   * carry one transaction id and the live table no longer tells in which order people answered.
   */
  async restampAnswered(manager: EntityManager, cycleId: string): Promise<void> {
    await manager.query(
      `UPDATE invitations SET responded = responded
        WHERE cycle_id = $1 AND audience = 'employee' AND responded`,
      [cycleId],
    );
  }

  /** Creates the invitations the plan calls for; how many were new. */
  async createForCycle(manager: EntityManager, plan: InvitationPlan): Promise<number> {
    let created = 0;
    const params = [plan.cycleId, [...plan.targetUnitIds]];
    if (plan.employees) {
      const [row] = await queryRows<{ n: number }>(
        manager,
        `WITH inserted AS (
           INSERT INTO invitations (cycle_id, audience, employee_id, unit_id, email, recipient_name, language, tenure_band)
           SELECT $1, 'employee', r.employee_id, r.unit_id, r.email, r.name, r.language,
                  CASE WHEN r.hire_date > current_date - interval '1 year' THEN '<1y'
                       WHEN r.hire_date > current_date - interval '3 years' THEN '1-3y'
                       WHEN r.hire_date > current_date - interval '5 years' THEN '3-5y'
                       ELSE '5y+' END
             FROM (${activeEmployeesUnder('$2')}) r
           ON CONFLICT DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS n FROM inserted`,
        params,
      );
      created += row.n;
    }
    if (plan.customers) {
      const [row] = await queryRows<{ n: number }>(
        manager,
        `WITH inserted AS (
           INSERT INTO invitations (cycle_id, audience, contact_id, account_id, unit_id, email, recipient_name, language)
           SELECT $1, 'customer', r.contact_id, r.account_id, r.unit_id, r.email, r.name, r.language
             FROM (${reachableContactsUnder('$2')}) r
           ON CONFLICT DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS n FROM inserted`,
        params,
      );
      created += row.n;
    }
    return created;
  }

  /** Delivery and response counts per unit and audience (counts only: never who answered). */
  countsByUnit(cycleId: string): Promise<InvitationCounts[]> {
    return queryRows<InvitationCounts>(
      this.dataSource,
      `SELECT unit_id AS "unitId", audience,
              count(*)::int AS invited,
              count(*) FILTER (WHERE sent_at IS NULL AND delivery_state = 'queued'
                                 AND email IS NOT NULL)::int AS queued,
              count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE delivery_state IN ('failed', 'bounced'))::int AS failed,
              count(*) FILTER (WHERE responded)::int AS answered,
              count(*) FILTER (WHERE unsubscribed_at IS NOT NULL)::int AS unsubscribed
         FROM invitations
        WHERE cycle_id = $1
        GROUP BY unit_id, audience`,
      [cycleId],
    );
  }

  /** Invitations whose mail failed or bounced, by email. */
  failed(cycleId: string, limit: number): Promise<FailedInvitation[]> {
    return queryRows<FailedInvitation>(
      this.dataSource,
      `SELECT audience, email, unit_id AS "unitId", delivery_state AS state, last_error AS error
         FROM invitations
        WHERE cycle_id = $1 AND delivery_state IN ('failed', 'bounced')
        ORDER BY email LIMIT $2`,
      [cycleId, limit],
    );
  }
}

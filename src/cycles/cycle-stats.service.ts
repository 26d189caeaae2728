import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Audience } from '../surveys/entities/survey.entity';

export interface DeliveryCounts {
  invited: number;
  queued: number;
  sent: number;
  failed: number;
  answered: number;
  unsubscribed: number;
  /** answered ÷ sent, null before anything was sent. */
  responseRate: number | null;
}

export interface UnitRates {
  unitId: string;
  unitName: string;
  employee: DeliveryCounts;
  customer: DeliveryCounts;
}

export interface DeliveryProblem {
  audience: Audience;
  email: string;
  unitName: string;
  state: string;
  error: string | null;
}

export interface CycleProgress {
  employee: DeliveryCounts;
  customer: DeliveryCounts;
  units: UnitRates[];
}

interface Row {
  unit_id: string;
  unit_name: string;
  audience: Audience;
  invited: number;
  queued: number;
  sent: number;
  failed: number;
  answered: number;
  unsubscribed: number;
}

const empty = (): DeliveryCounts => ({
  invited: 0,
  queued: 0,
  sent: 0,
  failed: 0,
  answered: 0,
  unsubscribed: 0,
  responseRate: null,
});

/**
 * Delivery and response counts per unit, by SQL GROUP BY. Employee figures are counts only:
 * nothing here says which employee answered.
 */
@Injectable()
export class CycleStatsService {
  constructor(private readonly dataSource: DataSource) {}

  async status(cycleId: string): Promise<CycleProgress> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT i.unit_id, u.name AS unit_name, i.audience,
              count(*)::int AS invited,
              count(*) FILTER (WHERE i.sent_at IS NULL AND i.delivery_state = 'queued')::int AS queued,
              count(*) FILTER (WHERE i.sent_at IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE i.delivery_state IN ('failed', 'bounced'))::int AS failed,
              count(*) FILTER (WHERE i.responded)::int AS answered,
              count(*) FILTER (WHERE i.unsubscribed_at IS NOT NULL)::int AS unsubscribed
         FROM invitations i JOIN units u ON u.id = i.unit_id
        WHERE i.cycle_id = $1
        GROUP BY i.unit_id, u.name, u.path, i.audience
        ORDER BY u.path`,
      [cycleId],
    );
    const totals = { employee: empty(), customer: empty() };
    const units = new Map<string, UnitRates>();
    for (const r of rows) {
      const unit = units.get(r.unit_id) ?? {
        unitId: r.unit_id,
        unitName: r.unit_name,
        employee: empty(),
        customer: empty(),
      };
      units.set(r.unit_id, unit);
      for (const target of [unit[r.audience], totals[r.audience]]) {
        target.invited += r.invited;
        target.queued += r.queued;
        target.sent += r.sent;
        target.failed += r.failed;
        target.answered += r.answered;
        target.unsubscribed += r.unsubscribed;
      }
    }
    const withRate = (c: DeliveryCounts) => {
      c.responseRate = c.sent > 0 ? c.answered / c.sent : null;
    };
    withRate(totals.employee);
    withRate(totals.customer);
    for (const u of units.values()) {
      withRate(u.employee);
      withRate(u.customer);
    }
    return { ...totals, units: [...units.values()] };
  }

  /** Recent permanent failures, to fix addresses. */
  async problems(cycleId: string, limit = 50): Promise<DeliveryProblem[]> {
    const rows: Array<{
      audience: Audience;
      email: string;
      unit_name: string;
      delivery_state: string;
      last_error: string | null;
    }> = await this.dataSource.query(
      `SELECT i.audience, i.email, u.name AS unit_name, i.delivery_state, i.last_error
           FROM invitations i JOIN units u ON u.id = i.unit_id
          WHERE i.cycle_id = $1 AND i.delivery_state IN ('failed', 'bounced')
          ORDER BY i.email LIMIT $2`,
      [cycleId, limit],
    );
    return rows.map((r) => ({
      audience: r.audience,
      email: r.email,
      unitName: r.unit_name,
      state: r.delivery_state,
      error: r.last_error,
    }));
  }
}

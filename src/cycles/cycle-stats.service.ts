import { Injectable } from '@nestjs/common';
import { InvitationsService } from '../delivery/invitations.service';
import { UnitsService } from '../directory/units.service';
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
  constructor(
    private readonly invitations: InvitationsService,
    private readonly directory: UnitsService,
  ) {}

  async status(cycleId: string): Promise<CycleProgress> {
    const counts = await this.invitations.countsByUnit(cycleId);
    const known = new Map(
      (await this.directory.summariesByIds(counts.map((c) => c.unitId))).map((u) => [u.id, u]),
    );
    const rows = counts
      .filter((c) => known.has(c.unitId))
      .map((c) => ({ ...c, unit: known.get(c.unitId)! }))
      .sort((a, b) => (a.unit.path < b.unit.path ? -1 : a.unit.path > b.unit.path ? 1 : 0));
    const totals = { employee: empty(), customer: empty() };
    const units = new Map<string, UnitRates>();
    for (const r of rows) {
      const unit = units.get(r.unitId) ?? {
        unitId: r.unitId,
        unitName: r.unit.name,
        employee: empty(),
        customer: empty(),
      };
      units.set(r.unitId, unit);
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
    const failed = await this.invitations.failed(cycleId, limit);
    const units = new Map(
      (await this.directory.summariesByIds(failed.map((f) => f.unitId))).map((u) => [u.id, u]),
    );
    return failed
      .filter((f) => units.has(f.unitId))
      .map((f) => ({
        audience: f.audience,
        email: f.email,
        unitName: units.get(f.unitId)!.name,
        state: f.state,
        error: f.error,
      }));
  }
}

import { Injectable } from '@nestjs/common';
import { CycleStatsService, DeliveryCounts } from '../cycles/cycle-stats.service';
import type { ScopeUnit } from './report-scope.service';
import { ReportScopeService } from './report-scope.service';
import type { CycleRef, RateCounts, ResponseRates } from './report.types';

/**
 * Response rates of one cycle for a group (the company or a unit's subtree), from the cycles
 * module's invitation counts. Employee figures are counts of used invitations only, never who.
 */
@Injectable()
export class ResponseRatesService {
  constructor(
    private readonly stats: CycleStatsService,
    private readonly scope: ReportScopeService,
  ) {}

  async forGroup(cycle: CycleRef, unit: ScopeUnit | null): Promise<ResponseRates> {
    const [status, inScope] = await Promise.all([
      this.stats.status(cycle.id),
      unit === null ? Promise.resolve(null) : this.scope.subtreeIds(unit.path),
    ]);
    const units = status.units
      .filter((u) => inScope === null || inScope.has(u.unitId))
      .map((u) => ({
        unitId: u.unitId,
        unitName: u.unitName,
        employee: counts(u.employee),
        customer: counts(u.customer),
      }));
    const total = (side: 'employee' | 'customer'): RateCounts =>
      withRate(
        units.reduce(
          (acc, u) => ({
            invited: acc.invited + u[side].invited,
            sent: acc.sent + u[side].sent,
            answered: acc.answered + u[side].answered,
          }),
          { invited: 0, sent: 0, answered: 0 },
        ),
      );
    return {
      cycle,
      hasInvitations: units.length > 0,
      employee: total('employee'),
      customer: total('customer'),
      units,
    };
  }
}

function counts(c: DeliveryCounts): RateCounts {
  return { invited: c.invited, sent: c.sent, answered: c.answered, responseRate: c.responseRate };
}

function withRate(c: Omit<RateCounts, 'responseRate'>): RateCounts {
  return { ...c, responseRate: c.sent > 0 ? c.answered / c.sent : null };
}

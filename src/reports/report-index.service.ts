import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/current-user';
import { closesOn, resultsAvailable } from '../analytics/results-availability';
import { UnitStatsService } from '../analytics/unit-stats.service';
import { formatDate, pickerLabel } from './report-format';
import { ReportScopeService, ScopeUnit } from './report-scope.service';

/** Units listed on /reports before the list is cut to the top level. */
const UNIT_LIST_LIMIT = 60;

/**
 * The /reports page: cycles to open, a range to compare, and unit dashboards in the reader's
 * scope. An open cycle is listed with when its results appear (its page shows participation);
 * only closed cycles can be compared.
 */
@Injectable()
export class ReportIndexService {
  constructor(
    private readonly stats: UnitStatsService,
    private readonly scope: ReportScopeService,
  ) {}

  async build(user: CurrentUser) {
    const [cycles, root] = await Promise.all([this.stats.listCycles(), this.scope.rootFor(user)]);
    const closed = cycles.filter(resultsAvailable);
    const top = root === null ? await this.scope.children(null) : [root];
    const below = await this.scope.childrenOf(top.map((u) => u.id));
    const units: (ScopeUnit & { depth: number })[] = [];
    for (const unit of top) {
      units.push({ ...unit, depth: 0 });
      if (units.length >= UNIT_LIST_LIMIT) continue;
      const children = below.filter((c) => c.parentId === unit.id);
      if (units.length + children.length <= UNIT_LIST_LIMIT)
        units.push(...children.map((c) => ({ ...c, depth: 1 })));
    }
    return {
      scopeName: root?.name ?? null,
      hasCycles: cycles.length > 0,
      hasClosedCycles: closed.length > 0,
      cycles: [...cycles].reverse().map((c) => ({
        id: c.id,
        label: c.label,
        name: c.name,
        period: `${formatDate(c.periodStart)} to ${formatDate(c.periodEnd)}`,
        status: resultsAvailable(c) ? 'Closed' : openStatus(c.closesAt),
        imported: c.imported,
        pilot: c.pilot,
      })),
      rangeOptions: closed.map((c, i) => ({
        value: c.label,
        label: pickerLabel(c),
        first: i === 0,
        last: i === closed.length - 1,
      })),
      units,
    };
  }
}

function openStatus(closesAt: Date | null): string {
  const on = closesOn(closesAt);
  return `Open — results when it closes${on ? ` on ${on}` : ''}; participation only until then`;
}

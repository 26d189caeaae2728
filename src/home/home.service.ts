import { Injectable } from '@nestjs/common';
import { DashboardReads } from '../analytics/queries/dashboard-reads.service';
import type { CurrentUser } from '../auth/current-user';
import { UnitStatsService } from '../analytics/unit-stats.service';
import { CyclesService } from '../cycles/cycles.service';
import { DemoRunsService } from '../demo/demo-runs.service';

const rate = (answered: number, sent: number) => (sent > 0 ? answered / sent : null);

/**
 * The dashboard: on an empty Tandem the three first steps (and the demo company for HR); then
 * counts, live response rates of open cycles (from invitations: participation only, never an
 * answer-derived figure, privacy rule 3) and the latest results, all limited to a manager's
 * subtree. "Latest results" is the latest closed cycle with adequate coverage (a pilot or a
 * cycle on a few units never replaces it; analytics/cycle-coverage.ts), for a manager the latest
 * of those that included their units, with a link to a newer pilot or small cycle beside it; "Compare all cycles" is every adequately covered cycle,
 * the default range of /reports/linkage.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly reads: DashboardReads,
    private readonly stats: UnitStatsService,
    private readonly cycles: CyclesService,
    private readonly demoRuns: DemoRunsService,
  ) {}

  async summarize(user: CurrentUser) {
    const scope = user.scope?.path ?? null;
    const canManage = user.role === 'admin' || user.role === 'hr';
    const counts = await this.reads.directoryCounts(scope);
    if (counts.units === 0) {
      return {
        empty: true,
        canManage,
        counts,
        demoRun: canManage ? await this.demoRuns.findActive() : null,
      };
    }
    const reads = this.stats.reads();
    const [open, latest, newest, coverage] = await Promise.all([
      this.reads.openCycles(scope),
      reads.headlineCycle(scope).then((c) => c && this.cycles.find(c.id)),
      reads.latestClosed(scope),
      reads.coverage(),
    ]);
    return {
      empty: false,
      canManage,
      counts,
      openCycles: open.map((c) => ({
        ...c,
        scheduled: c.status === 'scheduled',
        employeeRate: rate(c.employeeAnswered, c.employeeSent),
        customerRate: rate(c.customerAnswered, c.customerSent),
      })),
      latestClosed: latest && {
        id: latest.id,
        name: latest.name,
        label: latest.label,
        closedAt: latest.closedAt,
        closed: coverage.adequate.length,
      },
      // A pilot or a cycle on a few units closed after the headline's: still one click away.
      alsoClosed: latest &&
        newest &&
        newest.id !== latest.id && {
          id: newest.id,
          name: newest.name,
          pilot: newest.pilot === true,
        },
    };
  }
}

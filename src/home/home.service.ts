import { Injectable } from '@nestjs/common';
import { DashboardReads } from '../analytics/queries/dashboard-reads.service';
import type { CurrentUser } from '../auth/current-user';
import { CyclesService } from '../cycles/cycles.service';
import { DemoRunsService } from '../demo/demo-runs.service';

const rate = (answered: number, sent: number) => (sent > 0 ? answered / sent : null);

/**
 * The dashboard: on an empty Tandem the three first steps (and the demo company for HR); then
 * counts, live response rates of open cycles (from invitations: participation only, never an
 * answer-derived figure, privacy rule 3) and the latest closed cycle's report, all limited to a
 * manager's subtree.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly reads: DashboardReads,
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
    const [open, closed] = await Promise.all([
      this.reads.openCycles(scope),
      this.cycles.latestClosed(),
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
      latestClosed: closed && {
        id: closed.cycle.id,
        name: closed.cycle.name,
        label: closed.cycle.label,
        closedAt: closed.cycle.closedAt,
        closed: closed.closed,
      },
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { DemoRunsService } from '../demo/demo-runs.service';

interface Counts {
  units: number;
  employees: number;
  accounts: number;
  contacts: number;
}

interface OpenCycleRow {
  id: string;
  name: string;
  label: string;
  status: string;
  closesAt: Date;
  employeeSent: number;
  employeeAnswered: number;
  customerSent: number;
  customerAnswered: number;
}

interface ClosedCycleRow {
  id: string;
  name: string;
  label: string;
  closedAt: Date | null;
  closed: number;
}

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
    private readonly dataSource: DataSource,
    private readonly demoRuns: DemoRunsService,
  ) {}

  async summarize(user: CurrentUser) {
    const scope = user.scope?.path ?? null;
    const canManage = user.role === 'admin' || user.role === 'hr';
    const counts = await this.counts(scope);
    if (counts.units === 0) {
      return {
        empty: true,
        canManage,
        counts,
        demoRun: canManage ? await this.demoRuns.findActive() : null,
      };
    }
    const [open, closed] = await Promise.all([this.openCycles(scope), this.latestClosed()]);
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
      latestClosed: closed,
    };
  }

  private async counts(scope: string | null): Promise<Counts> {
    const [row]: Counts[] = await this.dataSource.query(
      `WITH scoped AS (SELECT id FROM units WHERE deactivated_at IS NULL
                         AND ($1::text IS NULL OR path LIKE $1 || '%'))
       SELECT (SELECT count(*) FROM scoped)::int AS units,
              (SELECT count(*) FROM employees e JOIN scoped s ON s.id = e.unit_id
                WHERE e.deactivated_at IS NULL AND e.hire_date <= current_date
                  AND (e.exit_date IS NULL OR e.exit_date > current_date))::int AS employees,
              (SELECT count(*) FROM customer_accounts a JOIN scoped s ON s.id = a.unit_id
                WHERE a.deactivated_at IS NULL
                  AND (a.churn_date IS NULL OR a.churn_date > current_date))::int AS accounts,
              (SELECT count(*) FROM contacts c
                 JOIN customer_accounts a ON a.id = c.account_id JOIN scoped s ON s.id = a.unit_id
                WHERE c.deactivated_at IS NULL AND c.subscribed AND a.deactivated_at IS NULL
                  AND (a.churn_date IS NULL OR a.churn_date > current_date))::int AS contacts`,
      [scope],
    );
    return row;
  }

  /** Scheduled and open cycles with sent/answered counts in the reader's scope (counts only). */
  private openCycles(scope: string | null): Promise<OpenCycleRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.name, c.period_label AS label, c.status, c.closes_at AS "closesAt",
              count(i.id) FILTER (WHERE i.audience = 'employee' AND i.sent_at IS NOT NULL)::int AS "employeeSent",
              count(i.id) FILTER (WHERE i.audience = 'employee' AND i.responded)::int AS "employeeAnswered",
              count(i.id) FILTER (WHERE i.audience = 'customer' AND i.sent_at IS NOT NULL)::int AS "customerSent",
              count(i.id) FILTER (WHERE i.audience = 'customer' AND i.responded)::int AS "customerAnswered"
         FROM cycles c
         LEFT JOIN invitations i ON i.cycle_id = c.id
          AND ($1::text IS NULL OR i.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%'))
        WHERE c.status IN ('scheduled', 'open')
        GROUP BY c.id
        ORDER BY c.closes_at, c.period_label
        LIMIT 10`,
      [scope],
    );
  }

  private async latestClosed(): Promise<ClosedCycleRow | null> {
    const [row]: ClosedCycleRow[] = await this.dataSource.query(
      `SELECT id, name, period_label AS label, closed_at AS "closedAt",
              count(*) OVER ()::int AS closed
         FROM cycles WHERE status = 'closed'
        ORDER BY period_start DESC, period_end DESC, closed_at DESC NULLS LAST
        LIMIT 1`,
    );
    return row ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { responseLanguages } from '../analytics/queries/response-languages.query';
import type { AppConfig } from '../config/app.config';
import { availableLanguages } from '../respond/i18n';
import { languageBreakdown, languageTable } from './language-breakdown';
import { ReportScopeService } from './report-scope.service';
import { toHtmlTable } from './report-table';
import type { CurrentUser } from '../auth/current-user';
import { impactView } from '../follow-through/follow-through-impact-view';
import { FollowThroughImpactService } from '../follow-through/follow-through-impact.service';
import type { ReportQuery } from './linkage-page';
import { buildLinkagePage } from './linkage-page';
import { buildParticipationPage, buildUnitParticipationPage } from './participation-page';
import { reportKey, ReportDataService } from './report-data.service';
import { buildUnitPage } from './unit-page';

/**
 * The page models of the linkage and unit reports (charts drawn to SVG, tables, the
 * follow-through section), kept in the report cache beside the data they are drawn from and
 * under the same fingerprint: a page is drawn once per change of the data, and a request that
 * finds it pays for the fingerprint check only. Participation pages of open cycles are built
 * fresh every time, as their data is.
 */
@Injectable()
export class ReportPagesService {
  constructor(
    private readonly data: ReportDataService,
    private readonly followThrough: FollowThroughImpactService,
    private readonly dataSource: DataSource,
    private readonly scope: ReportScopeService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** /reports/linkage: the report, and "does following through matter?" over the same range. */
  async rangePage(user: CurrentUser, query: ReportQuery) {
    const snapshot = await this.data.snapshot();
    return snapshot.getOrBuild(
      reportKey('range-page', user, JSON.stringify(pageArgs(query))),
      async () => {
        const reads = this.data.reads(snapshot);
        // Built beside the report, from the same reads (they share the unit × cycle table).
        const impact = this.followThrough.compare(user, { from: query.from, to: query.to }, reads);
        impact.catch(() => undefined); // the report's own failure, if any, is the one to show
        const [report, reported] = await Promise.all([
          this.data.rangeReport(user, query.from, query.to, query, { snapshot, reads }),
          this.data.listCycles(),
        ]);
        const closed = reported.filter((c) => c.status === 'closed');
        const page = await buildLinkagePage(report, '/reports/linkage', query, closed);
        return { ...page, followThrough: impactView(await impact) };
      },
    );
  }

  /** /reports/cycles/:id: the linkage report once the cycle is closed, else its participation. */
  async cyclePage(user: CurrentUser, id: string, query: ReportQuery) {
    const snapshot = await this.data.snapshot();
    const reads = this.data.reads(snapshot);
    const report = await this.data.cycleView(user, id, query, { snapshot, reads });
    if (report.kind === 'participation')
      return buildParticipationPage(
        report,
        `/reports/cycles/${encodeURIComponent(report.cycle.id)}`,
      );
    const focusId = report.linkage.focusCycleId ?? id;
    return snapshot.getOrBuild(
      reportKey('cycle-page', user, focusId, JSON.stringify(pageArgs(query))),
      async () => {
        const [cycles, impact, languages] = await Promise.all([
          this.data.listCycles(),
          this.followThrough.compare(user, { cycle: focusId }, reads),
          this.languagesTable(user, focusId),
        ]);
        const page = await buildLinkagePage(
          report,
          `/reports/cycles/${encodeURIComponent(focusId)}`,
          query,
          cycles,
        );
        return { ...page, followThrough: impactView(impact), languages };
      },
    );
  }

  /**
   * Responses of a closed cycle by the language answered in, over what the person may see;
   * employee groups under the anonymity minimum hidden (language-breakdown.ts). Null when the
   * cycle has no responses in more than one language.
   */
  private async languagesTable(user: CurrentUser, cycleId: string) {
    const root = await this.scope.rootFor(user);
    const counts = await responseLanguages(this.dataSource, cycleId, root?.path ?? null);
    if (new Set(counts.map((c) => c.language)).size < 2) return null;
    const min = this.config.get('privacy', { infer: true }).anonymityMin;
    const names = new Map(availableLanguages().map((l) => [l.code, l.name]));
    return toHtmlTable(languageTable(languageBreakdown(counts, min), names));
  }

  /** /reports/units/:id: the unit's dashboard, or its participation while the cycle is open. */
  async unitPage(user: CurrentUser, unitId: string, cycle?: string) {
    const snapshot = await this.data.snapshot();
    const dashboard = await this.data.unitDashboard(user, unitId, cycle, snapshot);
    if (!dashboard.resultsAvailable) return buildUnitParticipationPage(dashboard);
    return snapshot.getOrBuild(
      reportKey('unit-page', user, dashboard.unit.id, dashboard.cycle.id),
      () => buildUnitPage(dashboard),
    );
  }
}

/** What a linkage page depends on besides the data and the reader's scope. */
function pageArgs(query: ReportQuery) {
  return [query.from, query.to, query.employeeMetric, query.customerMetric, query.page];
}

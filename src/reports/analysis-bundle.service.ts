import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { CurrentUser } from '../auth/current-user';
import type { LinkageOptions } from '../analytics/linkage.service';
import { LinkageService } from '../analytics/linkage.service';
import { PROJECT_ROOT } from '../config/project-root';
import { BundleCycle, bundleFiles, BundleInput, bundleName } from './analysis-bundle';
import { BuildContext, ReportDataService } from './report-data.service';
import type { LinkageReportData } from './report.types';
import { ReportError, ReportErrorCode } from './reports.errors';

export interface AnalysisBundle {
  /** e.g. tandem-analysis-2025-Q4-to-2026-Q3.zip */
  filename: string;
  zip: Uint8Array;
}

/** Read once: the body of the bundle's R script. */
let script: string | undefined;
const scriptBody = () =>
  (script ??= readFileSync(join(PROJECT_ROOT, 'views', 'reports', 'analysis.R'), 'utf8'));

/**
 * A linkage report's analysis as a zip anyone can rerun (docs/methods.md, "Reproducing a
 * report"): the unit × cycle table as the report's pages show it to this reader, a codebook,
 * an R script and the report's own numbers. Built from the cached report and the same reads;
 * an open cycle is refused like its report (privacy rule 3), and a range keeps only its closed
 * cycles.
 */
@Injectable()
export class AnalysisBundleService {
  constructor(
    private readonly data: ReportDataService,
    private readonly linkage: LinkageService,
  ) {}

  async forRange(
    user: CurrentUser,
    from: string | undefined,
    to: string | undefined,
    metrics: LinkageOptions,
  ): Promise<AnalysisBundle> {
    const using = await this.context();
    const report = await this.data.rangeReport(user, from, to, metrics, using);
    const query = new URLSearchParams();
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    const search = query.size === 0 ? '' : `?${query.toString()}`;
    return this.bundle(user, report, `/reports/linkage${search}`, metrics, using);
  }

  async forCycle(
    user: CurrentUser,
    cycleIdOrLabel: string,
    metrics: LinkageOptions,
  ): Promise<AnalysisBundle> {
    const using = await this.context();
    const report = await this.data.cycleReport(user, cycleIdOrLabel, metrics, using);
    const label = report.linkage.analysis.focusCycle?.label ?? cycleIdOrLabel;
    return this.bundle(user, report, `/reports/cycles/${label}`, metrics, using);
  }

  private async context(): Promise<BuildContext> {
    const snapshot = await this.data.snapshot();
    return { snapshot, reads: this.data.reads(snapshot) };
  }

  private async bundle(
    user: CurrentUser,
    report: LinkageReportData,
    source: string,
    metrics: LinkageOptions,
    using: BuildContext,
  ): Promise<AnalysisBundle> {
    const { linkage } = report;
    if (linkage.cycles.length === 0) throw new ReportError(ReportErrorCode.NO_CLOSED_CYCLES);
    const table = await this.linkage.visibleTable(user, linkage, using.reads);
    const cycles: BundleCycle[] = await Promise.all(
      [...linkage.cycles]
        .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
        .map(async (cycle) => {
          // The focus cycle's correlation is this report's headline; every other cycle's comes
          // from that cycle's own report (cached like this one).
          const own =
            cycle.id === linkage.focusCycleId
              ? linkage
              : (await this.data.cycleReport(user, cycle.id, metrics, using)).linkage;
          return {
            id: cycle.id,
            label: cycle.label,
            periodStart: cycle.periodStart,
            periodEnd: cycle.periodEnd,
            units: table.find((t) => t.cycleId === cycle.id)?.units ?? [],
            primaryPair: own.analysis.pairs[0],
          };
        }),
    );
    const input: BundleInput = {
      source,
      kind: report.kind,
      group: report.group,
      linkage,
      cycles,
      script: scriptBody(),
      generatedAt: new Date(),
    };
    const name = bundleName(
      report.kind,
      cycles.map((c) => c.label),
    );
    const files = Object.fromEntries(
      bundleFiles(input).map((f) => [`${name}/${f.name}`, strToU8(f.text)]),
    );
    return { filename: `${name}.zip`, zip: zipSync(files, { level: 6 }) };
  }
}

import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Me } from '../auth/current-user';
import { assertResultsAvailable, WithheldCycle } from '../analytics/results-availability';
import { AnalysisBundle, AnalysisBundleService } from './analysis-bundle.service';
import { ReportPageQueryDto, UnitDashboardQueryDto } from './dto/report-query.dto';
import { linkageTables, responseRatesTable } from './linkage-tables';
import { ReportIndexService } from './report-index.service';
import { ReportPagesService } from './report-pages.service';
import { ReportDataService } from './report-data.service';
import { csvRows, ReportTable } from './report-table';
import { ReportError, ReportErrorCode } from './reports.errors';
import type { ParticipationReport } from './report.types';
import { unitTables } from './unit-page';
import { Page } from '../common/page.decorator';
import { sendCsv } from '../common/csv-download';

/**
 * The report pages (no client script needed) and a CSV for every table on them. Any signed-in
 * reader may open them; what they cover follows the reader's scope (a manager: their subtree).
 * A cycle that is still open has a participation page; of its CSV tables only
 * response-rates.csv exists, the others answer 409 until it closes (privacy rule 3).
 */
@ApiExcludeController()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly data: ReportDataService,
    private readonly index: ReportIndexService,
    private readonly pages: ReportPagesService,
    private readonly bundles: AnalysisBundleService,
  ) {}

  @Get()
  @Page('reports/index')
  async list(@Me() me: CurrentUser) {
    return { title: 'Reports', ...(await this.index.build(me)) };
  }

  @Get('linkage')
  @Page('reports/linkage')
  async range(@Me() me: CurrentUser, @Query() query: ReportPageQueryDto) {
    const reported = await this.data.listCycles();
    if (!reported.some((c) => c.status === 'closed'))
      return noClosedCyclePage(await this.data.withheldCycles());
    return this.pages.rangePage(me, query);
  }

  @Get('linkage/analysis.zip')
  async rangeAnalysis(
    @Me() me: CurrentUser,
    @Query() query: ReportPageQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return sendBundle(reply, await this.bundles.forRange(me, query.from, query.to, query));
  }

  @Get('linkage/:table.csv')
  async rangeCsv(
    @Me() me: CurrentUser,
    @Param('table') table: string,
    @Query() query: ReportPageQueryDto,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.data.rangeReport(me, query.from, query.to, query);
    return sendTable(reply, `linkage-${table}`, pick(linkageTables(report), table));
  }

  @Get('cycles/:id')
  @Page('reports/linkage')
  cycle(@Me() me: CurrentUser, @Param('id') id: string, @Query() query: ReportPageQueryDto) {
    return this.pages.cyclePage(me, id, query);
  }

  @Get('cycles/:id/analysis.zip')
  async cycleAnalysis(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: ReportPageQueryDto,
    @Res() reply: FastifyReply,
  ) {
    return sendBundle(reply, await this.bundles.forCycle(me, id, query));
  }

  @Get('cycles/:id/:table.csv')
  async cycleCsv(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Param('table') table: string,
    @Query() query: ReportPageQueryDto,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.data.cycleView(me, id, query);
    if (report.kind === 'participation')
      return sendTable(reply, `${report.cycle.label}-${table}`, participationTable(report, table));
    const label = report.linkage.analysis.focusCycle?.label ?? 'cycle';
    return sendTable(reply, `${label}-${table}`, pick(linkageTables(report), table));
  }

  @Get('units/:id')
  @Page('reports/unit')
  async unit(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Query() query: UnitDashboardQueryDto,
  ) {
    try {
      return await this.pages.unitPage(me, id, query.cycle);
    } catch (error) {
      if (!(error instanceof ReportError && error.code === ReportErrorCode.NO_CYCLES)) throw error;
      const name = String(error.details?.unitName ?? 'Unit dashboard');
      return {
        title: name,
        unit: { id, name },
        empty: `No cycle has responses yet, so there is nothing to show for ${name}. The dashboard fills in once a paired cycle opens.`,
      };
    }
  }

  @Get('units/:id/:table.csv')
  async unitCsv(
    @Me() me: CurrentUser,
    @Param('id') id: string,
    @Param('table') table: string,
    @Query() query: UnitDashboardQueryDto,
    @Res() reply: FastifyReply,
  ) {
    const dashboard = await this.data.unitDashboard(me, id, query.cycle);
    if (!dashboard.resultsAvailable)
      return sendTable(
        reply,
        `${dashboard.unit.name}-${dashboard.cycle.label}-${table}`,
        participationTable(dashboard, table),
      );
    return sendTable(
      reply,
      `${dashboard.unit.name}-${dashboard.cycle.label}-${table}`,
      pick(unitTables(dashboard), table),
    );
  }
}

/** The cross-cycle report before any cycle has responses: what is missing, and nothing else. */
const NO_CYCLES_PAGE = {
  title: 'Linkage across cycles',
  noCycles: true,
  narrative: {
    headline: null,
    missing: [
      'No cycle has responses yet: launch a paired cycle, or import past waves from another tool.',
    ],
  },
};

/**
 * The cross-cycle report while no cycle has closed: what is missing, and when results of the
 * open ones appear.
 */
function noClosedCyclePage(open: readonly WithheldCycle[]) {
  if (open.length === 0) return NO_CYCLES_PAGE;
  return {
    ...NO_CYCLES_PAGE,
    withheld: open,
    narrative: {
      headline: null,
      missing: ['No cycle has closed yet: results appear when the first one closes.'],
    },
  };
}

/** An open cycle's CSV: its response rates (participation, live); any other table is refused. */
function participationTable(report: ParticipationReport, id: string): ReportTable {
  if (id === 'response-rates') return responseRatesTable(report.responseRates, report.group.name);
  assertResultsAvailable(report.cycle);
  throw new ReportError(ReportErrorCode.TABLE_NOT_FOUND, { table: id });
}

function pick(tables: readonly ReportTable[], id: string): ReportTable {
  const table = tables.find((t) => t.id === id);
  if (table === undefined) throw new ReportError(ReportErrorCode.TABLE_NOT_FOUND, { table: id });
  return table;
}

function sendTable(reply: FastifyReply, name: string, table: ReportTable) {
  const file = `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '')}.csv`;
  return sendCsv(reply, file, csvRows(table), { bom: true });
}

/** The analysis bundle as a download (docs/methods.md, "Reproducing a report"). */
export function sendBundle(reply: FastifyReply, bundle: AnalysisBundle) {
  return reply
    .header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="${bundle.filename}"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(bundle.zip));
}

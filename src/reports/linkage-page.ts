import type { LinkageReport } from '../analytics/linkage.service';
import type { GroupComments } from '../analytics/unit-comments.service';
import {
  Chart,
  crossLagChart,
  driversChart,
  heatmapChart,
  scatterChart,
  trendChart,
  turnoverChart,
} from './report-charts';
import {
  correlationsTable,
  crossLagTable,
  driversTable,
  heatmapTable,
  panelTable,
  quartileGapsTable,
  responseRatesTable,
  trendTable,
  turnoverTable,
  unitsTable,
} from './linkage-tables';
import { describeReport, lagSentence, Narrative, periodLabel } from './narrative';
import { panelView } from './panel-page';
import { formatCount, formatDate, formatR, pickerLabel } from './report-format';
import { HtmlTable, ReportTable, toHtmlTable } from './report-table';
import type { LinkageReportData } from './report.types';

/** Rows of the heatmap per page (the CSV has every unit at every level). */
export const HEATMAP_PAGE = 25;

export interface ReportQuery {
  employeeMetric?: string;
  customerMetric?: string;
  from?: string;
  to?: string;
  page?: string;
}

export interface Section {
  chart: Chart | null;
  table: HtmlTable;
  csv: string;
  /** what is missing, when there is nothing to show */
  empty: string | null;
}

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

/** The HTML model of /reports/cycles/:id and /reports/linkage. */
export async function buildLinkagePage(
  data: LinkageReportData,
  basePath: string,
  query: ReportQuery,
  allCycles: readonly { id: string; label: string; pilot?: boolean }[],
) {
  const report = data.linkage;
  const narrative: Narrative = describeReport(report);
  const keep = {
    from: query.from,
    to: query.to,
    employeeMetric: query.employeeMetric,
    customerMetric: query.customerMetric,
  };
  const csvQuery = queryString(keep);
  const csv = (table: ReportTable) => `${basePath}/${table.id}.csv${csvQuery}`;
  const section = (table: ReportTable, chart: Chart | null, empty: string | null): Section => ({
    chart,
    table: toHtmlTable(table),
    csv: csv(table),
    empty,
  });

  const satisfactionKey = report.metrics.customer.some((m) => m.key === 'csat')
    ? 'csat'
    : report.primary.customerMetric;
  const employee = report.metrics.employee;
  const customer = report.metrics.customer.filter((m) => m.key !== 'churnRate');

  // Heatmap: the view's own row and the levels below it that fit, a page at a time.
  const heatRows = data.heatmap ? overviewRows(data.heatmap.rows, HEATMAP_PAGE) : [];
  const pages = Math.max(1, Math.ceil(heatRows.length / HEATMAP_PAGE));
  const page = Math.min(pages, Math.max(1, Math.floor(Number(query.page) || 1)));
  const shownRows = heatRows.slice((page - 1) * HEATMAP_PAGE, page * HEATMAP_PAGE);

  // One chart at a time: each is CPU work on this thread, and drawn side by side they only
  // hold more of vega's intermediate structures in memory at once.
  const scatter = await scatterChart(report);
  const turnover = await turnoverChart(report, satisfactionKey);
  const lag = await crossLagChart(report);
  const drivers = await driversChart(report);
  const heat = data.heatmap ? await heatmapChart(data.heatmap, shownRows) : null;
  const trend = await trendChart([
    {
      trend: data.trend,
      keys: [
        {
          key: report.primary.employeeMetric,
          label: labelOf(report, report.primary.employeeMetric),
          side: 'employee',
        },
        ...(report.primary.employeeMetric === 'enps'
          ? []
          : [{ key: 'enps', label: 'eNPS', side: 'employee' as const }]),
        { key: 'turnover', label: 'Turnover, % a year', side: 'turnover' },
        { key: 'nps', label: 'NPS', side: 'customer' },
        { key: 'csat', label: 'CSAT, % satisfied', side: 'customer' },
      ],
    },
  ]);

  // The page shows a page of rows; the CSV behind the same link has every unit.
  const heatTable = data.heatmap ? heatmapTable({ ...data.heatmap, rows: shownRows }) : null;
  const analysis = report.analysis;
  const focus = report.cycles.find((c) => c.id === report.focusCycleId) ?? null;
  const crossLagEmpty =
    analysis.crossLagged.status !== 'ok'
      ? `Which comes first needs two cycles; ${report.cycles.length === 1 ? 'this report has one so far' : 'there are none yet'}. Run the next cycle to see it.`
      : lag === null
        ? `No consecutive cycles have enough units in both: ${firstReason(analysis.crossLagged.comparisons)}.`
        : null;

  const eLabel = labelOf(report, report.primary.employeeMetric);
  const cLabel = labelOf(report, report.primary.customerMetric);
  return {
    contents: reportContents({
      units: data.heatmap !== null,
      participation: data.responseRates !== null,
      comments: data.comments !== null,
      // ReportPagesService adds "Does following through matter?" to every linkage page.
      followThrough: true,
    }),
    title:
      data.kind === 'range'
        ? 'Linkage across cycles'
        : `Linkage report${focus ? `, ${focus.label}` : ''}`,
    scatterTitle: `${eLabel} and ${cLabel}`,
    customerLabel: cLabel,
    jsonUrl: `${basePath.replace(/^\/reports/, '/api/v1/reports')}${csvQuery}`,
    analysisUrl: `${basePath}/analysis.zip${csvQuery}`,
    commentMin: data.comments?.commentMin ?? data.heatmap?.thresholds.commentMin ?? null,
    kind: data.kind,
    group: data.group,
    focus,
    cycles: report.cycles,
    withheld: report.withheld,
    period: periodLabel(data.kind, report.cycles, focus),
    narrative,
    lag: lagSentence(report),
    thresholds: analysis.thresholds,
    included: formatCount(analysis.units.included.length),
    excluded: formatCount(analysis.units.excluded.length),
    power:
      analysis.power.status === 'ok'
        ? {
            minDetectable: formatR(analysis.power.minDetectableR),
            unitsForR30: formatCount(analysis.power.unitsNeededForR30),
          }
        : null,
    form: {
      action: basePath,
      hidden: [
        ...(query.from ? [{ name: 'from', value: query.from }] : []),
        ...(query.to ? [{ name: 'to', value: query.to }] : []),
      ],
      employee: options(employee, report.primary.employeeMetric),
      customer: options(report.metrics.customer, report.primary.customerMetric),
    },
    range:
      data.kind === 'range'
        ? {
            from: options(
              allCycles.map((c) => ({ key: c.label, label: pickerLabel(c) })),
              report.cycles[0]?.label ?? '',
            ),
            to: options(
              allCycles.map((c) => ({ key: c.label, label: pickerLabel(c) })),
              report.cycles[report.cycles.length - 1]?.label ?? '',
            ),
          }
        : null,
    scatter: section(
      unitsTable(report),
      scatter,
      scatter === null
        ? 'Fewer than three units have both figures to plot. A unit is plotted when it is in the analysis and its own figures can be shown.'
        : null,
    ),
    hiddenPoints: hiddenPoints(report),
    correlations: section(correlationsTable(report), null, null),
    turnover: section(
      turnoverTable(report),
      turnover,
      turnover === null
        ? 'Turnover needs hire and exit dates in the directory for at least three units in the analysis.'
        : null,
    ),
    satisfactionLabel: labelOf(report, satisfactionKey),
    crossLag: { ...section(crossLagTable(report), lag, crossLagEmpty) },
    panel: {
      ...panelView(report),
      table: section(
        panelTable(report),
        null,
        analysis.panel.cycles.length < 2
          ? 'Between and within units, and which comes first within units, need two cycles with enough units each.'
          : null,
      ),
      gapsTable: section(
        quartileGapsTable(report),
        null,
        analysis.panel.quartileGaps.status === 'ok'
          ? null
          : `No comparison of the top and bottom quarters: ${analysis.panel.quartileGaps.reason}.`,
      ),
    },
    drivers: section(
      driversTable(report),
      drivers,
      analysis.drivers.status === 'ok'
        ? null
        : `Not enough data for a driver ranking: ${analysis.drivers.reason}.`,
    ),
    heatmap: heatTable
      ? {
          ...section(
            heatTable,
            heat,
            shownRows.length === 0 ? 'No unit has results in this cycle.' : null,
          ),
          pager:
            pages > 1
              ? {
                  page,
                  pages,
                  prev:
                    page > 1
                      ? `${basePath}${queryString({ ...keep, page: String(page - 1) })}#heatmap`
                      : null,
                  next:
                    page < pages
                      ? `${basePath}${queryString({ ...keep, page: String(page + 1) })}#heatmap`
                      : null,
                  total: formatCount(heatRows.length),
                }
              : null,
        }
      : null,
    trend: section(
      trendTable(data.trend, employee, customer),
      trend,
      trend === null ? 'Trends appear from the second cycle on.' : null,
    ),
    trendNote: data.trend.instrumentNote,
    rates: data.responseRates
      ? {
          ...section(
            responseRatesTable(data.responseRates, data.group.name),
            null,
            data.responseRates.hasInvitations
              ? null
              : 'No invitations went out through Tandem for this cycle (past waves imported from another tool have none), so there are no response rates.',
          ),
          employee: data.responseRates.employee,
          customer: data.responseRates.customer,
        }
      : null,
    comments: data.comments
      ? commentsView(data.comments, `${basePath}/comments.csv${csvQuery}`)
      : null,
    agreement: agreementSummary(report),
    focusDate: focus ? `${formatDate(focus.periodStart)} to ${formatDate(focus.periodEnd)}` : '',
  };
}

export interface ContentsEntry {
  id: string;
  label: string;
  children: { id: string; label: string }[];
}

/**
 * The page's table of contents: its sections in reading order, each an anchor (no script), the
 * optional ones only when the page has them.
 */
export function reportContents(has: {
  units: boolean;
  participation: boolean;
  comments: boolean;
  followThrough: boolean;
}): ContentsEntry[] {
  const entry = (id: string, label: string, children: ContentsEntry['children'] = []) => ({
    id,
    label,
    children,
  });
  return [
    entry('verdict', 'Verdict'),
    entry('scatter', 'Evidence', [{ id: 'turnover', label: 'Turnover' }]),
    entry('cross-lagged', 'Which comes first', [{ id: 'panel', label: 'Across all cycles' }]),
    entry('drivers', 'Drivers'),
    ...(has.units ? [entry('heatmap', 'Units')] : []),
    entry('trends', 'Trends'),
    ...(has.participation ? [entry('response-rates', 'Participation')] : []),
    ...(has.comments ? [entry('comments', 'Comments')] : []),
    ...(has.followThrough ? [entry('follow-through-impact', 'Follow-through')] : []),
    entry('correlations', 'Every pair of measures'),
    entry('method', 'How to read this report'),
  ];
}

function labelOf(report: LinkageReport, key: string): string {
  return (
    [...report.metrics.employee, ...report.metrics.customer].find((m) => m.key === key)?.label ??
    key
  );
}

function options(list: readonly { key: string; label: string }[], selected: string): Option[] {
  return list.map((m) => ({ value: m.key, label: m.label, selected: m.key === selected }));
}

function firstReason(
  comparisons: readonly { result: { status: string; reason?: string } }[],
): string {
  return (
    comparisons.find((c) => c.result.status !== 'ok')?.result.reason ??
    'no comparison could be made'
  );
}

/** Units that count in r but whose own figures are hidden to protect a smaller group. */
function hiddenPoints(report: LinkageReport): string | null {
  const e = report.primary.employeeMetric;
  const count = report.units.filter(
    (u) => u.included && (u.employee.hidden || u.employee.hiddenMetrics[e] !== undefined),
  ).length;
  if (count === 0) return null;
  return `${formatCount(count)} ${count === 1 ? 'unit is' : 'units are'} in the analysis but not plotted: ${count === 1 ? 'its' : 'their'} own figures are hidden, because too few people answered or so that a smaller group next to ${count === 1 ? 'it' : 'them'} cannot be worked out by subtraction.`;
}

function agreementSummary(report: LinkageReport) {
  const { aggregation, agreement } = report.analysis;
  const icc = aggregation.icc.flatMap((x) =>
    x.result.status === 'ok'
      ? [
          {
            metric: labelOf(report, x.metric),
            icc1: formatR(x.result.icc1),
            icc2: formatR(x.result.icc2),
            groups: formatCount(x.result.groups),
          },
        ]
      : [],
  );
  const rwg =
    agreement.status === 'ok' && agreement.rwg.status === 'ok'
      ? {
          scale: labelOf(report, agreement.metric),
          items: formatCount(agreement.items.length),
          median: formatR(agreement.rwg.medianRwgJ),
          share: `${Math.round(agreement.rwg.shareAtLeast70 * 100)}%`,
        }
      : null;
  return icc.length === 0 && rwg === null ? null : { icc, rwg };
}

/**
 * The rows a heatmap overview shows: the view's own row and whole levels below it, going down
 * past levels of a single unit (a company whose one root unit holds everything) and as deep
 * as fits in `limit` rows; if even the first real level is longer, it is paged.
 */
export function overviewRows<R extends { depth: number }>(rows: readonly R[], limit: number): R[] {
  const deepest = rows.reduce((max, r) => Math.max(max, r.depth), 0);
  const upTo = (d: number) => rows.filter((r) => r.depth <= d).length;
  const at = (d: number) => rows.filter((r) => r.depth === d).length;
  let depth = Math.min(1, deepest);
  while (depth < deepest && (at(depth) <= 1 || upTo(depth + 1) <= limit)) depth++;
  return rows.filter((r) => r.depth <= depth);
}

/** Comments shown at once per question; the rest of the sample sits behind "Show more". */
const COMMENTS_AT_ONCE = 8;

export function commentsView(comments: GroupComments, csv: string) {
  return {
    group: comments.name,
    min: comments.commentMin,
    hidden: comments.result.hidden ? comments.result.reason : null,
    questions: comments.result.hidden
      ? []
      : comments.result.questions.map((q) => ({
          text: q.text,
          total: formatCount(q.total),
          shown: formatCount(q.comments.length),
          sampled: q.total > q.comments.length,
          first: q.comments.slice(0, COMMENTS_AT_ONCE),
          rest: q.comments.slice(COMMENTS_AT_ONCE),
          hasComments: q.comments.length > 0,
        })),
    csv,
  };
}

export function queryString(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

import { employeeFigure } from './group-figures';
import { commentsTable, heatmapTable, responseRatesTable } from './linkage-tables';
import type { Section } from './linkage-page';
import { commentsView, overviewRows, queryString } from './linkage-page';
import { valueKind } from './metric-display';
import { heatmapChart, trendChart } from './report-charts';
import { formatCount, formatDate, pickerLabel } from './report-format';
import { CellValue, hiddenCell, ReportTable, toHtmlTable } from './report-table';
import type { GroupFigures, ShownOrHidden, Trend, UnitDashboardData } from './report.types';

/** The unit dashboard: a unit's subtree against the whole company, one cycle at a time. */

const cell = (figure: ShownOrHidden): CellValue =>
  figure.hidden ? hiddenCell(figure.reason) : figure.value;

const difference = (a: CellValue, b: CellValue): CellValue =>
  typeof a === 'number' && typeof b === 'number' ? a - b : null;

/** Percent for display: CSAT is already in percent, turnover is a proportion. */
const displayValue = (key: string, value: number | null | undefined): number | null =>
  typeof value !== 'number' ? null : valueKind(key) === 'proportion' ? value * 100 : value;

const lastPoint = (trend: Trend) => trend.points[trend.points.length - 1] ?? null;

export function summaryTable(d: UnitDashboardData): ReportTable {
  const unitTurnover = lastPoint(d.trend.unit);
  const companyTurnover = lastPoint(d.trend.company);
  const row = (measure: string, unit: CellValue, company: CellValue) => ({
    measure,
    unit,
    company,
    difference: difference(unit, company),
  });
  // Counts print as whole numbers in a column of one-decimal scores, and are not subtracted.
  const counts = (measure: string, unit: number, company: number) => ({
    measure,
    unit: formatCount(unit),
    company: formatCount(company),
    difference: null,
  });
  const employeeRow = (key: string, label: string) =>
    row(
      valueKind(key) === 'percent' ? `${label} (%)` : label,
      cell(employeeFigure(d.unitFigures, key)),
      cell(employeeFigure(d.companyFigures, key)),
    );
  const customerRow = (key: string, label: string, f: (g: GroupFigures) => number | null) =>
    row(
      valueKind(key) === 'percent' ? `${label} (%)` : label,
      f(d.unitFigures),
      f(d.companyFigures),
    );
  return {
    id: 'summary',
    caption: `${d.unit.name} against the whole company, ${d.cycle.label}`,
    columns: [
      { key: 'measure', label: 'Measure', format: 'text' },
      { key: 'unit', label: d.unit.name, format: 'score' },
      { key: 'company', label: 'Whole company', format: 'score' },
      { key: 'difference', label: 'Difference', format: 'score' },
    ],
    rows: [
      counts(
        'Employee responses',
        d.unitFigures.employeeResponses,
        d.companyFigures.employeeResponses,
      ),
      ...d.employeeMetrics.map((m) => employeeRow(m.key, m.label)),
      row(
        'Turnover (annualized, %)',
        d.unitFigures.employeeHidden
          ? hiddenCell(d.unitFigures.employeeHidden.reason)
          : displayValue('turnoverRate', unitTurnover?.turnoverRate),
        displayValue('turnoverRate', companyTurnover?.turnoverRate),
      ),
      counts(
        'Customer responses',
        d.unitFigures.customerResponses,
        d.companyFigures.customerResponses,
      ),
      ...d.customerMetrics.map((m) =>
        customerRow(m.key, m.label, (g) => displayValue(m.key, g.customer[m.key])),
      ),
    ],
  };
}

export function itemsTable(d: UnitDashboardData): ReportTable {
  return {
    id: 'items',
    caption: `Employee items, ${d.unit.name} against the whole company (% favorable; eNPS for 0–10 items)`,
    columns: [
      { key: 'item', label: 'Item', format: 'text' },
      { key: 'dimension', label: 'Dimension', format: 'text' },
      { key: 'unit', label: d.unit.name, format: 'score' },
      { key: 'company', label: 'Whole company', format: 'score' },
      { key: 'difference', label: 'Difference', format: 'score' },
    ],
    rows: d.items.map((item) => {
      const unit = cell(item.unit);
      const company = cell(item.company);
      return {
        item: item.label,
        dimension: item.dimension ?? '',
        unit,
        company,
        difference: difference(unit, company),
      };
    }),
  };
}

const TREND_KEYS = (d: UnitDashboardData) => {
  const index = d.employeeMetrics.find((m) => valueKind(m.key) === 'index');
  return [
    ...(index ? [{ key: index.key, label: index.label, side: 'employee' as const }] : []),
    { key: 'enps', label: 'eNPS', side: 'employee' as const },
    { key: 'turnover', label: 'Turnover, % a year', side: 'turnover' as const },
    { key: 'nps', label: 'NPS', side: 'customer' as const },
    { key: 'csat', label: 'CSAT, % satisfied', side: 'customer' as const },
  ];
};

export function unitTrendTable(d: UnitDashboardData): ReportTable {
  const keys = TREND_KEYS(d);
  const company = new Map(d.trend.company.points.map((p) => [p.cycle.id, p]));
  const value = (
    p: (typeof d.trend.unit.points)[number] | undefined,
    k: (typeof keys)[number],
  ): CellValue => {
    if (p === undefined) return null;
    if (k.side === 'employee') return cell(employeeFigure(p, k.key));
    if (k.side === 'turnover')
      return p.employeeHidden
        ? hiddenCell(p.employeeHidden.reason)
        : displayValue('turnoverRate', p.turnoverRate);
    return p.customer[k.key] ?? null;
  };
  return {
    id: 'trend',
    caption: `${d.unit.name} and the whole company, cycle by cycle`,
    columns: [
      { key: 'cycle', label: 'Cycle', format: 'text' },
      ...keys.flatMap((k) => [
        { key: `u:${k.key}`, label: `${k.label}, ${d.unit.name}`, format: 'score' as const },
        { key: `c:${k.key}`, label: `${k.label}, company`, format: 'score' as const },
      ]),
    ],
    rows: d.trend.unit.points.map((p) => ({
      cycle: p.cycle.label,
      ...Object.fromEntries(
        keys.flatMap((k) => [
          [`u:${k.key}`, value(p, k)],
          [`c:${k.key}`, value(company.get(p.cycle.id), k)],
        ]),
      ),
    })),
  };
}

export function unitTables(d: UnitDashboardData): ReportTable[] {
  return [
    summaryTable(d),
    itemsTable(d),
    heatmapTable(d.heatmap),
    unitTrendTable(d),
    responseRatesTable(d.responseRates, d.unit.name),
    commentsTable(d.comments),
  ];
}

export async function buildUnitPage(d: UnitDashboardData) {
  const base = `/reports/units/${d.unit.id}`;
  const query = queryString({ cycle: d.cycle.id });
  const section = (table: ReportTable, chart: Section['chart'], empty: string | null): Section => ({
    chart,
    table: toHtmlTable(table),
    csv: `${base}/${table.id}.csv${query}`,
    empty,
  });
  const keys = TREND_KEYS(d);
  const childRows = overviewRows(d.heatmap.rows, 40);
  const [heat, trend] = await Promise.all([
    heatmapChart(d.heatmap, childRows.slice(0, 40)),
    trendChart([
      { trend: d.trend.unit, keys },
      { trend: d.trend.company, keys },
    ]),
  ]);
  const heatTable = heatmapTable({ ...d.heatmap, rows: childRows });
  heatTable.pageLimit = 40;
  return {
    title: d.unit.name,
    unit: d.unit,
    cycle: d.cycle,
    period: `${formatDate(d.cycle.periodStart)} to ${formatDate(d.cycle.periodEnd)}`,
    cycles: [...d.cycles].reverse().map((c) => ({
      value: c.id,
      label: c.status === 'closed' ? pickerLabel(c) : `${c.label} (open: participation only)`,
      selected: c.id === d.cycle.id,
    })),
    hidden: d.unitFigures.employeeHidden?.reason ?? null,
    responses: formatCount(d.unitFigures.employeeResponses),
    thresholds: d.thresholds,
    summary: section(summaryTable(d), null, null),
    items: section(
      itemsTable(d),
      null,
      d.items.length === 0 ? 'This cycle’s employee survey has no scored items.' : null,
    ),
    heatmap: section(heatTable, heat, null),
    children: d.heatmap.rows.filter((r) => r.depth === 1 && r.unitId !== null),
    trend: section(
      unitTrendTable(d),
      trend,
      trend === null ? 'Trends appear from the second cycle on.' : null,
    ),
    trendNote: d.trend.unit.instrumentNote,
    rates: {
      ...section(
        responseRatesTable(d.responseRates, d.unit.name),
        null,
        d.responseRates.hasInvitations
          ? null
          : 'No invitations went out through Tandem for this cycle (past waves imported from another tool have none), so there are no response rates.',
      ),
      employee: d.responseRates.employee,
      customer: d.responseRates.customer,
    },
    comments: commentsView(d.comments, `${base}/comments.csv${query}`),
    jsonUrl: `/api/v1/reports/units/${d.unit.id}${query}`,
    parentUrl: d.unit.parentVisible ? `/reports/units/${d.unit.parentId}` : null,
  };
}

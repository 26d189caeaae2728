import { fisherConfidenceInterval } from '../analytics/stats/correlation';
import type { LinkageReport } from '../analytics/linkage.service';
import { scatterWithFit } from './charts/charts';
import { PanelAxis, TrendValue, trendPanels } from './charts/trend-panels';
import { crossLagPanel, PanelLink } from './charts/cross-lag-panel';
import { driverBars } from './charts/driver-bars';
import { UnitHeatCell, unitHeatmap } from './charts/unit-heatmap';
import { employeeFigure } from './group-figures';
import { formatMetric, valueKind } from './metric-display';
import { latestLag } from './narrative';
import { formatCorrelation, formatCount, formatP, formatR, formatScore } from './report-format';
import type { Heatmap, Trend } from './report.types';
import { axisDomain, changeScale, consecutiveChanges, LinePoint, TrendSide } from './trend-changes';

/**
 * The report's charts as server-rendered SVG (vega-lite → vega). Each returns the SVG and a
 * short summary for its caption, or null when there is nothing to draw (the page then says
 * what is missing). Every chart is paired on the page with its table.
 */

export interface Chart {
  svg: string;
  summary: string;
}

const labelsOf = (report: LinkageReport) =>
  Object.fromEntries(
    [...report.metrics.employee, ...report.metrics.customer].map((m) => [m.key, m.label]),
  );

/** Turnover and churn are proportions; charts show them in percent. */
const chartValue = (key: string, value: number) =>
  valueKind(key) === 'proportion' ? value * 100 : value;

export async function scatterChart(report: LinkageReport): Promise<Chart | null> {
  const labels = labelsOf(report);
  const { employeeMetric: e, customerMetric: c } = report.primary;
  const points = report.units.flatMap((u) => {
    if (!u.included || u.employee.hidden) return [];
    const x = u.employee.metrics[e];
    const y = u.customer.metrics[c];
    return typeof x === 'number' && typeof y === 'number'
      ? [
          {
            label: u.unitName,
            x: chartValue(e, x),
            y: chartValue(c, y),
            description: `${u.unitName}: ${labels[e] ?? e} ${formatMetric(e, x)}, ${labels[c] ?? c} ${formatMetric(c, y)}`,
          },
        ]
      : [];
  });
  if (points.length < 3) return null;
  const xTitle = axisTitle(e, labels[e] ?? e);
  const yTitle = axisTitle(c, labels[c] ?? c);
  const summary = `${formatCount(points.length)} units: ${labels[e] ?? e} across, ${labels[c] ?? c} up, with the least-squares line and its 95% confidence band.`;
  const svg = await scatterWithFit(
    points,
    { x: xTitle, y: yTitle },
    `Scatter plot. ${summary}`,
    { x: fixedDomain(e), y: fixedDomain(c) },
    { nameDots: true },
  );
  return { svg, summary };
}

/** Turnover (x, % per year) against the customer metric closest to satisfaction. */
export async function turnoverChart(
  report: LinkageReport,
  customerKey: string,
): Promise<Chart | null> {
  const labels = labelsOf(report);
  const points = report.units.flatMap((u) => {
    const y = u.customer.metrics[customerKey];
    return u.included && typeof u.turnoverRate === 'number' && typeof y === 'number'
      ? [
          {
            label: u.unitName,
            x: u.turnoverRate * 100,
            y: chartValue(customerKey, y),
            // A unit whose survey figures are hidden is a dot, never a name.
            description: u.employee.hidden
              ? null
              : `${u.unitName}: turnover ${formatMetric('turnoverRate', u.turnoverRate)} a year, ${labels[customerKey] ?? customerKey} ${formatMetric(customerKey, y)}`,
          },
        ]
      : [];
  });
  if (points.length < 3 || points.every((p) => p.x === points[0].x)) return null;
  const summary = `${formatCount(points.length)} units: annualized turnover across, ${labels[customerKey] ?? customerKey} up, with the least-squares line and its 95% confidence band.`;
  return {
    svg: await scatterWithFit(
      points,
      { x: 'Turnover, % a year', y: axisTitle(customerKey, labels[customerKey] ?? customerKey) },
      `Scatter plot. ${summary}`,
      { y: fixedDomain(customerKey) },
      { nameDots: true },
    ),
    summary,
  };
}

/** Scales with hard limits keep the confidence band inside what the metric can be. */
function fixedDomain(key: string): [number, number] | undefined {
  switch (valueKind(key)) {
    case 'nps':
      return [-100, 100];
    case 'percent':
      return [0, 100];
    case 'index':
    case 'proportion':
      return undefined;
  }
}

function axisTitle(key: string, label: string): string {
  switch (valueKind(key)) {
    case 'proportion':
      return `${label}, %`;
    case 'percent':
      return `${label}, % satisfied`;
    case 'nps':
      return `${label} (−100 to 100)`;
    case 'index':
      return `${label} (0–100)`;
  }
}

/** Two waves, four arrows: each side's stability and the two lagged correlations, with CIs. */
export async function crossLagChart(report: LinkageReport): Promise<Chart | null> {
  const lag = latestLag(report);
  if (lag === null) return null;
  const labels = labelsOf(report);
  const r = lag.result;
  const cycle = (id: string) => report.cycles.find((c) => c.id === id)?.label ?? '';
  const e = labels[lag.employeeMeasure] ?? lag.employeeMeasure;
  const c = labels[lag.customerMetric] ?? lag.customerMetric;
  const from = cycle(lag.fromCycleId);
  const to = cycle(lag.toCycleId);
  const withCi = (value: number) => formatCorrelation(value, fisherConfidenceInterval(value, r.n));
  const arrows: PanelLink[] = [
    { from: 'E1', to: 'E2', label: withCi(r.employeeStability) },
    { from: 'C1', to: 'C2', label: withCi(r.customerStability) },
    {
      from: 'E1',
      to: 'C2',
      label: formatCorrelation(r.employeeLeads.r, r.employeeLeads.ci),
      emphasis: r.direction === 'employee-first',
    },
    {
      from: 'C1',
      to: 'E2',
      label: formatCorrelation(r.customerLeads.r, r.customerLeads.ci),
      emphasis: r.direction === 'customer-first',
    },
  ];
  const sameCycle: PanelLink[] = [
    { from: 'E1', to: 'C1', label: `r = ${formatR(r.synchronousEarlier)}` },
    { from: 'E2', to: 'C2', label: `r = ${formatR(r.synchronousLater)}` },
  ];
  const summary =
    `${formatCount(r.n)} units in both ${from} and ${to}. ${e} in ${from} with ${c} in ${to}: r = ${formatR(r.employeeLeads.r)}; ` +
    `${c} in ${from} with ${e} in ${to}: r = ${formatR(r.customerLeads.r)} (Steiger's test p ${formatP(r.steiger.p)}). ` +
    `Same-cycle links (dashed): r = ${formatR(r.synchronousEarlier)} in ${from}, r = ${formatR(r.synchronousLater)} in ${to}.`;
  const svg = await crossLagPanel(
    { E1: `${e}\n${from}`, C1: `${c}\n${from}`, E2: `${e}\n${to}`, C2: `${c}\n${to}` },
    arrows,
    sameCycle,
    `Cross-lagged panel. ${summary}`,
  );
  return { svg, summary };
}

export async function driversChart(report: LinkageReport): Promise<Chart | null> {
  const drivers = report.analysis.drivers;
  if (drivers.status !== 'ok' || drivers.items.length === 0) return null;
  const labels = labelsOf(report);
  const customer = labels[report.primary.customerMetric] ?? report.primary.customerMetric;
  const items = drivers.items.slice(0, 15).map((d) => ({
    label: d.label.length > 86 ? `${d.label.slice(0, 85).trimEnd()}…` : d.label,
    r: d.r,
    note: `r = ${formatR(d.r)}, q ${formatP(d.q).startsWith('<') ? formatP(d.q) : `= ${formatP(d.q)}`}`,
    significant: d.q < 0.05,
  }));
  const top = drivers.items[0];
  const significant = drivers.items.filter((d) => d.q < 0.05).length;
  const summary = `${drivers.items.length} employee items ranked by their correlation with ${customer} across units; the strongest is “${top.label}” at r = ${formatR(top.r)}. ${significant} of ${drivers.items.length} have q below .05.`;
  return { svg: await driverBars(items, `r with ${customer}`, `Bar chart. ${summary}`), summary };
}

/** Index metrics (0–100) only: NPS-style figures have another scale and stay in the table. */
export async function heatmapChart(
  data: Heatmap,
  rowsShown: Heatmap['rows'],
): Promise<Chart | null> {
  const columns = data.employeeMetrics.filter((m) => valueKind(m.key) === 'index');
  if (rowsShown.length === 0 || columns.length === 0) return null;
  const cells: UnitHeatCell[] = rowsShown.flatMap((row) =>
    columns.map((m) => {
      const figure = employeeFigure(row, m.key);
      return {
        row: row.name,
        depth: row.depth,
        column: m.label.replace(/ index$/, ''),
        value: figure.hidden ? null : figure.value,
        hidden: figure.hidden,
        // Every row is in the reader's scope (the heatmap is built from it), so each unit's
        // page opens for them; the whole-company row has no page.
        href:
          row.unitId === null
            ? null
            : `/reports/units/${encodeURIComponent(row.unitId)}?cycle=${encodeURIComponent(data.cycle.id)}`,
      };
    }),
  );
  const hidden = cells.filter((c) => c.hidden).length;
  const summary = `${formatCount(rowsShown.length)} units by ${columns.length} employee indices (0–100; darker is higher)${hidden > 0 ? `; ${formatCount(hidden)} cells hidden to protect anonymity` : ''}.`;
  return { svg: await unitHeatmap(cells, `Heatmap. ${summary}`), summary };
}

export interface TrendSeries {
  trend: Trend;
  /** the panels: a measure each */
  keys: { key: string; label: string; side: TrendSide }[];
}

/**
 * One panel per measure, one line per group (a unit and the whole company, or the company
 * alone). Each panel states where its axis starts; a change from the cycle before that passes
 * the test of trend-changes.ts is marked ▲/▼ and named in the summary.
 */
export async function trendChart(series: TrendSeries[]): Promise<Chart | null> {
  const cycles = new Map<string, string>();
  for (const { trend } of series)
    for (const p of trend.points) cycles.set(p.cycle.label, p.cycle.periodStart);
  const cycleOrder = [...cycles].sort((a, b) => a[1].localeCompare(b[1])).map(([label]) => label);

  const values: TrendValue[] = [];
  const axes: PanelAxis[] = [];
  const marked: string[] = [];
  const byMeasure = new Map<string, { key: string; side: TrendSide; values: number[] }>();
  for (const { trend, keys } of series) {
    for (const { key, label, side } of keys) {
      const line: LinePoint[] = trend.points.flatMap((p) => {
        const value = trendValue(p, key, side);
        const n = side === 'customer' ? p.customerResponses : p.employeeResponses;
        return value === null ? [] : [{ cycle: p.cycle.label, value, n }];
      });
      const tests = consecutiveChanges(changeScale(key, side), line, cycleOrder);
      line.forEach((point, i) => {
        const test = tests[i];
        const change = test?.significant ? (test.delta > 0 ? 'up' : 'down') : null;
        values.push({
          cycle: point.cycle,
          measure: label,
          group: trend.name,
          value: point.value,
          change,
        });
        if (test?.significant)
          marked.push(
            `${label}${series.length > 1 ? ` (${trend.name})` : ''} ${test.delta > 0 ? 'rose' : 'fell'} ${formatScore(Math.abs(test.delta), 1)} points in ${point.cycle} (p ${formatP(test.p).startsWith('<') ? formatP(test.p) : `= ${formatP(test.p)}`})`,
          );
      });
      const entry = byMeasure.get(label) ?? { key, side, values: [] };
      entry.values.push(...line.map((p) => p.value));
      byMeasure.set(label, entry);
    }
  }
  const shownCycles = new Set(values.map((v) => v.cycle));
  if (shownCycles.size < 2) return null;
  const order = {
    cycles: cycleOrder,
    measures: [...new Set(series.flatMap((s) => s.keys.map((k) => k.label)))].filter((m) =>
      values.some((v) => v.measure === m),
    ),
    groups: series.map((s) => s.trend.name),
  };
  for (const measure of order.measures) {
    const m = byMeasure.get(measure)!;
    axes.push({ measure, domain: axisDomain(m.key, m.side, m.values) });
  }
  const changes =
    marked.length > 0
      ? ` ▲/▼: a change from the cycle before that is unlikely to be chance (p < .05): ${marked.join('; ')}.`
      : ' No change from one cycle to the next is large enough to rule out chance (p < .05).';
  const summary = `${order.measures.join(', ')} for ${order.groups.join(' and ')}, over ${order.cycles.length} cycles; the latest value is printed at the end of each line, and each panel says where its axis starts and ends.${changes}`;
  return {
    svg: await trendPanels(values, order, `Line charts. ${summary}`, axes),
    summary,
  };
}

function trendValue(p: Trend['points'][number], key: string, side: TrendSide): number | null {
  let value: number | null;
  switch (side) {
    case 'employee': {
      const figure = employeeFigure(p, key);
      value = figure.hidden ? null : figure.value;
      break;
    }
    case 'turnover':
      value = p.turnoverRate === null ? null : p.turnoverRate * 100;
      break;
    case 'customer':
      value = p.customer[key] ?? null;
      break;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

import type { LinkageReport } from '../analytics/linkage.service';
import type { PairResult } from '../analytics/linkage.types';
import { employeeFigure } from './group-figures';
import { exclusionText } from './narrative';
import type { CellValue, ReportColumn, ReportTable } from './report-table';
import { hiddenCell } from './report-table';
import type {
  Heatmap,
  LinkageReportData,
  ResponseRates,
  ShownOrHidden,
  Trend,
} from './report.types';
import type { GroupComments } from '../analytics/unit-comments.service';

/**
 * The tables of the linkage report. Each is both the text alternative of a chart on the page
 * and a CSV download, so what a reader sees and what they export cannot differ.
 */

const labelsOf = (report: LinkageReport) =>
  Object.fromEntries(
    [
      ...report.metrics.employee,
      ...report.metrics.customer,
      { key: 'turnoverRate', label: 'Turnover (annualized)' },
      { key: 'voluntaryTurnoverRate', label: 'Voluntary turnover (annualized)' },
    ].map((m) => [m.key, m.label.charAt(0).toUpperCase() + m.label.slice(1)]),
  );

const figureCell = (figure: ShownOrHidden): CellValue =>
  figure.hidden ? hiddenCell(figure.reason) : figure.value;

/** Units of the focus cycle: the data behind the scatter plots. */
export function unitsTable(report: LinkageReport): ReportTable {
  const labels = labelsOf(report);
  const { employeeMetric: e, customerMetric: c } = report.primary;
  const excluded = new Map(report.analysis.units.excluded.map((u) => [u.unitId, u.reasons]));
  return {
    id: 'units',
    caption: `Units in ${report.analysis.focusCycle?.label ?? 'the cycle'}: ${labels[e] ?? e} and ${labels[c] ?? c}`,
    columns: [
      { key: 'unit', label: 'Unit', format: 'text' },
      { key: 'employeeResponses', label: 'Employee responses', format: 'count' },
      { key: 'customerResponses', label: 'Customer responses', format: 'count' },
      { key: 'employee', label: labels[e] ?? e, format: `metric:${e}` },
      { key: 'customer', label: labels[c] ?? c, format: `metric:${c}` },
      { key: 'turnover', label: labels.turnoverRate, format: 'proportion' },
      { key: 'included', label: 'In the analysis', format: 'text' },
    ],
    rows: report.units.map((u) => {
      const reasons = excluded.get(u.unitId);
      return {
        unit: u.unitName,
        employeeResponses: u.employeeResponses,
        customerResponses: u.customerResponses,
        employee: u.employee.hidden
          ? hiddenCell(u.employee.reason)
          : u.employee.hiddenMetrics[e]
            ? hiddenCell(u.employee.hiddenMetrics[e].reason)
            : (u.employee.metrics[e] ?? null),
        customer: u.customer.metrics[c] ?? null,
        // Turnover is employee-side too: shown only where the unit's survey figures could be.
        turnover:
          u.included || !u.employee.hidden
            ? u.turnoverRate
            : hiddenCell(u.employee.hidden ? u.employee.reason : ''),
        included: u.included ? 'Yes' : `No: ${exclusionText(reasons ?? [])}`,
      };
    }),
    pageLimit: 50,
  };
}

const pairColumns = (first: ReportColumn): ReportColumn[] => [
  first,
  { key: 'customer', label: 'Customer metric', format: 'text' },
  { key: 'n', label: 'Units', format: 'count' },
  { key: 'r', label: 'r', format: 'r' },
  { key: 'lower', label: 'CI low', format: 'r' },
  { key: 'upper', label: 'CI high', format: 'r' },
  { key: 'p', label: 'p', format: 'p' },
  { key: 'spearman', label: 'Spearman ρ', format: 'r' },
  { key: 'partial', label: 'r for unit size', format: 'r' },
  { key: 'strength', label: 'Strength', format: 'text' },
];

function pairRows(report: LinkageReport, pairs: readonly PairResult[]) {
  const labels = labelsOf(report);
  return pairs.map((pair) => {
    const base = {
      employee: labels[pair.employeeMeasure] ?? pair.employeeMeasure,
      customer: labels[pair.customerMetric] ?? pair.customerMetric,
    };
    const r = pair.result;
    if (r.status !== 'ok') return { ...base, strength: `Not computed: ${r.reason}` };
    return {
      ...base,
      n: r.n,
      r: r.r,
      lower: r.ci.lower,
      upper: r.ci.upper,
      p: r.p,
      spearman: r.spearman,
      partial: r.partialForUnitSize.status === 'ok' ? r.partialForUnitSize.r : null,
      strength: r.exploratory ? `${r.strength} (exploratory)` : r.strength,
    };
  });
}

export function correlationsTable(report: LinkageReport): ReportTable {
  return {
    id: 'correlations',
    caption: 'Every employee metric against every customer metric (95% confidence intervals)',
    columns: pairColumns({ key: 'employee', label: 'Employee metric', format: 'text' }),
    rows: pairRows(report, report.analysis.pairs),
  };
}

export function turnoverTable(report: LinkageReport): ReportTable {
  return {
    id: 'turnover',
    caption: 'Turnover against customer metrics (95% confidence intervals)',
    columns: pairColumns({ key: 'employee', label: 'Turnover measure', format: 'text' }),
    rows: pairRows(report, report.analysis.turnover),
  };
}

const DIRECTION: Record<string, string> = {
  'employee-first': 'Employee side first',
  'customer-first': 'Customer side first',
  'no-clear-direction': 'No clear order',
};

export function crossLagTable(report: LinkageReport): ReportTable {
  const labels = labelsOf(report);
  const cycleLabel = (id: string) => report.cycles.find((c) => c.id === id)?.label ?? id;
  const comparisons =
    report.analysis.crossLagged.status === 'ok' ? report.analysis.crossLagged.comparisons : [];
  return {
    id: 'cross-lagged',
    caption: 'Which comes first: lagged correlations between consecutive cycles',
    columns: [
      { key: 'waves', label: 'Cycles', format: 'text' },
      { key: 'employee', label: 'Employee measure', format: 'text' },
      { key: 'customer', label: 'Customer metric', format: 'text' },
      { key: 'n', label: 'Units', format: 'count' },
      { key: 'eFirst', label: 'Employee then customer r', format: 'r' },
      { key: 'eLower', label: 'CI low', format: 'r' },
      { key: 'eUpper', label: 'CI high', format: 'r' },
      { key: 'cFirst', label: 'Customer then employee r', format: 'r' },
      { key: 'cLower', label: 'CI low', format: 'r' },
      { key: 'cUpper', label: 'CI high', format: 'r' },
      { key: 'z', label: 'Steiger Z', format: 'statistic' },
      { key: 'p', label: 'p', format: 'p' },
      { key: 'direction', label: 'Reading', format: 'text' },
    ],
    rows: comparisons.map((c) => {
      const base = {
        waves: `${cycleLabel(c.fromCycleId)} → ${cycleLabel(c.toCycleId)}`,
        employee: labels[c.employeeMeasure] ?? c.employeeMeasure,
        customer: labels[c.customerMetric] ?? c.customerMetric,
      };
      const r = c.result;
      if (r.status !== 'ok') return { ...base, direction: `Not computed: ${r.reason}` };
      return {
        ...base,
        n: r.n,
        eFirst: r.employeeLeads.r,
        eLower: r.employeeLeads.ci.lower,
        eUpper: r.employeeLeads.ci.upper,
        cFirst: r.customerLeads.r,
        cLower: r.customerLeads.ci.lower,
        cUpper: r.customerLeads.ci.upper,
        z: r.steiger.z,
        p: r.steiger.p,
        direction: DIRECTION[r.direction],
      };
    }),
  };
}

/**
 * The panel over every cycle in the range: between and within units (per point of the employee
 * measure) and the standardized lagged within-unit paths in both directions.
 */
export function panelTable(report: LinkageReport): ReportTable {
  const labels = labelsOf(report);
  const { panel } = report.analysis;
  const e = labels[report.primary.employeeMetric] ?? report.primary.employeeMetric;
  const c = labels[report.primary.customerMetric] ?? report.primary.customerMetric;
  const rows: Record<string, CellValue>[] = [];
  const bw = panel.betweenWithin;
  if (bw.status === 'ok') {
    rows.push(
      {
        effect: `Between units: ${c} per point of a unit's average ${e}`,
        estimate: bw.between.estimate,
        lower: bw.between.ci[0],
        upper: bw.between.ci[1],
        basis: `${bw.units} units, ${bw.rows} unit-cycles`,
      },
      {
        effect: `Within units: ${c} per point a unit's ${e} is above its own average`,
        estimate: bw.within.estimate,
        lower: bw.within.ci[0],
        upper: bw.within.ci[1],
        basis: `${bw.units} units, ${bw.rows} unit-cycles`,
      },
    );
  } else rows.push({ effect: 'Between and within units', basis: `Not computed: ${bw.reason}` });
  const lag = panel.lagged;
  if (lag.status === 'ok') {
    const basis = `${lag.units} units, ${lag.rows} pairs of consecutive cycles`;
    rows.push(
      {
        effect: `${e} now → ${c} next cycle (standardized)`,
        estimate: lag.forward.std,
        lower: lag.forward.ci?.[0] ?? null,
        upper: lag.forward.ci?.[1] ?? null,
        basis,
      },
      {
        effect: `${c} now → ${e} next cycle (standardized)`,
        estimate: lag.reverse.std,
        lower: lag.reverse.ci?.[0] ?? null,
        upper: lag.reverse.ci?.[1] ?? null,
        basis,
      },
      {
        effect: 'Difference: first path minus second',
        estimate: lag.difference.estimate,
        lower: lag.difference.ci?.[0] ?? null,
        upper: lag.difference.ci?.[1] ?? null,
        basis: `unit bootstrap, ${lag.bootstrap.used} resamples`,
      },
    );
  } else
    rows.push({ effect: 'Which comes first, within units', basis: `Not computed: ${lag.reason}` });
  return {
    id: 'panel',
    caption: `Across ${panel.cycles.length} cycles: between and within units, and which comes first (95% intervals)`,
    columns: [
      { key: 'effect', label: 'Effect', format: 'text' },
      { key: 'estimate', label: 'Estimate', format: 'statistic' },
      { key: 'lower', label: 'CI low', format: 'statistic' },
      { key: 'upper', label: 'CI high', format: 'statistic' },
      { key: 'basis', label: 'Based on', format: 'text' },
    ],
    rows,
  };
}

/** Top- against bottom-quarter units of the employee measure: NPS, CSAT and turnover gaps. */
export function quartileGapsTable(report: LinkageReport): ReportTable {
  const gaps = report.analysis.panel.quartileGaps;
  // Turnover is a proportion a year; the table shows it in percent like NPS and CSAT.
  const scale = (metric: string) => (metric === 'turnoverRate' ? 100 : 1);
  const label = (metric: string, fallback: string) =>
    metric === 'turnoverRate' ? 'Turnover, % a year' : fallback;
  return {
    id: 'quartile-gaps',
    caption: 'Top against bottom quarter of units: the gap, with 95% Welch intervals',
    columns: [
      { key: 'measure', label: 'Measure', format: 'text' },
      { key: 'top', label: 'Top quarter', format: 'score' },
      { key: 'bottom', label: 'Bottom quarter', format: 'score' },
      { key: 'gap', label: 'Gap', format: 'score' },
      { key: 'lower', label: 'CI low', format: 'score' },
      { key: 'upper', label: 'CI high', format: 'score' },
      { key: 'p', label: 'p', format: 'p' },
    ],
    rows:
      gaps.status !== 'ok'
        ? []
        : gaps.gaps.map((g): Record<string, CellValue> => {
            const k = scale(g.metric);
            const measure = label(g.metric, g.label);
            if (g.result.status !== 'ok') return { measure: `${measure}: ${g.result.reason}` };
            return {
              measure,
              top: g.result.top.mean * k,
              bottom: g.result.bottom.mean * k,
              gap: g.result.difference * k,
              lower: g.result.ci[0] * k,
              upper: g.result.ci[1] * k,
              p: g.result.p,
            };
          }),
  };
}

export function driversTable(report: LinkageReport): ReportTable {
  const labels = labelsOf(report);
  const drivers = report.analysis.drivers;
  const customer = labels[report.primary.customerMetric] ?? report.primary.customerMetric;
  return {
    id: 'drivers',
    caption: `Employee items ranked by how closely they move with ${customer} (q: false-discovery-adjusted p)`,
    columns: [
      { key: 'rank', label: 'Rank', format: 'count' },
      { key: 'item', label: 'Employee item', format: 'text' },
      { key: 'n', label: 'Units', format: 'count' },
      { key: 'r', label: 'r', format: 'r' },
      { key: 'lower', label: 'CI low', format: 'r' },
      { key: 'upper', label: 'CI high', format: 'r' },
      { key: 'p', label: 'p', format: 'p' },
      { key: 'q', label: 'q', format: 'p' },
      { key: 'strength', label: 'Strength', format: 'text' },
    ],
    rows:
      drivers.status === 'ok'
        ? drivers.items.map((d) => ({
            rank: String(d.rank),
            item: d.label,
            n: d.n,
            r: d.r,
            lower: d.ci.lower,
            upper: d.ci.upper,
            p: d.p,
            q: d.q,
            strength: d.strength,
          }))
        : [],
  };
}

/** Units × metrics; the first column is the unit, indented by depth on the page. */
export function heatmapTable(heatmap: Heatmap, pageLimit?: number): ReportTable {
  const employee = heatmap.employeeMetrics;
  const customer = heatmap.customerMetrics;
  return {
    id: 'heatmap',
    caption: `Results by unit, ${heatmap.cycle.label} (employee figures hidden below ${heatmap.thresholds.anonymityMin} responses)`,
    columns: [
      { key: 'unit', label: 'Unit', format: 'text' },
      { key: 'depth', label: 'Level', format: 'count' },
      { key: 'employeeResponses', label: 'Employee responses', format: 'count' },
      ...employee.map((m) => ({
        key: `e:${m.key}`,
        label: m.label,
        format: `metric:${m.key}` as const,
      })),
      { key: 'customerResponses', label: 'Customer responses', format: 'count' },
      ...customer.map((m) => ({
        key: `c:${m.key}`,
        label: m.label,
        format: `metric:${m.key}` as const,
      })),
    ],
    rows: heatmap.rows.map((row) => ({
      unit: row.name,
      depth: row.depth,
      employeeResponses: row.employeeResponses,
      ...Object.fromEntries(
        employee.map((m) => [`e:${m.key}`, figureCell(employeeFigure(row, m.key))]),
      ),
      customerResponses: row.customerResponses,
      ...Object.fromEntries(customer.map((m) => [`c:${m.key}`, row.customer[m.key] ?? null])),
    })),
    pageLimit,
  };
}

export function trendTable(
  trend: Trend,
  employee: readonly { key: string; label: string }[],
  customer: readonly { key: string; label: string }[],
): ReportTable {
  return {
    id: 'trend',
    caption: `${trend.name}: results cycle by cycle`,
    columns: [
      { key: 'cycle', label: 'Cycle', format: 'text' },
      { key: 'employeeResponses', label: 'Employee responses', format: 'count' },
      ...employee.map((m) => ({
        key: `e:${m.key}`,
        label: m.label,
        format: `metric:${m.key}` as const,
      })),
      { key: 'turnover', label: 'Turnover (annualized)', format: 'proportion' },
      { key: 'customerResponses', label: 'Customer responses', format: 'count' },
      ...customer.map((m) => ({
        key: `c:${m.key}`,
        label: m.label,
        format: `metric:${m.key}` as const,
      })),
    ],
    rows: trend.points.map((p) => ({
      cycle: p.cycle.label,
      employeeResponses: p.employeeResponses,
      ...Object.fromEntries(
        employee.map((m) => [`e:${m.key}`, figureCell(employeeFigure(p, m.key))]),
      ),
      turnover: p.employeeHidden ? hiddenCell(p.employeeHidden.reason) : p.turnoverRate,
      customerResponses: p.customerResponses,
      ...Object.fromEntries(customer.map((m) => [`c:${m.key}`, p.customer[m.key] ?? null])),
    })),
  };
}

export function responseRatesTable(rates: ResponseRates, name: string): ReportTable {
  const rows = [
    { unit: name, ...rateCells(rates.employee, rates.customer) },
    ...[...rates.units]
      .sort(
        (a, b) =>
          (a.employee.responseRate ?? 2) - (b.employee.responseRate ?? 2) ||
          a.unitName.localeCompare(b.unitName, 'en'),
      )
      .map((u) => ({ unit: u.unitName, ...rateCells(u.employee, u.customer) })),
  ];
  return {
    id: 'response-rates',
    caption: `Response rates, ${rates.cycle.label} (lowest employee rate first)`,
    columns: [
      { key: 'unit', label: 'Unit', format: 'text' },
      { key: 'eSent', label: 'Employees invited', format: 'count' },
      { key: 'eAnswered', label: 'Employees answered', format: 'count' },
      { key: 'eRate', label: 'Employee rate', format: 'proportion' },
      { key: 'cSent', label: 'Customers invited', format: 'count' },
      { key: 'cAnswered', label: 'Customers answered', format: 'count' },
      { key: 'cRate', label: 'Customer rate', format: 'proportion' },
    ],
    rows,
    pageLimit: 31,
  };
}

function rateCells(employee: ResponseRates['employee'], customer: ResponseRates['customer']) {
  return {
    eSent: employee.sent,
    eAnswered: employee.answered,
    eRate: employee.responseRate,
    cSent: customer.sent,
    cAnswered: customer.answered,
    cRate: customer.responseRate,
  };
}

export function commentsTable(comments: GroupComments): ReportTable {
  return {
    id: 'comments',
    caption: `Employee comments, ${comments.name}, ${comments.cycle.label}`,
    columns: [
      { key: 'question', label: 'Question', format: 'text' },
      { key: 'comment', label: 'Comment', format: 'text' },
    ],
    rows: comments.result.hidden
      ? []
      : comments.result.questions.flatMap((q) =>
          q.comments.map((comment) => ({ question: q.text, comment })),
        ),
  };
}

/** Every table of a linkage report, by id (the CSV routes look them up here). */
export function linkageTables(data: LinkageReportData): ReportTable[] {
  const { linkage } = data;
  const employee = linkage.metrics.employee;
  const customer = linkage.metrics.customer.filter((m) => m.key !== 'churnRate');
  const tables = [
    unitsTable(linkage),
    correlationsTable(linkage),
    turnoverTable(linkage),
    crossLagTable(linkage),
    panelTable(linkage),
    quartileGapsTable(linkage),
    driversTable(linkage),
    trendTable(data.trend, employee, customer),
  ];
  if (data.heatmap) tables.push(heatmapTable(data.heatmap));
  if (data.responseRates) tables.push(responseRatesTable(data.responseRates, data.group.name));
  if (data.comments) tables.push(commentsTable(data.comments));
  return tables;
}

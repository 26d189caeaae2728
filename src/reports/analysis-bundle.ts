import { stringify } from 'csv-stringify/sync';
import type { LinkageReport, LinkageUnitPoint, MetricLabel } from '../analytics/linkage.service';
import type { PairResult } from '../analytics/linkage.types';
import { valueKind } from './metric-display';
import { neutralizeFormula } from './report-table';

/**
 * The files of a linkage report's analysis bundle (docs/methods.md, "Reproducing a report"):
 * units.csv (the unit × cycle table as the report's pages show it), codebook.md, analysis.R and
 * report.json. Pure: the service gathers the report, the table and the per-cycle correlations.
 */

export interface BundleCycle {
  id: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  /** the units of the cycle as its report shows them (hidden figures already null) */
  units: LinkageUnitPoint[];
  /** the primary pair's correlation in the cycle, from that cycle's own report */
  primaryPair: PairResult;
}

export interface BundleInput {
  /** what the bundle reproduces: '/reports/linkage?from=…&to=…' or '/reports/cycles/…' */
  source: string;
  kind: 'cycle' | 'range';
  group: { unitId: string | null; name: string };
  linkage: LinkageReport;
  /** in start-date order */
  cycles: BundleCycle[];
  /** the R script's body (views/reports/analysis.R) */
  script: string;
  generatedAt: Date;
}

export interface BundleFile {
  name: string;
  text: string;
}

const BOM = '\uFEFF';

/** A number in full (shortest round-trip) precision; blank when missing or hidden. */
const num = (value: number | null | undefined): string =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : '';

function hiddenNote(unit: LinkageUnitPoint): string {
  if (unit.employee.hidden) return unit.employee.code;
  return Object.entries(unit.employee.hiddenMetrics)
    .map(([key, h]) => `${key}: ${h.code}`)
    .join('; ');
}

/** The unit × cycle table, one row per unit and cycle, hidden cells empty. */
export function unitsCsv(input: BundleInput): string {
  const { employee, customer } = input.linkage.metrics;
  const header = [
    'unit_id',
    'unit_name',
    'cycle',
    'cycle_order',
    'cycle_start',
    'cycle_end',
    'employee_responses',
    'customer_responses',
    'in_analysis',
    'employee_hidden',
    ...employee.map((m) => `employee_${m.key}`),
    ...customer.map((m) => `customer_${m.key}`),
    'headcount',
    'turnover_rate',
    'voluntary_turnover_rate',
  ];
  const rows = input.cycles.flatMap((cycle, i) =>
    cycle.units.map((u) => {
      const shown = u.employee.hidden ? null : u.employee.metrics;
      return [
        u.unitId,
        u.unitName,
        cycle.label,
        String(i + 1),
        cycle.periodStart,
        cycle.periodEnd,
        String(u.employeeResponses),
        String(u.customerResponses),
        u.included ? '1' : '0',
        hiddenNote(u),
        ...employee.map((m) => num(shown?.[m.key])),
        ...customer.map((m) => num(u.customer.metrics[m.key])),
        num(u.headcount),
        num(u.turnoverRate),
        num(u.voluntaryTurnoverRate),
      ];
    }),
  );
  return BOM + stringify([header, ...rows].map((cells) => cells.map(neutralizeFormula)));
}

/** Rows in the analysis whose primary employee measure the table must leave empty. */
export function hiddenInAnalysis(input: BundleInput): number {
  const key = input.linkage.primary.employeeMetric;
  return input.cycles
    .flatMap((c) => c.units)
    .filter((u) => u.included && (u.employee.hidden || key in u.employee.hiddenMetrics)).length;
}

const UNIT_OF: Record<ReturnType<typeof valueKind>, string> = {
  index: 'index, 0–100',
  nps: 'score, −100 to 100',
  percent: 'percent, 0–100',
  proportion: 'proportion a year (0.15 = 15%)',
};

const HOW: Record<string, string> = {
  enps: 'eNPS: % promoters (9–10) − % detractors (0–6) on the recommend-as-a-workplace item',
  nps: 'NPS: % promoters (9–10) − % detractors (0–6) on the recommend item',
  csat: 'CSAT: share of 4–5 answers on the 1–5 overall-satisfaction item',
  relationshipIndex: 'mean score of the customer survey’s 1–5 statements, rescaled (m − 1)/4 · 100',
  churnRate: 'accounts lost in the cycle period ÷ accounts active at its start',
};

function metricRow(side: 'employee' | 'customer', m: MetricLabel): string {
  const how =
    HOW[m.key] ??
    `${m.label}: the mean item score of the unit’s own respondents on the ${m.key} items (1–5), rescaled (m − 1)/4 · 100`;
  const suppression =
    side === 'employee'
      ? 'empty where the report hides it (privacy rule 2; see `employee_hidden`)'
      : 'never hidden (customers are told their answers may be identified)';
  return `| \`${side}_${m.key}\` | ${UNIT_OF[valueKind(m.key)]} | ${how}; the unit’s own responses in the cycle | ${suppression} |`;
}

export function codebook(input: BundleInput): string {
  const { linkage } = input;
  const label = (key: string) =>
    [...linkage.metrics.employee, ...linkage.metrics.customer].find((m) => m.key === key)?.label ??
    key;
  const { anonymityMin, minCustomerResponses } = linkage.analysis.thresholds;
  const hidden = hiddenInAnalysis(input);
  return [
    '# Codebook',
    '',
    `Tandem analysis bundle of \`${input.source}\` (${input.group.name}), ${input.generatedAt.toISOString()}.`,
    `Cycles: ${input.cycles.map((c) => c.label).join(', ')}.` +
      (linkage.withheld.length === 0
        ? ''
        : ` Left out while open (no figure of an open cycle is ever given): ${linkage.withheld.map((c) => c.label).join(', ')}.`),
    `Primary pair: ${label(linkage.primary.employeeMetric)} (\`employee_${linkage.primary.employeeMetric}\`) and ${label(linkage.primary.customerMetric)} (\`customer_${linkage.primary.customerMetric}\`).`,
    '',
    '## Files',
    '',
    '- `units.csv`: one row per unit and cycle, every figure as the report shows it (UTF-8 with a byte-order mark; full precision; hidden cells empty).',
    '- `analysis.R`: `Rscript analysis.R` in this folder (R with lme4) recomputes the per-cycle correlations, the between/within model and the lagged within-unit models from `units.csv` and writes `results.json`.',
    '- `report.json`: the report’s own numbers under the same names: `perCycle[].result` (n, r, ci, p), `analysis.panel.betweenWithin` (within, between: estimate, se, ci; units, rows, varUnit, varResidual) and `analysis.panel.lagged` (forward/reverse: std and raw; difference.estimate; rows, units). The bootstrap intervals (`lagged.*.ci`, `difference.ci`) use Tandem’s own seeded resampling and are not recomputed in R.',
    '',
    '## Columns of units.csv',
    '',
    '| column | unit | how it was computed | suppression |',
    '| --- | --- | --- | --- |',
    '| `unit_id` | id | the unit (a node of the org tree) | — |',
    '| `unit_name` | text | its name (a name a spreadsheet would run as a formula starts with an apostrophe) | — |',
    '| `cycle` | text | the paired cycle’s period label | — |',
    '| `cycle_order` | 1, 2, … | the cycle’s place among this table’s cycles by start date | — |',
    '| `cycle_start`, `cycle_end` | date | the period the cycle measured | — |',
    '| `employee_responses` | count | employee responses stored for the unit itself in the cycle (counts are not secret; the figures are) | never hidden |',
    '| `customer_responses` | count | customer responses for accounts the unit serves | never hidden |',
    `| \`in_analysis\` | 0/1 | 1 when the unit has at least ${anonymityMin} employee responses (ANONYMITY_MIN) and at least ${minCustomerResponses} customer responses (MIN_CUSTOMER_RESPONSES): only these units enter the analysis | — |`,
    `| \`employee_hidden\` | code | why the unit’s employee figures are empty: \`below-threshold\` (fewer than ${anonymityMin} responses or answers), \`complementary\` (hidden so that a smaller group cannot be worked out by subtraction); \`<metric>: <code>\` when one metric alone is hidden | — |`,
    ...linkage.metrics.employee.map((m) => metricRow('employee', m)),
    ...linkage.metrics.customer.map((m) => metricRow('customer', m)),
    '| `headcount` | people | average daily headcount of the unit over the cycle period, from the directory’s history | — |',
    '| `turnover_rate` | proportion a year (0.15 = 15%) | separations ÷ average headcount over the period, annualized × 365/days | — |',
    '| `voluntary_turnover_rate` | proportion a year | the same for voluntary exits only | — |',
    '',
    '## Suppression (Tandem’s docs/methods.md, "What reports hide")',
    '',
    `- No employee figure of a group with fewer than ${anonymityMin} responses; a unit shown next to all-but-one of its siblings is hidden too when the hidden sibling could otherwise be worked out by subtraction. Each cycle’s rows are suppressed exactly as that cycle’s report suppresses them.`,
    '- Nothing of a cycle that is still open: its results appear when it closes.',
    '- A manager’s bundle holds their own subtree only.',
    hidden === 0
      ? '- No unit the analysis used has a hidden figure here, so `results.json` should match `report.json` to about 1e-6.'
      : `- ${hidden} unit-cycle rows the analysis used have their ${label(linkage.primary.employeeMetric)} hidden here (the report analyses every unit with enough responses, but may not show each one): \`results.json\` will differ from \`report.json\` by their contribution.`,
    '',
    '## Methods',
    '',
    'The formulas, papers and R calls are in the repository’s `docs/methods.md`: “Between and within units”, “Which comes first, within units”, “The panel sections of a linkage report” (which cycles enter the panel: at least 4 units in the analysis and at least half as many as the best-covered cycle) and “Reproducing a report”. Per cycle, r is Pearson’s over the units in the analysis with both measures, its 95% interval Fisher’s z, p two-sided from t with N − 2 df: `cor.test(x, y)`.',
    '',
  ].join('\n');
}

export function reportJson(input: BundleInput): string {
  const { linkage } = input;
  const { panel } = linkage.analysis;
  return JSON.stringify(
    {
      about: {
        source: input.source,
        kind: input.kind,
        group: input.group,
        generatedAt: input.generatedAt.toISOString(),
        cycles: input.cycles.map((c) => c.label),
        withheld: linkage.withheld.map((c) => c.label),
        primary: linkage.primary,
        thresholds: linkage.analysis.thresholds,
        hiddenInAnalysis: hiddenInAnalysis(input),
      },
      perCycle: input.cycles.map((c) => ({ cycle: c.label, ...c.primaryPair })),
      analysis: { panel: { ...panel, cycles: panel.cycles.map((c) => c.label) } },
    },
    null,
    2,
  );
}

/** The script with the report's settings in front of its body. */
export function analysisScript(input: BundleInput): string {
  const { linkage } = input;
  const { anonymityMin, minCustomerResponses } = linkage.analysis.thresholds;
  const r = (text: string) => JSON.stringify(text);
  return [
    `# Tandem analysis bundle of ${input.source}`,
    `employee_measure <- ${r(linkage.primary.employeeMetric)}`,
    `customer_metric <- ${r(linkage.primary.customerMetric)}`,
    `anonymity_min <- ${anonymityMin}`,
    `min_customer_responses <- ${minCustomerResponses}`,
    '',
    input.script,
  ].join('\n');
}

export function bundleFiles(input: BundleInput): BundleFile[] {
  return [
    { name: 'units.csv', text: unitsCsv(input) },
    { name: 'codebook.md', text: codebook(input) },
    { name: 'analysis.R', text: analysisScript(input) },
    { name: 'report.json', text: reportJson(input) },
  ];
}

/** tandem-analysis-2025-Q4-to-2026-Q3 (a range) or tandem-analysis-2026-Q3 (one cycle). */
export function bundleName(kind: 'cycle' | 'range', labels: readonly string[]): string {
  const safe = (label: string) => label.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  const first = safe(labels[0] ?? 'none');
  const last = safe(labels[labels.length - 1] ?? 'none');
  return kind === 'cycle' || first === last
    ? `tandem-analysis-${last}`
    : `tandem-analysis-${first}-to-${last}`;
}

import type { LinkageReport } from '../analytics/linkage.service';
import type {
  CorrelationSummary,
  CrossLagResult,
  CrossLagSummary,
  ExclusionReason,
} from '../analytics/linkage.types';
import { lagPeriod } from '../analytics/linkage-verdict';
import {
  decideVerdict,
  type DecidedVerdict,
  type VerdictBadge,
  type VerdictEvidence,
} from '../analytics/stats/verdict-table';
import { customerPhrase, employeePhrase } from './metric-display';
import { formatCount, formatInterval, formatP, formatR } from './report-format';

/**
 * The plain-language reading of a linkage report. Headline, badges and caveats come from the
 * decision table (analytics/stats/verdict-table.ts) applied to the evidence the analysis
 * recorded (analysis.verdict.evidence), worded with the page's phrases, so the page and the
 * JSON verdict rest on the same facts:
 * "Units with more engaged teams had more loyal customers (higher NPS): moderate link,
 *  r = .42 [.31, .52], 300 units; engagement led NPS by one quarter."
 */

export interface Narrative {
  /** null when there is no verdict (see `missing`) */
  headline: string | null;
  /** the link fact for styling: 'small' | 'moderate' | 'strong' | 'uncertain-size' | 'negligible' | 'unclear' */
  strength: string | null;
  /** "Moderate link" */
  strengthLabel: string | null;
  /** badges with a CSS class each (the link badge first) */
  badges: (VerdictBadge & { className: string })[];
  exploratory: boolean;
  /** what is missing for a verdict, said plainly */
  missing: string[];
  details: string[];
  caveats: string[];
}

/** Metric keys as they read inside a sentence. */
const PROSE: Record<string, string> = {
  engagement: 'engagement',
  enablement: 'enablement',
  manager: 'manager ratings',
  wellbeing: 'wellbeing',
  enps: 'eNPS',
  nps: 'NPS',
  csat: 'CSAT',
  relationshipIndex: 'the customer relationship index',
  churnRate: 'customer churn',
  turnoverRate: 'turnover',
  voluntaryTurnoverRate: 'voluntary turnover',
};

export function proseLabel(key: string, labels: Record<string, string> = {}): string {
  return PROSE[key] ?? (labels[key] ?? key).toLowerCase();
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export { lagPeriod };

function labelMap(report: LinkageReport): Record<string, string> {
  return Object.fromEntries(
    [...report.metrics.employee, ...report.metrics.customer].map((m) => [m.key, m.label]),
  );
}

export function primaryPair(report: LinkageReport): CorrelationSummary | null {
  const { employeeMetric, customerMetric } = report.primary;
  const pair = report.analysis.pairs.find(
    (p) => p.employeeMeasure === employeeMetric && p.customerMetric === customerMetric,
  );
  return pair?.result.status === 'ok' ? pair.result : null;
}

/** The latest cross-lagged comparison of the primary employee metric that could be computed. */
export function latestLag(
  report: LinkageReport,
  employeeMeasure = report.primary.employeeMetric,
): (CrossLagResult & { result: { status: 'ok' } & CrossLagSummary }) | null {
  if (report.analysis.crossLagged.status !== 'ok') return null;
  const found = [...report.analysis.crossLagged.comparisons]
    .reverse()
    .find((c) => c.employeeMeasure === employeeMeasure && c.result.status === 'ok');
  return found && found.result.status === 'ok'
    ? (found as CrossLagResult & { result: { status: 'ok' } & CrossLagSummary })
    : null;
}

/** The report's verdict from the decision table, worded for the page; null without evidence. */
export function decideReport(report: LinkageReport): DecidedVerdict | null {
  const evidence = (report.analysis.verdict as { evidence?: VerdictEvidence }).evidence;
  if (evidence === undefined) return null;
  const labels = labelMap(report);
  const eKey = report.primary.employeeMetric;
  const cKey = report.primary.customerMetric;
  const e = proseLabel(eKey, labels);
  const c = proseLabel(cKey, labels);
  return decideVerdict({
    ...evidence,
    x: e,
    y: c,
    phrases: {
      xMore: employeePhrase(eKey, labels[eKey] ?? e),
      yHigher: customerPhrase(cKey, labels[cKey] ?? c, true),
      yLower: customerPhrase(cKey, labels[cKey] ?? c, false),
    },
  });
}

/** Which came first, in the decision table's words, or null when the verdict names no order. */
export function lagSentence(report: LinkageReport): string | null {
  const order = decideReport(report)?.sentences.order ?? '';
  return order === '' ? null : order.replace(/^; /, '');
}

const EXCLUSION_WORDS: Record<ExclusionReason, string> = {
  'too-few-employee-responses': 'too few employee responses',
  'too-few-customer-responses': 'too few customer responses',
  'no-data-in-cycle': 'no responses in this cycle',
};

export function exclusionText(reasons: readonly ExclusionReason[]): string {
  return reasons.map((r) => EXCLUSION_WORDS[r]).join(' and ');
}

export function describeReport(report: LinkageReport): Narrative {
  const { analysis } = report;
  const labels = labelMap(report);
  const eKey = report.primary.employeeMetric;
  const cKey = report.primary.customerMetric;
  const e = proseLabel(eKey, labels);
  const c = proseLabel(cKey, labels);
  const { anonymityMin, minCustomerResponses } = analysis.thresholds;
  const included = analysis.units.included.length;
  const excluded = analysis.units.excluded.length;
  const pair = primaryPair(report);

  if (pair === null) {
    const missing: string[] = [];
    if (report.cycles.length === 0) {
      missing.push('No cycle has been run yet: launch a paired cycle, or import past waves.');
    } else {
      const primary = analysis.pairs.find(
        (p) => p.employeeMeasure === eKey && p.customerMetric === cKey,
      );
      const reason =
        primary && primary.result.status === 'insufficient' ? primary.result.reason : null;
      missing.push(
        `A unit counts when it has at least ${anonymityMin} employee and ${minCustomerResponses} customer responses in the cycle; ${formatCount(included)} ${included === 1 ? 'unit does' : 'units do'} so far, and at least 4 are needed.`,
      );
      if (reason) missing.push(`${capitalize(reason)}.`);
      if (excluded > 0)
        missing.push(
          `${formatCount(excluded)} ${excluded === 1 ? 'unit was' : 'units were'} left out; the table of units below says why.`,
        );
    }
    return noVerdict(missing);
  }
  const decided = decideReport(report);
  if (decided === null)
    return noVerdict(['This report was computed before verdicts had evidence.']);
  if (!decided.decided) return noVerdict([decided.headline, ...decided.caveats]);

  const details: string[] = [
    `Two-sided p ${pValue(pair.p)}; Spearman ρ = ${formatR(pair.spearman)}.`,
  ];
  if (pair.bootstrapCi.status === 'ok')
    details.push(
      `A bootstrap over units (${formatCount(pair.bootstrapCi.resamples)} resamples) puts r between ${formatR(pair.bootstrapCi.lower)} and ${formatR(pair.bootstrapCi.upper)}.`,
    );
  if (pair.partialForUnitSize.status === 'ok')
    details.push(
      `Allowing for unit size, r = ${formatR(pair.partialForUnitSize.r)} ${formatInterval(pair.partialForUnitSize.ci)}.`,
    );
  const lagged = latestLag(report);
  if (lagged !== null) {
    const r = lagged.result;
    details.push(
      `Across ${formatCount(r.n)} units in both cycles: ${e} then ${c}, r = ${formatR(r.employeeLeads.r)}; ${c} then ${e}, r = ${formatR(r.customerLeads.r)} (Steiger's test p ${pValue(r.steiger.p)}).`,
    );
  }
  if (analysis.drivers.status === 'ok' && analysis.drivers.items.length > 0) {
    const top = analysis.drivers.items[0];
    details.push(
      `The employee item that moves most closely with ${c}: “${top.label}” (r = ${formatR(top.r)}, q ${pValue(top.q)}).`,
    );
  }

  // The table's caveats, with the causation caveat kept last and the page's left-out units before it.
  const caveats = decided.caveats.slice(0, -1);
  if (excluded > 0)
    caveats.push(
      `${formatCount(excluded)} ${excluded === 1 ? 'unit was' : 'units were'} left out for too few responses (a unit needs at least ${anonymityMin} employee and ${minCustomerResponses} customer responses).`,
    );
  caveats.push(...decided.caveats.slice(-1));
  const badges = decided.badges.map((b) => ({ ...b, className: badgeClass(b.code) }));
  const link = decided.facts.strength ?? decided.facts.link;
  return {
    headline: decided.headline,
    strength: link,
    strengthLabel: badges.find((b) => b.code.startsWith('link-'))?.text ?? null,
    badges,
    exploratory: decided.exploratory,
    missing: [],
    details,
    caveats,
  };
}

function noVerdict(missing: string[]): Narrative {
  return {
    headline: null,
    strength: null,
    strengthLabel: null,
    badges: [],
    exploratory: false,
    missing,
    details: [],
    caveats: [],
  };
}

/** The link badge takes its strength's colour; power badges read as exploratory. */
function badgeClass(code: string): string {
  if (code.startsWith('link-')) return `strength-${code.slice('link-'.length)}`;
  if (code.startsWith('power-')) return 'exploratory';
  return code;
}

/**
 * The header's period: a cycle report names its cycle alone (its analysis also reads the cycle
 * before, for the lag, but the report is of one cycle); a range names its first and last.
 */
export function periodLabel(
  kind: 'cycle' | 'range',
  cycles: readonly { label: string }[],
  focus: { label: string } | null,
): string {
  if (kind === 'cycle' && focus !== null) return focus.label;
  if (cycles.length === 0) return '';
  const first = cycles[0].label;
  const last = cycles[cycles.length - 1].label;
  return first === last ? first : `${first} to ${last}`;
}

/** "= .003" or "< .001", to follow a "p" or "q". */
export function pValue(p: number): string {
  const text = formatP(p);
  return text.startsWith('<') ? text : `= ${text}`;
}

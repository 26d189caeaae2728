import type { LinkageReport } from '../analytics/linkage.service';
import type {
  CorrelationSummary,
  CrossLagResult,
  CrossLagSummary,
  ExclusionReason,
  Strength,
} from '../analytics/linkage.types';
import { customerPhrase, employeePhrase } from './metric-display';
import { formatCount, formatInterval, formatP, formatR } from './report-format';

/**
 * The plain-language reading of a linkage report, written from the structured analysis so the
 * numbers read the same way everywhere on the page (r as .42, p as .003):
 * "Units with more engaged teams had more loyal customers (higher NPS): moderate link,
 *  r = .42 [.18, .61], 86 units; engagement led NPS by one quarter."
 */

export interface Narrative {
  /** null when the primary pair could not be analysed (see `missing`) */
  headline: string | null;
  strength: Strength | null;
  /** "Moderate link" */
  strengthLabel: string | null;
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

/** "one quarter" for cycles about three months apart, and so on. */
export function lagPeriod(fromStart: string, toStart: string): string {
  const days = (Date.parse(toStart) - Date.parse(fromStart)) / 86_400_000;
  if (days >= 25 && days <= 35) return 'one month';
  if (days >= 80 && days <= 100) return 'one quarter';
  if (days >= 170 && days <= 200) return 'half a year';
  if (days >= 350 && days <= 380) return 'one year';
  return 'one cycle';
}

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

/** Which came first, in words, or null without a usable comparison. */
export function lagSentence(report: LinkageReport): string | null {
  const lag = latestLag(report);
  if (lag === null) return null;
  const labels = labelMap(report);
  const e = proseLabel(lag.employeeMeasure, labels);
  const c = proseLabel(lag.customerMetric, labels);
  const from = report.cycles.find((x) => x.id === lag.fromCycleId);
  const to = report.cycles.find((x) => x.id === lag.toCycleId);
  const period = from && to ? lagPeriod(from.periodStart, to.periodStart) : 'one cycle';
  switch (lag.result.direction) {
    case 'employee-first':
      return `${e} led ${c} by ${period}`;
    case 'customer-first':
      return `${c} led ${e} by ${period}`;
    case 'no-clear-direction':
      return `the data do not yet show whether ${e} or ${c} comes first`;
  }
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
    return {
      headline: null,
      strength: null,
      strengthLabel: null,
      exploratory: false,
      missing,
      details: [],
      caveats: [],
    };
  }

  const numbers = `r = ${formatR(pair.r)} ${formatInterval(pair.ci)}, ${formatCount(pair.n)} units`;
  const link = `${pair.strength} link`;
  const claim =
    pair.strength === 'negligible'
      ? `${capitalize(e)} and ${c} were not meaningfully linked across units`
      : `Units with ${employeePhrase(eKey, labels[eKey] ?? e)} ${customerPhrase(cKey, labels[cKey] ?? c, pair.r > 0)}`;
  const lag = lagSentence(report);
  const headline = `${claim}: ${link}, ${numbers}${lag ? `; ${lag}` : ''}.`;

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

  const caveats: string[] = [];
  if (pair.exploratory) {
    caveats.push(
      analysis.power.status === 'ok'
        ? `Exploratory: with ${formatCount(pair.n)} units only links of about r = ${formatR(analysis.power.minDetectableR)} or stronger can be detected reliably (80% power); about ${formatCount(analysis.power.unitsNeededForR30)} units are needed to detect r = .30.`
        : `Exploratory: with ${formatCount(pair.n)} units no link can be judged reliably.`,
    );
  }
  if (pair.ci.lower <= 0 && pair.ci.upper >= 0)
    caveats.push(
      'The 95% interval includes zero, so even the direction of the link is not established.',
    );
  if (excluded > 0)
    caveats.push(
      `${formatCount(excluded)} ${excluded === 1 ? 'unit was' : 'units were'} left out for too few responses (a unit needs at least ${anonymityMin} employee and ${minCustomerResponses} customer responses).`,
    );
  caveats.push(
    'Correlation is not causation: units may differ in other ways (market, size, manager) that drive both.',
  );
  return {
    headline,
    strength: pair.strength,
    strengthLabel: `${capitalize(pair.strength)} link`,
    exploratory: pair.exploratory,
    missing: [],
    details,
    caveats,
  };
}

/** "= .003" or "< .001", to follow a "p" or "q". */
export function pValue(p: number): string {
  const text = formatP(p);
  return text.startsWith('<') ? text : `= ${text}`;
}

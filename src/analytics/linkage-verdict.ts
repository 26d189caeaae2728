import type { NamedMeasure } from './linkage-correlation';
import type {
  CorrelationSummary,
  CrossLagResult,
  CrossLagSummary,
  DriverAnalysis,
  LinkageCycle,
  LinkageVerdict,
  Outcome,
} from './linkage.types';
import { formatP, formatR } from './stats/verdict';
import { decideVerdict, type VerdictEffect, type VerdictEvidence } from './stats/verdict-table';

/**
 * The linkage analysis as evidence for the decision table of stats/verdict-table.ts, and the
 * analysis's verdict (the `verdict` of the /api/v1 linkage JSON) from it. The report page words
 * the same evidence (analysis.verdict.evidence) with its own phrases, so its facts are these.
 */

/** "one quarter" for cycles about three months apart, and so on. */
export function lagPeriod(fromStart: string, toStart: string): string {
  const days = (Date.parse(toStart) - Date.parse(fromStart)) / 86_400_000;
  if (days >= 25 && days <= 35) return 'one month';
  if (days >= 80 && days <= 100) return 'one quarter';
  if (days >= 170 && days <= 200) return 'half a year';
  if (days >= 350 && days <= 380) return 'one year';
  return 'one cycle';
}

type Ok<T> = { status: 'ok' } & T;
type Interval2 = readonly [number, number];

/**
 * What the verdict reads of the panel sections (structurally linkage.types' PanelAnalysis):
 * between/within bW, bB with Wald CIs; the lagged within-unit standardized paths with their
 * bootstrap CIs and the CI of their difference; the cycles the panel used and left out.
 */
export interface VerdictPanelInput {
  cycles: readonly { id: string }[];
  leftOut: readonly { id: string; units: number }[];
  betweenWithin:
    | Ok<{
        within: { estimate: number; ci: Interval2 };
        between: { estimate: number; ci: Interval2 };
        units: number;
        rows: number;
      }>
    | { status: 'insufficient' };
  lagged:
    | Ok<{
        forward: { std: number; ci: Interval2 | null };
        reverse: { std: number; ci: Interval2 | null };
        difference: { estimate: number; ci: Interval2 | null };
      }>
    | { status: 'insufficient' };
}

const effect = (estimate: number, ci: Interval2 | null): VerdictEffect => ({
  estimate,
  lower: ci?.[0] ?? null,
  upper: ci?.[1] ?? null,
});

/**
 * Per-pair cross-lagged correlations as lag evidence, used only without the panel model:
 * forward r(E_t, C_t+1) and reverse r(C_t, E_t+1) with their Fisher CIs, and the difference
 * of their Fisher z's with the interval that inverts Steiger's test (SE = difference / Z), so
 * it excludes 0 exactly when Steiger's p < .05.
 */
export function crossLagEvidence(
  lag: CrossLagSummary,
  period: string,
): NonNullable<VerdictEvidence['lagged']> {
  const d = Math.atanh(lag.employeeLeads.r) - Math.atanh(lag.customerLeads.r);
  const se = lag.steiger.z === 0 ? null : Math.abs(d / lag.steiger.z);
  return {
    design: 'cross-lagged-correlations',
    forward: effect(lag.employeeLeads.r, [lag.employeeLeads.ci.lower, lag.employeeLeads.ci.upper]),
    reverse: effect(lag.customerLeads.r, [lag.customerLeads.ci.lower, lag.customerLeads.ci.upper]),
    difference: effect(
      d,
      se === null ? null : [d - 1.959963984540054 * se, d + 1.959963984540054 * se],
    ),
    period,
  };
}

export interface VerdictSources {
  primary: Outcome<CorrelationSummary>;
  e: NamedMeasure;
  c: NamedMeasure;
  /** every cycle of the analysis, in order */
  cycles: readonly LinkageCycle[];
  focusCycleId: string | null;
  crossLagged: readonly CrossLagResult[];
  /** the panel sections; without them the order is read from the latest cross-lagged pair */
  panel?: VerdictPanelInput;
  /** the focus cycle is marked pilot */
  pilot?: boolean;
}

/** The evidence the decision table reads, from the analysis' sections. */
export function verdictEvidence(sources: VerdictSources): VerdictEvidence {
  const { primary, e, c, cycles, panel } = sources;
  const correlation =
    primary.status === 'ok' ? { r: primary.r, ci: primary.ci, p: primary.p, n: primary.n } : null;
  const evidence: VerdictEvidence = {
    x: e.label,
    y: c.label,
    correlation,
    cycles: panel ? panel.cycles.length : cycles.length,
    coverage: {
      pilot: sources.pilot ?? false,
      // The focus cycle was left out of the panel for covering too few units: a pilot-sized cycle.
      tooFewUnits: panel?.leftOut.some((x) => x.id === sources.focusCycleId) ?? false,
    },
  };
  const period = periodOf(cycles);
  if (panel) {
    if (panel.betweenWithin.status === 'ok') {
      const bw = panel.betweenWithin;
      evidence.betweenWithin = {
        within: effect(bw.within.estimate, bw.within.ci),
        between: effect(bw.between.estimate, bw.between.ci),
        units: bw.units,
        rows: bw.rows,
      };
    }
    if (panel.lagged.status === 'ok') {
      const lag = panel.lagged;
      evidence.lagged = {
        design: 'within-unit',
        forward: effect(lag.forward.std, lag.forward.ci),
        reverse: effect(lag.reverse.std, lag.reverse.ci),
        difference: effect(lag.difference.estimate, lag.difference.ci),
        period,
      };
      return evidence;
    }
  }
  // Without the within-unit lagged model (two cycles, say), the latest pair's cross-lagged
  // correlations, between cycles the panel keeps; the caveat names their design.
  const kept = panel ? new Set(panel.cycles.map((x) => x.id)) : null;
  const latest = [...sources.crossLagged]
    .reverse()
    .find(
      (x) =>
        x.employeeMeasure === e.key &&
        x.result.status === 'ok' &&
        (kept === null || (kept.has(x.fromCycleId) && kept.has(x.toCycleId))),
    );
  if (latest !== undefined && latest.result.status === 'ok') {
    const from = cycles.find((x) => x.id === latest.fromCycleId);
    const to = cycles.find((x) => x.id === latest.toCycleId);
    evidence.lagged = crossLagEvidence(
      latest.result,
      from && to ? lagPeriod(from.start, to.start) : 'one cycle',
    );
  }
  return evidence;
}

/** The spacing of consecutive cycles when they are evenly spaced, else "one cycle". */
function periodOf(cycles: readonly LinkageCycle[]): string {
  const periods = new Set(cycles.slice(1).map((to, i) => lagPeriod(cycles[i].start, to.start)));
  return periods.size === 1 ? [...periods][0] : 'one cycle';
}

/** The analysis' verdict: the decision table's headline, badges and caveats, plus the numbers. */
export function buildVerdict(
  sources: VerdictSources,
  drivers: Outcome<DriverAnalysis>,
): LinkageVerdict {
  const { primary, e, c } = sources;
  const evidence = verdictEvidence(sources);
  const decided = decideVerdict(evidence);
  if (primary.status === 'insufficient') {
    // The table's no-data headline, with the reason the correlation could not be computed.
    return {
      headline: `${decided.headline.replace(/\.$/, '')}: ${primary.reason}.`,
      details: [],
      caveats: [],
      badges: decided.badges,
      facts: decided.facts,
      evidence,
    };
  }
  const details: string[] = [];
  if (primary.partialForUnitSize.status === 'ok') {
    const partial = primary.partialForUnitSize;
    details.push(`Allowing for unit size, r = ${formatR(partial.r)} (${formatP(partial.p)}).`);
  }
  const lag = [...sources.crossLagged]
    .reverse()
    .find((x) => x.employeeMeasure === e.key && x.result.status === 'ok');
  if (lag !== undefined && lag.result.status === 'ok') details.push(lag.result.sentence);
  if (drivers.status === 'ok') {
    const top = drivers.items[0];
    details.push(
      `The employee item most closely linked to ${c.label} is "${top.label}" (r = ${formatR(top.r)}, q = ${top.q.toFixed(3)}).`,
    );
  }
  return {
    headline: decided.headline,
    details,
    caveats: decided.caveats,
    badges: decided.badges,
    facts: decided.facts,
    evidence,
  };
}

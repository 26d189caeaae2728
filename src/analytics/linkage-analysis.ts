import { DEFAULT_BOOTSTRAP_SEED } from './stats/bootstrap';
import { aggregatedScale, checkAggregation, summarizeAgreement } from './linkage-aggregation';
import { analyzeCrossLag } from './linkage-cross-lag';
import { analyzeDrivers } from './linkage-drivers';
import { planPanel, type PanelPlan } from './linkage-panel';
import {
  insufficient,
  planPairs,
  type BootstrapSettings,
  type NamedMeasure,
} from './linkage-correlation';
import { resampleHere, type BootstrapResults, type BootstrapWork } from './shared-bootstrap';
import { resolveEligibility, type UnitEligibility } from './linkage-units';
import { buildVerdict } from './linkage-verdict';
import type {
  CrossLagResult,
  Insufficient,
  LinkageAnalysis,
  LinkageInput,
  LinkageRow,
  Outcome,
  PairResult,
  PowerSummary,
} from './linkage.types';
import { minimumDetectableCorrelation, unitsNeededToDetect } from './stats/power';

/**
 * The whole unit-level linkage analysis of docs/methods.md from a unit × cycle table, as one pure
 * function. Nothing here is NaN or infinite: whatever cannot be computed is reported as
 * `{ status: 'insufficient', reason }`. Throws only on malformed input (bad dates, duplicate
 * cycle ids, two rows for one unit in one cycle).
 */

const DEFAULT_LABELS: Record<string, string> = {
  turnoverRate: 'turnover',
  voluntaryTurnoverRate: 'voluntary turnover',
};

function orderedKeys(
  primary: string,
  rows: readonly LinkageRow[],
  pick: (row: LinkageRow) => object,
): string[] {
  return [...new Set([primary, ...rows.flatMap((row) => Object.keys(pick(row)))])];
}

function powerFor(n: number): Outcome<PowerSummary> {
  const minDetectableR = minimumDetectableCorrelation(n);
  const unitsNeededForR30 = unitsNeededToDetect(0.3);
  if (minDetectableR === null || unitsNeededForR30 === null) {
    return insufficient(`power needs at least 4 units in the analysis; found ${n}`);
  }
  return { status: 'ok', n, minDetectableR, unitsNeededForR30 };
}

/** Cross-lagged comparisons for every consecutive pair of cycles and every employee-side measure. */
function compareConsecutiveCycles(
  eligibility: UnitEligibility,
  employeeMeasures: readonly NamedMeasure[],
  customer: NamedMeasure,
): CrossLagResult[] {
  const { cycles, eligible } = eligibility;
  return cycles.slice(1).flatMap((to, i) => {
    const from = cycles[i];
    return employeeMeasures.map((e) => ({
      fromCycleId: from.id,
      toCycleId: to.id,
      employeeMeasure: e.key,
      customerMetric: customer.key,
      result: analyzeCrossLag(
        from,
        to,
        eligible.get(from.id) ?? [],
        eligible.get(to.id) ?? [],
        e,
        customer,
      ),
    }));
  });
}

export function analyzeLinkage(input: LinkageInput): LinkageAnalysis {
  const staged = stageLinkage(input);
  const rest = staged.rest();
  return staged.finish(resampleHere(staged.work), rest);
}

/** Resampling handed to another thread: its results, the same as resampleHere's. */
export interface BootstrapJob {
  results: Promise<BootstrapResults>;
  /**
   * Takes part here: the resamples nobody has started yet are made on this thread, between its
   * other tasks. Resolves to how many slices of them it made.
   */
  share(): Promise<number>;
}

/** Starts the resampling somewhere else (another thread). */
export type BootstrapElsewhere = (work: BootstrapWork) => BootstrapJob;

/**
 * analyzeLinkage, the same analysis to the last bit, with its resampling (the pairs' and the
 * lagged models' bootstraps, most of its work) handed to `elsewhere` while this thread
 * computes the rest, and then shared by both threads until it is done.
 */
export async function analyzeLinkageBeside(
  input: LinkageInput,
  elsewhere: BootstrapElsewhere,
): Promise<LinkageAnalysis> {
  const staged = stageLinkage(input);
  const job = elsewhere(staged.work);
  const rest = staged.rest();
  await job.share();
  return staged.finish(await job.results, rest);
}

/**
 * The analysis in three parts: its resampling (the pairs' bootstrap runs and the lagged panel
 * models' bootstrap), the sections that do not need it (rest), and the whole analysis from
 * both (finish).
 */
function stageLinkage(input: LinkageInput) {
  const eligibility = resolveEligibility(input);
  const bootstrap: BootstrapSettings = {
    resamples: input.options?.bootstrapResamples ?? 2000,
    seed: input.options?.seed ?? DEFAULT_BOOTSTRAP_SEED,
  };
  const { employeeMetric, customerMetric, turnoverMeasures } = measuresOf(input);
  const primaryE = employeeMetric(input.primary.employeeMetric);
  const primaryC = customerMetric(input.primary.customerMetric);

  const { cycles } = eligibility;
  const focus = cycles.find((c) => c.id === (input.focusCycleId ?? cycles[cycles.length - 1]?.id));
  const rows = focus === undefined ? [] : (eligibility.eligible.get(focus.id) ?? []);

  const employeeKeys = orderedKeys(primaryE.key, rows, (row) => row.employee.metrics);
  const customerKeys = orderedKeys(primaryC.key, rows, (row) => row.customer.metrics);
  // Every pair is summarized in one call, so pairs over the same units share bootstrap work.
  const measured = [...employeeKeys.map(employeeMetric), ...turnoverMeasures].flatMap((e) =>
    customerKeys.map((key) => ({ x: e, y: customerMetric(key) })),
  );
  const plan = planPairs(rows, measured);
  const turnoverMeasure = turnoverMeasures[0];
  const comparisons = compareConsecutiveCycles(eligibility, [primaryE, turnoverMeasure], primaryC);
  const customerKeysInRange = new Set(
    input.rows.flatMap((row) => Object.keys(row.customer.metrics)),
  );
  const panelPlan = planPanel(eligibility, {
    employee: primaryE,
    customer: primaryC,
    gapOutcomes: [
      ...['nps', 'csat'].filter((k) => customerKeysInRange.has(k)).map(customerMetric),
      turnoverMeasure,
    ],
    turnoverKey: turnoverMeasure.key,
    crossLagged: comparisons.filter((c) => c.employeeMeasure === primaryE.key),
    resamples: input.options?.panelResamples ?? 1000,
    seed: input.options?.seed ?? DEFAULT_BOOTSTRAP_SEED,
    leaverCost: input.options?.leaverCost ?? null,
  });
  const rest = () => independentSections(input, eligibility, focus, rows, comparisons, panelPlan);
  const finish = (
    resampled: BootstrapResults,
    { crossLagged, aggregation, agreement, drivers, panelSections }: ReturnType<typeof rest>,
  ): LinkageAnalysis => {
    const summaries = plan.finish(resampled.intervals);
    const panel = panelPlan.finish(panelSections, resampled.lagged);
    const results: PairResult[] = measured.map(({ x, y }, i) => ({
      employeeMeasure: x.key,
      customerMetric: y.key,
      result: summaries[i],
    }));
    const pairs = results.slice(0, employeeKeys.length * customerKeys.length);
    const turnover = results.slice(employeeKeys.length * customerKeys.length);
    const noFocus = noFocusOf(input, cycles.length);
    const primaryPair = pairs[0].result;
    const sections = {
      focusCycle: focus === undefined ? null : { id: focus.id, label: focus.label },
      thresholds: eligibility.thresholds,
      units: {
        included: focus === undefined ? [] : eligibility.included(focus.id),
        excluded: focus === undefined ? [] : eligibility.excluded(focus.id),
      },
      power: focus === undefined ? noFocus : powerFor(rows.length),
      pairs,
      turnover,
      crossLagged,
      drivers,
      aggregation,
      agreement,
      panel,
      verdict: buildVerdict(
        {
          primary: focus === undefined ? noFocus : primaryPair,
          e: primaryE,
          c: primaryC,
          cycles,
          focusCycleId: focus?.id ?? null,
          crossLagged: comparisons,
          panel,
          pilot: focus?.pilot ?? false,
        },
        drivers,
      ),
    };
    if (focus === undefined) return { status: 'insufficient', reason: noFocus.reason, ...sections };
    return primaryPair.status === 'ok'
      ? { status: 'ok', ...sections }
      : { status: 'insufficient', reason: primaryPair.reason, ...sections };
  };
  const work: BootstrapWork = {
    runs: plan.runs,
    settings: bootstrap,
    lagged: panelPlan.resampling,
  };
  return { work, rest, finish };
}

function noFocusOf(input: LinkageInput, cycleCount: number): Insufficient {
  return insufficient(
    cycleCount === 0
      ? 'no cycles were supplied'
      : `cycle ${input.focusCycleId ?? ''} is not among the cycles`,
  );
}

/** The measures an analysis reads off the rows, named by the input's labels. */
function measuresOf(input: LinkageInput) {
  const labelOf = (key: string): string => input.labels?.[key] ?? DEFAULT_LABELS[key] ?? key;
  const employeeMetric = (key: string): NamedMeasure => ({
    key,
    label: labelOf(key),
    read: (row) => row.employee.metrics[key],
  });
  const customerMetric = (key: string): NamedMeasure => ({
    key,
    label: labelOf(key),
    read: (row) => row.customer.metrics[key],
  });
  const turnoverMeasures: NamedMeasure[] = [
    { key: 'turnoverRate', label: labelOf('turnoverRate'), read: (row) => row.turnoverRate },
    {
      key: 'voluntaryTurnoverRate',
      label: labelOf('voluntaryTurnoverRate'),
      read: (row) => row.voluntaryTurnoverRate,
    },
  ];
  return { labelOf, employeeMetric, customerMetric, turnoverMeasures };
}

/** The sections that do not rest on the resampling (the panel's other sections among them). */
function independentSections(
  input: LinkageInput,
  eligibility: UnitEligibility,
  focus: UnitEligibility['cycles'][number] | undefined,
  rows: readonly LinkageRow[],
  comparisons: CrossLagResult[],
  panel: PanelPlan,
) {
  const { cycles } = eligibility;
  const { labelOf, employeeMetric, customerMetric } = measuresOf(input);
  const primaryE = employeeMetric(input.primary.employeeMetric);
  const primaryC = customerMetric(input.primary.customerMetric);
  const crossLagged: LinkageAnalysis['crossLagged'] =
    cycles.length < 2
      ? insufficient(`cross-lagged analysis needs at least two cycles; found ${cycles.length}`)
      : { status: 'ok', comparisons };

  const responseOptions = input.options?.responseOptions ?? 5;
  const scale = aggregatedScale(primaryE.key, input.scales);
  const aggregation = checkAggregation(rows, responseOptions, scale?.items ?? null);
  const drivers =
    focus === undefined ? noFocusOf(input, cycles.length) : analyzeDrivers(rows, primaryC, labelOf);
  return {
    crossLagged,
    aggregation,
    agreement: summarizeAgreement(aggregation, scale, responseOptions),
    /** the panel's sections but the lagged models' */
    panelSections: panel.rest(),
    drivers,
  };
}

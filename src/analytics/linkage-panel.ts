import { adequateCoverage } from './cycle-coverage';
import { insufficient, MIN_UNITS, type NamedMeasure } from './linkage-correlation';
import type { UnitEligibility } from './linkage-units';
import type {
  BetweenWithinReading,
  BetweenWithinSection,
  CrossLagResult,
  GroupGap,
  LaggedDirection,
  LaggedSection,
  LeaverCostSection,
  LinkageCycle,
  LinkageRow,
  Outcome,
  PanelAnalysis,
  PanelEstimate,
  QuartileGapsSection,
} from './linkage.types';
import { isFiniteNumber } from './stats/descriptives';
import type { FixedEffect } from './stats/mixed-model';
import { betweenWithin, type PanelRow } from './stats/panel-between-within';
import {
  finishLagged,
  laggedResamples,
  planLagged,
  type LaggedPath,
  type LaggedPlan,
  type LaggedResampling,
  type LaggedWithinFit,
} from './stats/panel-lagged';
import { leaverCost, quartileSplit, welchInterval } from './stats/quartile-gaps';

/**
 * The panel sections of the linkage analysis, over every cycle of the range with adequate
 * coverage (docs/methods.md): between and within units, lagged within-unit effects in both
 * directions, and the top- against bottom-quartile gaps in NPS, CSAT and turnover.
 */

export interface PanelSettings {
  employee: NamedMeasure;
  customer: NamedMeasure;
  /** the outcomes of the quartile gaps: NPS, CSAT and turnover where present */
  gapOutcomes: NamedMeasure[];
  turnoverKey: string;
  /** per-pair cross-lagged correlations of the primary pair, kept as supporting evidence */
  crossLagged: CrossLagResult[];
  resamples: number;
  seed: number;
  /** cost of one leaver, or null (no yearly figure) */
  leaverCost: number | null;
}

/**
 * Units each quarter needs before its mean is compared: fewer make a fragile Welch interval, and
 * a group mean of two or three units is close to showing the units themselves.
 */
const MIN_UNITS_PER_QUARTER = 5;

/** Fewer cycles than this and the lagged within-unit paths carry a visible Nickell bias. */
const SHORT_PANEL_CYCLES = 8;

/** The cycles of the range with adequate coverage (cycle-coverage.ts), and those left out. */
function coveredCycles(eligibility: UnitEligibility) {
  return adequateCoverage(eligibility);
}

const estimate = (f: FixedEffect): PanelEstimate => ({
  estimate: f.estimate,
  se: f.se,
  ci: [f.lower, f.upper],
});

const excludesZero = (ci: readonly [number, number] | null): boolean =>
  ci !== null && (ci[0] > 0 || ci[1] < 0);

/** Every number in a section, however deep, is finite. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(allFinite);
  return true;
}

/** −0 (from a mean of tiny negatives, say) becomes 0, so the JSON says what the object says. */
function withoutNegativeZero<T>(value: T): T {
  if (typeof value === 'number') return (Object.is(value, -0) ? 0 : value) as T;
  if (Array.isArray(value)) return value.map(withoutNegativeZero) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]),
    ) as T;
  return value;
}

/** A fit on degenerate data (no spread left, values at the edge of floating point) can end in NaN. */
function finiteOr<T>(section: Outcome<T>, what: string): Outcome<T> {
  return allFinite(section)
    ? withoutNegativeZero(section)
    : insufficient(`${what} could not be estimated from these data (no usable spread)`);
}

function failure(error: unknown): { status: 'insufficient'; reason: string } {
  if (error instanceof RangeError) return insufficient(error.message);
  throw error;
}

/** A label inside a sentence: "Engagement index" → "engagement index"; "NPS" stays. */
export function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

function readBetweenWithin(
  within: PanelEstimate,
  between: PanelEstimate,
  eLabel: string,
  cLabel: string,
): { reading: BetweenWithinReading; sentence: string } {
  const [e, c] = [inSentence(eLabel), inSentence(cLabel)];
  const b = excludesZero(between.ci);
  const w = excludesZero(within.ci);
  const more = (x: PanelEstimate) => (x.estimate > 0 ? 'higher' : 'lower');
  const moves = (x: PanelEstimate) => (x.estimate > 0 ? 'rises' : 'falls');
  if (b && w)
    return {
      reading: 'both',
      sentence: `Both: units with higher ${e} have ${more(between)} ${c}, and when a unit's ${e} rises from its usual level, its ${c} ${moves(within)} with it.`,
    };
  if (b)
    return {
      reading: 'between',
      sentence: `Units with higher ${e} have ${more(between)} ${c}: a lasting difference between units. When a unit's ${e} moves from one cycle to the next, its ${c} does not clearly move with it.`,
    };
  if (w)
    return {
      reading: 'within',
      sentence: `When a unit's ${e} rises from its usual level, its ${c} ${moves(within)} with it; lasting differences between units do not clearly go together.`,
    };
  return {
    reading: 'neither',
    sentence: `Neither lasting differences between units nor a unit's changes from cycle to cycle show a clear link between ${e} and ${c} in these cycles.`,
  };
}

function panelRows(
  cycles: readonly LinkageCycle[],
  eligibility: UnitEligibility,
  s: PanelSettings,
): PanelRow[] {
  return cycles.flatMap((cycle) =>
    (eligibility.eligible.get(cycle.id) ?? []).flatMap((row) => {
      const x = s.employee.read(row);
      const y = s.customer.read(row);
      return isFiniteNumber(x) && isFiniteNumber(y)
        ? [{ unit: row.unitId, cycle: cycle.id, x, y }]
        : [];
    }),
  );
}

function analyzeBetweenWithin(
  rows: readonly PanelRow[],
  cycles: readonly LinkageCycle[],
  s: PanelSettings,
): Outcome<BetweenWithinSection> {
  if (cycles.length < 2)
    return insufficient(
      `between and within units needs at least two cycles; found ${cycles.length}`,
    );
  const units = new Set(rows.map((r) => r.unit)).size;
  if (units < MIN_UNITS)
    return insufficient(`needs at least ${MIN_UNITS} units with both measures; found ${units}`);
  try {
    const fit = betweenWithin(rows, { cycleLevels: cycles.map((c) => c.id) });
    const within = estimate(fit.within);
    const between = estimate(fit.between);
    return {
      status: 'ok',
      employeeMeasure: s.employee.key,
      customerMetric: s.customer.key,
      within,
      between,
      units: fit.model.groups,
      rows: fit.model.rows,
      varUnit: fit.model.sigma2Unit,
      varResidual: fit.model.sigma2Residual,
      singular: fit.model.singular,
      ...readBetweenWithin(within, between, s.employee.label, s.customer.label),
    };
  } catch (error) {
    return failure(error);
  }
}

const path = (p: LaggedPath) => ({
  std: p.standardized,
  ci: p.lower === null || p.upper === null ? null : ([p.lower, p.upper] as [number, number]),
  raw: estimate(p.coefficient),
});

/** The lagged section up to its bootstrap: the resampling to make, if any, and the rest. */
interface LaggedStage {
  resampling: LaggedResampling | null;
  finish(coefficients: Float64Array): Outcome<LaggedSection>;
}

function planLaggedSection(
  rows: readonly PanelRow[],
  cycles: readonly LinkageCycle[],
  s: PanelSettings,
): LaggedStage {
  const without = (outcome: Outcome<LaggedSection>): LaggedStage => ({
    resampling: null,
    finish: () => outcome,
  });
  if (cycles.length < 2)
    return without(
      insufficient(`which comes first needs at least two cycles; found ${cycles.length}`),
    );
  let plan: LaggedPlan;
  try {
    plan = planLagged(rows, {
      cycleOrder: cycles.map((c) => c.id),
      resamples: s.resamples,
      seed: s.seed,
    });
  } catch (error) {
    return without(failure(error));
  }
  const units = plan.resampling.table.groups;
  if (units < MIN_UNITS)
    return without(
      insufficient(`needs at least ${MIN_UNITS} units in two consecutive cycles; found ${units}`),
    );
  return {
    resampling: plan.resampling,
    finish: (coefficients) => laggedSection(finishLagged(plan, coefficients), cycles, s),
  };
}

function laggedSection(
  fit: LaggedWithinFit,
  cycles: readonly LinkageCycle[],
  s: PanelSettings,
): Outcome<LaggedSection> {
  const difference = {
    estimate: fit.difference.estimate,
    ci:
      fit.difference.lower === null || fit.difference.upper === null
        ? null
        : ([fit.difference.lower, fit.difference.upper] as [number, number]),
  };
  const direction: LaggedDirection = !excludesZero(difference.ci)
    ? 'not-shown'
    : difference.estimate > 0
      ? 'employee-first'
      : 'customer-first';
  return {
    status: 'ok',
    employeeMeasure: s.employee.key,
    customerMetric: s.customer.key,
    forward: path(fit.xToY),
    reverse: path(fit.yToX),
    difference,
    direction,
    rows: fit.pairs,
    units: fit.units,
    cycles: cycles.length,
    shortPanel: cycles.length < SHORT_PANEL_CYCLES,
    bootstrap: {
      resamples: fit.bootstrap.resamples,
      used: fit.bootstrap.used,
      seed: fit.bootstrap.seed,
    },
    pairs: s.crossLagged,
  };
}

interface UnitMeans {
  unitId: string;
  /** measure key → mean over the unit's panel cycles with a finite value */
  means: Map<string, number>;
  headcount: number | null;
}

function unitMeans(
  cycles: readonly LinkageCycle[],
  eligibility: UnitEligibility,
  measures: readonly NamedMeasure[],
): UnitMeans[] {
  const sums = new Map<string, { rows: LinkageRow[] }>();
  for (const cycle of cycles) {
    for (const row of eligibility.eligible.get(cycle.id) ?? []) {
      const slot = sums.get(row.unitId) ?? { rows: [] };
      slot.rows.push(row);
      sums.set(row.unitId, slot);
    }
  }
  const meanOf = (values: (number | null | undefined)[]) => {
    const kept = values.filter(isFiniteNumber);
    return kept.length === 0 ? null : kept.reduce((a, b) => a + b, 0) / kept.length;
  };
  return [...sums].map(([unitId, { rows }]) => {
    const means = new Map<string, number>();
    for (const m of measures) {
      const value = meanOf(rows.map(m.read));
      if (value !== null) means.set(m.key, value);
    }
    return { unitId, means, headcount: meanOf(rows.map((r) => r.headcount)) };
  });
}

function analyzeQuartileGaps(
  cycles: readonly LinkageCycle[],
  eligibility: UnitEligibility,
  s: PanelSettings,
): Outcome<QuartileGapsSection> {
  if (cycles.length === 0) return insufficient('no cycle in the range has adequate coverage');
  const units = unitMeans(cycles, eligibility, [s.employee, ...s.gapOutcomes]);
  const split = quartileSplit(units, (u) => u.means.get(s.employee.key));
  if (
    split === null ||
    split.top.length < MIN_UNITS_PER_QUARTER ||
    split.bottom.length < MIN_UNITS_PER_QUARTER
  )
    return insufficient(
      `needs at least ${MIN_UNITS_PER_QUARTER} units in each of the top and bottom quarters of ${s.employee.label} (about ${4 * MIN_UNITS_PER_QUARTER} units in all); found ${units.filter((u) => u.means.has(s.employee.key)).length}`,
    );
  const pick = (group: UnitMeans[], key: string) =>
    group.flatMap((u) => (u.means.has(key) ? [u.means.get(key) as number] : []));
  const welches = s.gapOutcomes.map((m) =>
    welchInterval(pick(split.top, m.key), pick(split.bottom, m.key)),
  );
  const turnover = welches[s.gapOutcomes.findIndex((m) => m.key === s.turnoverKey)] ?? null;
  const gaps: GroupGap[] = s.gapOutcomes.map((m, i) => {
    const welch = welches[i];
    return {
      metric: m.key,
      label: m.label,
      result:
        welch === null
          ? insufficient(
              `needs at least two units with ${m.label} in each quarter, and values that vary`,
            )
          : {
              status: 'ok',
              top: { units: welch.nA, mean: welch.meanA },
              bottom: { units: welch.nB, mean: welch.meanB },
              difference: welch.difference,
              se: welch.se,
              df: welch.df,
              p: welch.p,
              ci: [welch.lower, welch.upper],
            },
    };
  });
  const priced = (): Outcome<LeaverCostSection> | null => {
    if (s.leaverCost === null) return null;
    if (turnover === null) return insufficient('the turnover gap could not be computed');
    const bottom = split.bottom.filter((u) => u.means.has(s.turnoverKey));
    const headcount = bottom.reduce((a, u) => a + (u.headcount ?? 0), 0);
    const cost = leaverCost(turnover, headcount, s.leaverCost);
    return {
      status: 'ok',
      costPerLeaver: cost.costPerLeaver,
      extraLeaversPerYear: cost.extraLeaversPerYear,
      extraLeaversCi: cost.extraLeaversInterval,
      yearlyCost: cost.yearlyCost,
      yearlyCostCi: cost.yearlyCostInterval,
      headcount,
      assumptions: [
        'Turnover is annualized (leavers ÷ average headcount × 365 ÷ days) and averaged over each unit’s cycles in the panel.',
        `The ${bottom.length} bottom-quarter units (about ${Math.round(headcount)} people on average) would lose people at the top quarter’s rate instead of their own.`,
        `Every leaver costs the same, ${s.leaverCost} (LEAVER_COST), whatever the role.`,
        'The range comes from the 95% interval of the turnover gap, scaled the same way.',
        'The gap is a difference between units, not proof that raising engagement would cut turnover by this much.',
      ],
    };
  };
  return {
    status: 'ok',
    employeeMeasure: s.employee.key,
    units: units.filter((u) => u.means.has(s.employee.key)).length,
    topUnits: split.top.length,
    bottomUnits: split.bottom.length,
    gaps,
    leaverCost: priced(),
  };
}

/**
 * The panel analysis in three parts: the lagged models' bootstrap resampling (null when that
 * section has none), every other section (rest, made beside the bootstrap), and the whole from
 * both (finish, with the bootstrap's coefficients: laggedResamples).
 */
export function planPanel(eligibility: UnitEligibility, settings: PanelSettings) {
  const { cycles: covered, leftOut } = coveredCycles(eligibility);
  const cycles = covered.map((c) => c.cycle);
  const rows = panelRows(cycles, eligibility, settings);
  const lagged = planLaggedSection(rows, cycles, settings);
  const rest = () => ({
    betweenWithin: finiteOr(
      analyzeBetweenWithin(rows, cycles, settings),
      'the between/within model',
    ),
    quartileGaps: finiteOr(analyzeQuartileGaps(cycles, eligibility, settings), 'the quartile gaps'),
  });
  const finish = (
    { betweenWithin, quartileGaps }: ReturnType<typeof rest>,
    laggedCoefficients: Float64Array,
  ): PanelAnalysis => ({
    cycles: covered.map(({ cycle, units }) => ({ id: cycle.id, label: cycle.label, units })),
    leftOut,
    betweenWithin,
    lagged: finiteOr(lagged.finish(laggedCoefficients), 'the lagged models'),
    quartileGaps,
  });
  return { resampling: lagged.resampling, rest, finish };
}

export type PanelPlan = ReturnType<typeof planPanel>;

/** The whole panel analysis on this thread. */
export function analyzePanel(eligibility: UnitEligibility, settings: PanelSettings): PanelAnalysis {
  const plan = planPanel(eligibility, settings);
  const { resampling } = plan;
  return plan.finish(
    plan.rest(),
    resampling === null
      ? new Float64Array(0)
      : laggedResamples(resampling, 0, resampling.resamples),
  );
}

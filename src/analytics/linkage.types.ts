import type { SumAggregate, Interval } from './stats/descriptives';
import type { Strength } from './stats/verdict';
import type { VerdictBadge, VerdictEvidence, VerdictFacts } from './stats/verdict-table';

export type { Interval, SumAggregate, Strength };

/** A result that is either computed or explicitly not computable, never NaN. */
export interface Insufficient {
  status: 'insufficient';
  reason: string;
}
export type Outcome<T> = ({ status: 'ok' } & T) | Insufficient;

// ---------------------------------------------------------------- input

export interface LinkageCycle {
  id: string;
  label: string;
  /** 'YYYY-MM-DD'; cycles are analysed in order of start date */
  start: string;
  end: string;
  /** marked pilot: never a wave of the panel, and its own verdict says so (cycle-coverage.ts) */
  pilot?: boolean;
}

export interface EmployeeSide {
  /** responses from the unit in the cycle */
  n: number;
  /** unit-level employee metrics, e.g. { engagement: 72.5, enablement: 64, enps: 12 } */
  metrics: Record<string, number | null>;
  /** question key → unit mean score, for the driver analysis */
  itemMeans: Record<string, number | null>;
  /** likert question key → COUNT/SUM/SUM(x²) of the answers, for r_wg(j) */
  itemAggregates?: Record<string, SumAggregate>;
  /** metric key → COUNT/SUM/SUM(x²) of per-respondent scores (e.g. each person's engagement mean), for ICC */
  scoreAggregates?: Record<string, SumAggregate>;
}

export interface CustomerSide {
  n: number;
  /** e.g. { nps: 31, csat: 82, relationshipIndex: 70.2 } */
  metrics: Record<string, number | null>;
}

/** One unit in one cycle. */
export interface LinkageRow {
  cycleId: string;
  unitId: string;
  unitName?: string;
  /** unit size for the partial correlation; null if unknown */
  headcount: number | null;
  /** annualized turnover over the cycle period (proportion), see retention-metrics.ts */
  turnoverRate: number | null;
  voluntaryTurnoverRate: number | null;
  employee: EmployeeSide;
  customer: CustomerSide;
}

export interface LinkageInput {
  cycles: readonly LinkageCycle[];
  rows: readonly LinkageRow[];
  thresholds: {
    /** ANONYMITY_MIN; values below 3 are raised to 3 (privacy rule 2) */
    anonymityMin: number;
    /** MIN_CUSTOMER_RESPONSES */
    minCustomerResponses: number;
  };
  /** the pair the headline, drivers and cross-lagged analysis are about */
  primary: { employeeMetric: string; customerMetric: string };
  /** cycle for the synchronous analysis; default: the latest cycle */
  focusCycleId?: string;
  /** display names for metric and item keys, e.g. { nps: 'NPS' } */
  labels?: Record<string, string>;
  /**
   * employee index metric → the Likert item keys of its scale, for r_wg(j) over the items of the
   * scale being aggregated; without it every item aggregate of a row counts as one scale
   */
  scales?: Record<string, readonly string[]>;
  options?: {
    /** bootstrap resamples (default 2000) */
    bootstrapResamples?: number;
    /** bootstrap seed (default 20240601) */
    seed?: number;
    /** answer options A of the likert items, for r_wg(j) (default 5) */
    responseOptions?: number;
    /** cluster-bootstrap resamples of the lagged panel models (default 1000) */
    panelResamples?: number;
    /** cost of one leaver in the company's currency: prices the quartile turnover gap */
    leaverCost?: number | null;
  };
}

// ---------------------------------------------------------------- output

export type ExclusionReason =
  'too-few-employee-responses' | 'too-few-customer-responses' | 'no-data-in-cycle';

export interface IncludedUnit {
  unitId: string;
  unitName: string;
  employeeResponses: number;
  customerResponses: number;
}

export interface ExcludedUnit {
  unitId: string;
  unitName: string;
  reasons: ExclusionReason[];
}

export interface CorrelationSummary {
  n: number;
  r: number;
  ci: Interval;
  p: number;
  spearman: number;
  bootstrapCi: Outcome<Interval & { resamples: number }>;
  /** partial r controlling for unit size (headcount) */
  partialForUnitSize: Outcome<{ r: number; p: number; ci: Interval; n: number; df: number }>;
  strength: Strength;
  exploratory: boolean;
}

export interface PairResult {
  /** employee metric key, or 'turnoverRate' / 'voluntaryTurnoverRate' */
  employeeMeasure: string;
  customerMetric: string;
  result: Outcome<CorrelationSummary>;
}

export interface LaggedCorrelation {
  r: number;
  ci: Interval;
  p: number;
}

export type LagDirection = 'employee-first' | 'customer-first' | 'no-clear-direction';

export interface CrossLagSummary {
  /** units with both measures in both cycles */
  n: number;
  /** r(E_t, C_t+1) */
  employeeLeads: LaggedCorrelation;
  /** r(C_t, E_t+1) */
  customerLeads: LaggedCorrelation;
  /** r(E_t, C_t) and r(E_t+1, C_t+1) */
  synchronousEarlier: number;
  synchronousLater: number;
  /** r(E_t, E_t+1) and r(C_t, C_t+1) */
  employeeStability: number;
  customerStability: number;
  /** Steiger (1980) Z for r(E_t, C_t+1) vs r(C_t, E_t+1) */
  steiger: { z: number; p: number };
  /**
   * At p < .05, whichever lagged correlation is larger in magnitude; 'employee-first' means the
   * employee-side measure (engagement, or turnover) leads.
   */
  direction: LagDirection;
  sentence: string;
}

export interface CrossLagResult {
  fromCycleId: string;
  toCycleId: string;
  employeeMeasure: string;
  customerMetric: string;
  result: Outcome<CrossLagSummary>;
}

export interface DriverItem {
  rank: number;
  itemKey: string;
  label: string;
  n: number;
  r: number;
  ci: Interval;
  p: number;
  /** Benjamini–Hochberg adjusted across the ranked items */
  q: number;
  strength: Strength;
}

export interface DriverAnalysis {
  customerMetric: string;
  /** by |r|, strongest first */
  items: DriverItem[];
  skipped: { itemKey: string; reason: string }[];
}

export interface UnitAgreement {
  unitId: string;
  result: Outcome<{ rwgJ: number; items: number; truncated: boolean }>;
}

export interface AggregationChecks {
  rwg: Outcome<{
    responseOptions: number;
    units: UnitAgreement[];
    medianRwgJ: number;
    /** share of units with r_wg(j) ≥ .70, the conventional bar */
    shareAtLeast70: number;
  }>;
  icc: {
    metric: string;
    result: Outcome<IccFigures>;
  }[];
}

/** ICC(1)/ICC(2) as multilevel::ICC1/ICC2 (Bliese 2000), docs/methods.md. */
export interface IccFigures {
  /** (MSB − MSW) / (MSB + (k − 1) MSW) with k = N/G */
  icc1: number;
  /** (MSB − MSW) / MSB */
  icc2: number;
  groups: number;
  respondents: number;
  /** k of ICC(1): N/G, the mean number of respondents per unit */
  groupSizeK: number;
  /** second figure only: ICC(1) with the ANOVA effective group size k0 */
  icc1EffectiveSize: number;
  /** k0 = (N − Σ n²/N)/(G − 1) */
  effectiveGroupSize: number;
  msBetween: number;
  msWithin: number;
  fTest: Outcome<{ f: number; df1: number; df2: number; p: number }>;
}

/**
 * The agreement figures of the scale being aggregated (the primary employee index, else
 * engagement), focus cycle: r_wg(j) over the J items of that scale (uniform null) and its
 * ICC(1)/ICC(2). The per-unit detail is in `aggregation`.
 */
export interface AgreementSummary {
  /** employee index metric whose unit means the analysis uses */
  metric: string;
  /** the scale's item keys r_wg(j) runs over */
  items: string[];
  responseOptions: number;
  rwg: Outcome<{
    /** units with an r_wg(j) */
    units: number;
    medianRwgJ: number;
    shareAtLeast70: number;
  }>;
  icc: Outcome<IccFigures>;
}

export interface PowerSummary {
  n: number;
  /** smallest |r| detectable at 80% power, two-sided α = .05 */
  minDetectableR: number;
  /** units needed to detect r = .30 (85) */
  unitsNeededForR30: number;
}

/** The verdict from the decision table of stats/verdict-table.ts (docs/methods.md, "Verdict"). */
export interface LinkageVerdict {
  headline: string;
  details: string[];
  caveats: string[];
  /** typed codes + text, from the same facts as the headline */
  badges: VerdictBadge[];
  facts: VerdictFacts;
  /** what the table read, unrounded; the report page words the same evidence */
  evidence: VerdictEvidence;
}

interface LinkageSections {
  focusCycle: { id: string; label: string } | null;
  thresholds: { anonymityMin: number; minCustomerResponses: number };
  units: { included: IncludedUnit[]; excluded: ExcludedUnit[] };
  power: Outcome<PowerSummary>;
  /** every employee metric × every customer metric, focus cycle */
  pairs: PairResult[];
  /** turnover and voluntary turnover × every customer metric, focus cycle */
  turnover: PairResult[];
  /** consecutive cycle pairs, for the primary employee metric and for turnover */
  crossLagged: Outcome<{ comparisons: CrossLagResult[] }>;
  drivers: Outcome<DriverAnalysis>;
  aggregation: AggregationChecks;
  agreement: Outcome<AgreementSummary>;
  /** between/within, lagged within and quartile gaps over every adequately covered cycle */
  panel: PanelAnalysis;
  verdict: LinkageVerdict;
}

// ---------------------------------------------------------------- panel (every cycle in range)

/** A fixed effect: estimate, model-based SE and Wald 95% interval. */
export interface PanelEstimate {
  estimate: number;
  se: number;
  ci: [number, number];
}

/**
 * Which story the company is seeing: 'between' (units with higher x have higher/lower y),
 * 'within' (when a unit's x moves, its y follows), 'both' or 'neither' (no CI excludes 0).
 */
export type BetweenWithinReading = 'between' | 'within' | 'both' | 'neither';

export interface BetweenWithinSection {
  employeeMeasure: string;
  customerMetric: string;
  /** bW: y per point of a unit's x above its own mean over the range */
  within: PanelEstimate;
  /** bB: y per point of difference between units' mean x */
  between: PanelEstimate;
  units: number;
  rows: number;
  /** σ²_u, the unit random intercept's variance */
  varUnit: number;
  /** σ²_e */
  varResidual: number;
  /** σ²_u estimated at 0 */
  singular: boolean;
  reading: BetweenWithinReading;
  /** the reading in plain words */
  sentence: string;
}

export interface LaggedPathSection {
  /** standardized b · sd(predictor)/sd(outcome) over the pooled lagged rows */
  std: number;
  /** cluster-bootstrap percentile 95% CI of std; null when too few resamples fitted */
  ci: [number, number] | null;
  /** the raw coefficient with its model SE and Wald CI */
  raw: PanelEstimate;
}

/**
 * 'employee-first' / 'customer-first' only when the CI of the difference excludes 0;
 * 'not-shown' otherwise ("the data do not show which comes first").
 */
export type LaggedDirection = 'employee-first' | 'customer-first' | 'not-shown';

export interface LaggedSection {
  employeeMeasure: string;
  customerMetric: string;
  /** employee_t → customer_{t+1}: y_{t+1} ~ xw_t + yw_t + (1|unit) */
  forward: LaggedPathSection;
  /** customer_t → employee_{t+1}: x_{t+1} ~ yw_t + xw_t + (1|unit) */
  reverse: LaggedPathSection;
  /** forward.std − reverse.std */
  difference: { estimate: number; ci: [number, number] | null };
  direction: LaggedDirection;
  /** lagged rows (unit, t, t+1) and the units they come from */
  rows: number;
  units: number;
  /** cycles in the panel; with few, the reverse path is biased negative (Nickell) */
  cycles: number;
  /**
   * true when the panel is short (< 8 cycles): a lone (reverse) path must not be read as a
   * finding, only the difference; docs/methods.md
   */
  shortPanel: boolean;
  bootstrap: { resamples: number; used: number; seed: number };
  /** the per-pair cross-lagged correlations with Steiger's test, as supporting evidence */
  pairs: CrossLagResult[];
}

export interface GroupGap {
  /** 'nps', 'csat' or 'turnoverRate' */
  metric: string;
  label: string;
  result: Outcome<{
    top: { units: number; mean: number };
    bottom: { units: number; mean: number };
    /** top − bottom */
    difference: number;
    se: number;
    df: number;
    p: number;
    /** Welch 95% interval of the difference */
    ci: [number, number];
  }>;
}

export interface LeaverCostSection {
  costPerLeaver: number;
  /** leavers a year the bottom quartile would not lose at the top quartile's rate */
  extraLeaversPerYear: number;
  extraLeaversCi: [number, number];
  yearlyCost: number;
  yearlyCostCi: [number, number];
  /** average headcount of the bottom-quartile units */
  headcount: number;
  assumptions: string[];
}

export interface QuartileGapsSection {
  employeeMeasure: string;
  /**
   * units with a mean of the employee measure over their panel cycles; top and bottom quarter
   * by its type-7 quartiles. The cut values themselves are not reported: each interpolates two
   * units' employee figures, one of which may be hidden on the page.
   */
  units: number;
  topUnits: number;
  bottomUnits: number;
  gaps: GroupGap[];
  /** null when no LEAVER_COST is set or the turnover gap has no interval */
  leaverCost: Outcome<LeaverCostSection> | null;
}

export interface PanelAnalysis {
  /** cycles the panel models use: closed, in the range, with adequate coverage */
  cycles: { id: string; label: string; units: number }[];
  /** cycles of the range left out of the panel, with why */
  leftOut: { id: string; label: string; units: number; reason: string }[];
  betweenWithin: Outcome<BetweenWithinSection>;
  lagged: Outcome<LaggedSection>;
  quartileGaps: Outcome<QuartileGapsSection>;
}

/** 'ok' when the primary pair could be analysed; the sections are present either way. */
export type LinkageAnalysis =
  | ({ status: 'ok' } & LinkageSections)
  | ({ status: 'insufficient'; reason: string } & LinkageSections);

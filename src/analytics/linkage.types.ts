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
  options?: {
    /** bootstrap resamples (default 2000) */
    bootstrapResamples?: number;
    /** bootstrap seed (default 20240601) */
    seed?: number;
    /** answer options A of the likert items, for r_wg(j) (default 5) */
    responseOptions?: number;
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
    result: Outcome<{
      icc1: number;
      icc2: number;
      groups: number;
      respondents: number;
      groupSizeK: number;
      fTest: Outcome<{ f: number; df1: number; df2: number; p: number }>;
    }>;
  }[];
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
  verdict: LinkageVerdict;
}

/** 'ok' when the primary pair could be analysed; the sections are present either way. */
export type LinkageAnalysis =
  | ({ status: 'ok' } & LinkageSections)
  | ({ status: 'insufficient'; reason: string } & LinkageSections);

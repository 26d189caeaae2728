import type { CycleSummary } from '../cycles/cycles.service';
import type { GroupComments } from '../analytics/unit-comments.service';
import type { LinkageReport, MetricLabel } from '../analytics/linkage.service';
import type { HiddenFigure } from '../analytics/unit-results.service';

/**
 * The data behind the report pages, CSV files and the reports JSON API. Every employee-side
 * figure here has already been through the analytics layer's anonymity rules: a value, or a
 * HiddenFigure with its reason.
 */

export type ShownOrHidden = { hidden: false; value: number | null } | HiddenFigure;

export type CycleRef = Pick<
  CycleSummary,
  'id' | 'label' | 'periodStart' | 'periodEnd' | 'status'
> & {
  /** a pilot: its own report only, in no company trend or default range */
  pilot?: boolean;
};

/** One group (the company or a unit's subtree) in one cycle. */
export interface GroupFigures {
  employeeResponses: number;
  /** the group's whole employee result hidden (too few responses, or complementary) */
  employeeHidden: HiddenFigure | null;
  employee: Record<string, ShownOrHidden>;
  customerResponses: number;
  customer: Record<string, number | null>;
}

export interface HeatmapRow extends GroupFigures {
  /** null for the whole company */
  unitId: string | null;
  name: string;
  /** below the row the view starts at */
  depth: number;
}

export interface Heatmap {
  cycle: CycleRef;
  thresholds: { anonymityMin: number; commentMin: number };
  employeeMetrics: MetricLabel[];
  customerMetrics: MetricLabel[];
  /** the group the view starts at first (company or the reader's unit), then its subtree depth-first */
  rows: HeatmapRow[];
}

export interface TrendPoint extends GroupFigures {
  cycle: CycleRef;
  /** annualized, proportions; null when nobody was on the headcount */
  turnoverRate: number | null;
  voluntaryTurnoverRate: number | null;
}

export interface Trend {
  /** the group followed: null for the whole company */
  unitId: string | null;
  name: string;
  points: TrendPoint[];
  /** when the cycles used different surveys: which items the trend compares, in words */
  instrumentNote: string | null;
}

export interface RateCounts {
  invited: number;
  sent: number;
  answered: number;
  /** answered ÷ sent; null before anything was sent */
  responseRate: number | null;
}

export interface ResponseRates {
  cycle: CycleRef;
  /** invitations went out through Tandem (imported cycles have none) */
  hasInvitations: boolean;
  employee: RateCounts;
  customer: RateCounts;
  units: { unitId: string; unitName: string; employee: RateCounts; customer: RateCounts }[];
}

export interface LinkageReportData {
  /** one cycle (with the one before it) or a range of cycles */
  kind: 'cycle' | 'range';
  /** results of every cycle in `linkage.cycles` are available (they are closed) */
  resultsAvailable: true;
  /** the group the report covers: the company, or a manager's unit */
  group: { unitId: string | null; name: string };
  linkage: LinkageReport;
  heatmap: Heatmap | null;
  trend: Trend;
  responseRates: ResponseRates | null;
  comments: GroupComments | null;
}

/**
 * The report of a cycle that is still open: participation only, and when results appear. No
 * answer-derived figure exists for it (privacy rule 3); response counts come from invitations.
 */
export interface ParticipationReport {
  kind: 'participation';
  resultsAvailable: false;
  cycle: CycleRef & { closesAt: string | null };
  /** "Results of 2025-Q3 appear when the cycle closes on 30 September 2025; …" */
  message: string;
  /** the group the participation covers: the company, or a manager's unit */
  group: { unitId: string | null; name: string };
  responseRates: ResponseRates;
}

/** A unit dashboard of an open cycle: the unit, the cycle picker and participation only. */
export interface UnitParticipation extends ParticipationReport {
  unit: UnitDashboardData['unit'];
  cycles: CycleRef[];
}

export interface UnitDashboardData {
  resultsAvailable: true;
  /** `parentVisible`: the reader may open the parent's dashboard too */
  unit: { id: string; name: string; parentId: string | null; parentVisible: boolean };
  cycle: CycleRef;
  /** every open or closed cycle, for the cycle picker (open ones show participation only) */
  cycles: CycleRef[];
  thresholds: { anonymityMin: number; commentMin: number };
  employeeMetrics: MetricLabel[];
  customerMetrics: MetricLabel[];
  /** the unit's subtree and the company, side by side */
  unitFigures: GroupFigures;
  companyFigures: GroupFigures;
  items: {
    key: string;
    label: string;
    dimension: string | null;
    unit: ShownOrHidden;
    company: ShownOrHidden;
  }[];
  heatmap: Heatmap;
  trend: { unit: Trend; company: Trend };
  responseRates: ResponseRates;
  comments: GroupComments;
}

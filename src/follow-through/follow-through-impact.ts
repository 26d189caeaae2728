import type { CycleSummary } from '../cycles/cycles.service';
import type { Interval } from '../analytics/stats/descriptives';
import { mean, sampleVariance } from '../analytics/stats/descriptives';
import { studentTQuantile, studentTTwoSidedP } from '../analytics/stats/distributions';
import type { Outcome } from '../analytics/linkage.types';

/**
 * "Does following through matter?" Units that followed through after a cycle against the
 * others, on the change of engagement and customer NPS/CSAT to the next cycle. Pure: the
 * service hands in unit figures that already respect the anonymity rules.
 */

export interface WelchDifference {
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  /** meanA − meanB */
  difference: number;
  /** 95% interval of the difference, from t with Welch–Satterthwaite degrees of freedom */
  ci: Interval;
  t: number;
  df: number;
  p: number;
  /** the smallest difference this design finds 80% of the time (two-sided α = .05) */
  minimumDetectable: number;
  /** few units per group, or a difference below what the design can reliably detect */
  exploratory: boolean;
}

/** Below this many units in either group a result is only ever exploratory. */
export const MIN_UNITS_FOR_CONFIRMATION = 5;

/** Welch's two-sample t comparison of means (unequal variances). */
export function welchDifference(
  a: readonly number[],
  b: readonly number[],
): Outcome<WelchDifference> {
  if (a.length < 2 || b.length < 2)
    return {
      status: 'insufficient',
      reason: 'Each group needs at least two units with figures in both cycles.',
    };
  const va = sampleVariance(a)! / a.length;
  const vb = sampleVariance(b)! / b.length;
  const se = Math.sqrt(va + vb);
  if (!(se > 0))
    return {
      status: 'insufficient',
      reason: 'The changes do not vary within the groups, so no interval can be given.',
    };
  const meanA = mean(a);
  const meanB = mean(b);
  const difference = meanA - meanB;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const critical = studentTQuantile(0.975, df);
  const t = difference / se;
  const minimumDetectable = (critical + studentTQuantile(0.8, df)) * se;
  return {
    status: 'ok',
    nA: a.length,
    nB: b.length,
    meanA,
    meanB,
    difference,
    ci: { lower: difference - critical * se, upper: difference + critical * se },
    t,
    df,
    p: studentTTwoSidedP(t, df),
    minimumDetectable,
    exploratory:
      a.length < MIN_UNITS_FOR_CONFIRMATION ||
      b.length < MIN_UNITS_FOR_CONFIRMATION ||
      Math.abs(difference) < minimumDetectable,
  };
}

// ---------------------------------------------------------------- grouping

export type ImpactCycle = Pick<CycleSummary, 'id' | 'label'>;

/** One unit in one cycle, with figures the viewer may see. */
export interface ImpactUnitCycle {
  cycleId: string;
  unitId: string;
  /** the unit's own employee figure may be shown (threshold and complementary suppression) */
  employeeVisible: boolean;
  engagement: number | null;
  customerResponses: number;
  nps: number | null;
  csat: number | null;
}

export interface ImpactFollowUps {
  cycleId: string;
  unitId: string;
  /** follow-ups opened from the cycle's customer answers */
  total: number;
  /** resolved by their due time */
  onTime: number;
}

export interface ImpactPlan {
  cycleId: string;
  unitId: string;
  /** every action done (dropped ones aside), at least one of them */
  completed: boolean;
}

export interface ImpactInput {
  /** consecutive cycles, oldest first */
  cycles: readonly ImpactCycle[];
  units: readonly ImpactUnitCycle[];
  followUps: readonly ImpactFollowUps[];
  plans: readonly ImpactPlan[];
  minCustomerResponses: number;
  /** share of follow-ups resolved on time that counts as following through (default 0.8) */
  onTimeShare?: number;
}

export type OutcomeKey = 'engagement' | 'nps' | 'csat';

export interface OutcomeComparison {
  key: OutcomeKey;
  label: string;
  unit: string;
  result: Outcome<WelchDifference>;
}

export interface GroupComparison {
  key: 'followUps' | 'actionPlans';
  title: string;
  followedLabel: string;
  othersLabel: string;
  /** unit × cycle-pair observations in each group */
  followed: number;
  others: number;
  outcomes: OutcomeComparison[];
}

export interface ImpactComparison {
  pairs: { from: ImpactCycle; to: ImpactCycle }[];
  comparisons: GroupComparison[];
  caveats: string[];
}

export const DEFAULT_ON_TIME_SHARE = 0.8;

const OUTCOMES: { key: OutcomeKey; label: string; unit: string }[] = [
  { key: 'engagement', label: 'Engagement index', unit: 'points' },
  { key: 'nps', label: 'Customer NPS', unit: 'points' },
  { key: 'csat', label: 'CSAT', unit: 'percentage points' },
];

interface Observation {
  unitId: string;
  followed: boolean;
  change: Record<OutcomeKey, number | null>;
}

export function compareFollowThrough(input: ImpactInput): ImpactComparison {
  const share = input.onTimeShare ?? DEFAULT_ON_TIME_SHARE;
  const cell = new Map(input.units.map((u) => [`${u.cycleId}|${u.unitId}`, u]));
  const followUps = new Map(input.followUps.map((f) => [`${f.cycleId}|${f.unitId}`, f]));
  const completed = new Set(
    input.plans.filter((p) => p.completed).map((p) => `${p.cycleId}|${p.unitId}`),
  );
  const pairs = input.cycles.slice(1).map((to, i) => ({ from: input.cycles[i], to }));

  const changeOf = (before: ImpactUnitCycle, after: ImpactUnitCycle) => {
    const customer =
      before.customerResponses >= input.minCustomerResponses &&
      after.customerResponses >= input.minCustomerResponses;
    const employee = before.employeeVisible && after.employeeVisible;
    const diff = (x: number | null, y: number | null, ok: boolean) =>
      ok && x !== null && y !== null ? y - x : null;
    return {
      engagement: diff(before.engagement, after.engagement, employee),
      nps: diff(before.nps, after.nps, customer),
      csat: diff(before.csat, after.csat, customer),
    };
  };

  const byFollowUps: Observation[] = [];
  const byPlans: Observation[] = [];
  for (const { from, to } of pairs) {
    for (const before of input.units.filter((u) => u.cycleId === from.id)) {
      const after = cell.get(`${to.id}|${before.unitId}`);
      if (after === undefined) continue;
      const key = `${from.id}|${before.unitId}`;
      const change = changeOf(before, after);
      const handled = followUps.get(key);
      if (handled !== undefined && handled.total > 0)
        byFollowUps.push({
          unitId: before.unitId,
          followed: handled.onTime / handled.total >= share,
          change,
        });
      if (before.employeeVisible)
        byPlans.push({ unitId: before.unitId, followed: completed.has(key), change });
    }
  }

  const percent = Math.round(share * 100);
  return {
    pairs,
    comparisons: [
      group(
        'followUps',
        'Customer follow-ups resolved on time',
        `resolved at least ${percent}% of their follow-ups by the due date`,
        'resolved fewer on time',
        byFollowUps,
      ),
      group(
        'actionPlans',
        'Team action plans completed',
        'completed their action plan',
        'no plan, or not completed',
        byPlans,
      ),
    ],
    caveats: caveats(pairs.length),
  };
}

function group(
  key: GroupComparison['key'],
  title: string,
  followedLabel: string,
  othersLabel: string,
  observations: readonly Observation[],
): GroupComparison {
  const values = (followed: boolean, outcome: OutcomeKey) =>
    observations
      .filter((o) => o.followed === followed)
      .map((o) => o.change[outcome])
      .filter((v): v is number => v !== null);
  return {
    key,
    title,
    followedLabel,
    othersLabel,
    followed: observations.filter((o) => o.followed).length,
    others: observations.filter((o) => !o.followed).length,
    outcomes: OUTCOMES.map((o) => ({
      ...o,
      result: welchDifference(values(true, o.key), values(false, o.key)),
    })),
  };
}

function caveats(pairs: number): string[] {
  const out = [
    'Units choose to follow through; the groups may differ in other ways, so a difference is not proof that following through caused it.',
    'Changes are unit averages from one cycle to the next; units enter only with enough responses in both cycles.',
  ];
  if (pairs > 1)
    out.push(
      'Across several cycle pairs a unit can appear more than once, which makes the intervals look a little more certain than they are.',
    );
  return out;
}

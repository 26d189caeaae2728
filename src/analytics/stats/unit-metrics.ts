import {
  csatFromCounts,
  favorablePercentFromCounts,
  likertIndexFromAggregate,
  npsFromCounts,
} from './metrics';
import type { QuestionKind } from '../../surveys/entities/question.entity';
import { dimensionLabel } from './dimension-names';
import { csatItem, npsItem } from './metric-rules';

/**
 * From the per-metric sums of unit_cycle_stats to the unit-level figures of docs/methods.md
 * "Metrics": one index per employee dimension, eNPS; customer NPS, CSAT and a relationship
 * index. Pure: the services pass in the survey's questions and the (possibly rolled-up) sums.
 */

/** The stats metric holding a unit's response count. */
export const RESPONSE_COUNT_METRIC = '*';
/** The stats metric of a dimension: the per-respondent mean of its Likert items. */
export const dimensionMetric = (dimension: string) => `dim:${dimension}`;

export interface SurveyQuestion {
  key: string;
  kind: QuestionKind;
  dimension: string | null;
  text: string;
  /** a Likert statement scored 6 − answer (the stats already hold the score) */
  reverseKeyed?: boolean;
  /** 'recommend' or 'csat' when the survey designates the question (metric-rules) */
  metricRole?: string | null;
}

export interface StatSums {
  n: number;
  sum: number;
  sumSq: number;
  favorable: number;
  promoters: number;
  detractors: number;
}

/** metric (question key, 'dim:<dimension>' or '*') → sums; a ReadonlyMap is one */
export interface StatsByMetric {
  get(metric: string): StatSums | undefined;
  entries(): Iterable<[string, StatSums]>;
  /** addStats(into, this) without making an object per entry, for sources that can */
  addTo?(into: Map<string, StatSums>): void;
  /** get(metric)?.n ?? 0 without making an object, for sources that can */
  countOf?(metric: string): number;
  /** adds get(metric), if there is one, into `total` field by field, without making an object */
  addMetricTo?(metric: string, total: StatSums): void;
}

export interface MetricDefinition {
  key: string;
  label: string;
  kind: 'index' | 'nps' | 'csat';
  /** question keys the metric pools */
  items: string[];
  /** the stats metric whose n counts the respondents behind the figure */
  countMetric: string;
}

export interface MetricValue {
  value: number | null;
  /** respondents behind the figure */
  n: number;
  /** share of 4–5 answers, for indices */
  favorable: number | null;
}

export interface ItemDefinition {
  key: string;
  label: string;
  kind: QuestionKind;
  dimension: string | null;
}

export interface ItemValue {
  /** mean answer on the item's own scale */
  mean: number | null;
  n: number;
  /** % favorable (Likert/rating) or NPS (0–10 items) */
  favorable: number | null;
  nps: number | null;
}

export const EMPTY_SUMS: StatSums = {
  n: 0,
  sum: 0,
  sumSq: 0,
  favorable: 0,
  promoters: 0,
  detractors: 0,
};

export const SCORED_KINDS: readonly QuestionKind[] = ['likert5', 'rating5', 'nps'];

function pooled(keys: readonly string[], stats: StatsByMetric): StatSums {
  const total = { n: 0, sum: 0, sumSq: 0, favorable: 0, promoters: 0, detractors: 0 };
  for (const key of keys) {
    if (stats.addMetricTo !== undefined) {
      stats.addMetricTo(key, total);
      continue;
    }
    const s = stats.get(key);
    if (s !== undefined) addInto(total, s);
  }
  return total;
}

/** Employee metrics: an index per Likert dimension (in survey order), then eNPS. */
export function employeeMetricDefinitions(
  questions: readonly SurveyQuestion[],
): MetricDefinition[] {
  const dimensions = new Map<string, string[]>();
  for (const q of questions) {
    if (q.kind !== 'likert5' || q.dimension === null) continue;
    dimensions.set(q.dimension, [...(dimensions.get(q.dimension) ?? []), q.key]);
  }
  const defs: MetricDefinition[] = [...dimensions].map(([dimension, items]) => ({
    key: dimension,
    label: `${dimensionLabel(dimension)} index`,
    kind: 'index',
    items,
    countMetric: dimensionMetric(dimension),
  }));
  const enps = npsItem(questions);
  if (enps !== undefined)
    defs.push({
      key: 'enps',
      label: 'eNPS',
      kind: 'nps',
      items: [enps.key],
      countMetric: enps.key,
    });
  return defs;
}

/** Customer metrics: NPS, CSAT (the overall-satisfaction item) and the relationship index. */
export function customerMetricDefinitions(
  questions: readonly SurveyQuestion[],
): MetricDefinition[] {
  const defs: MetricDefinition[] = [];
  const nps = npsItem(questions);
  if (nps !== undefined)
    defs.push({ key: 'nps', label: 'NPS', kind: 'nps', items: [nps.key], countMetric: nps.key });
  const csat = csatItem(questions);
  if (csat !== undefined)
    defs.push({
      key: 'csat',
      label: 'CSAT',
      kind: 'csat',
      items: [csat.key],
      countMetric: csat.key,
    });
  const likert = questions.filter((q) => q.kind === 'likert5').map((q) => q.key);
  if (likert.length > 0)
    defs.push({
      key: 'relationshipIndex',
      label: 'Relationship index',
      kind: 'index',
      items: likert,
      countMetric: RESPONSE_COUNT_METRIC,
    });
  return defs;
}

export function itemDefinitions(questions: readonly SurveyQuestion[]): ItemDefinition[] {
  return questions
    .filter((q) => SCORED_KINDS.includes(q.kind))
    .map((q) => ({ key: q.key, label: q.text, kind: q.kind, dimension: q.dimension }));
}

export function metricValue(definition: MetricDefinition, stats: StatsByMetric): MetricValue {
  const sums = pooled(definition.items, stats);
  const n = stats.get(definition.countMetric)?.n ?? 0;
  switch (definition.kind) {
    case 'index':
      return {
        value: likertIndexFromAggregate(sums),
        n,
        favorable: favorablePercentFromCounts({ n: sums.n, favorableCount: sums.favorable }),
      };
    case 'nps':
      return { value: npsFromCounts(sums), n, favorable: null };
    case 'csat':
      return {
        value: csatFromCounts({ n: sums.n, satisfiedCount: sums.favorable }),
        n,
        favorable: null,
      };
  }
}

export function itemValue(item: ItemDefinition, stats: StatsByMetric): ItemValue {
  const s = stats.get(item.key) ?? EMPTY_SUMS;
  const empty = s.n === 0;
  return {
    mean: empty ? null : s.sum / s.n,
    n: s.n,
    favorable:
      item.kind === 'nps'
        ? null
        : favorablePercentFromCounts({ n: s.n, favorableCount: s.favorable }),
    nps: item.kind === 'nps' ? npsFromCounts(s) : null,
  };
}

/** Adds `from` into `into`, metric by metric (roll-up of a child into its ancestors). */
export function addStats(into: Map<string, StatSums>, from: StatsByMetric): void {
  if (from.addTo !== undefined) {
    from.addTo(into);
    return;
  }
  for (const [metric, s] of from.entries()) addSums(into, metric, s);
}

/** Adds one metric's sums into `into` (a copy of them, if it has none yet). */
export function addSums(into: Map<string, StatSums>, metric: string, s: StatSums): void {
  const total = into.get(metric);
  if (total === undefined) into.set(metric, { ...s });
  else addInto(total, s);
}

/** total += s, field by field. */
export function addInto(total: StatSums, s: StatSums): void {
  total.n += s.n;
  total.sum += s.sum;
  total.sumSq += s.sumSq;
  total.favorable += s.favorable;
  total.promoters += s.promoters;
  total.detractors += s.detractors;
}

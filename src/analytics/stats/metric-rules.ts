/**
 * The survey rules that TypeScript and SQL both apply, written once (docs/methods.md "Metrics").
 * SQL receives these values as query parameters; test/domain-rules.e2e.spec.ts runs the real
 * statements and checks that they classify every answer as the functions here do.
 */

/** NPS / eNPS answers are 0–10: detractors 0–6, passives 7–8, promoters 9–10. */
export const NPS_MIN = 0;
export const NPS_MAX = 10;
export const NPS_DETRACTOR_MAX = 6;
export const NPS_PROMOTER_MIN = 9;

/** On the 1–5 scales (Likert items, the CSAT item) 4 and 5 are favorable, "satisfied". */
export const FAVORABLE_MIN = 4;

/**
 * Likert statements are answered 1–5. A reverse-keyed statement ("I often think about leaving")
 * is worded against its dimension: its answer is stored as given and scored
 * LIKERT_REVERSE_SUM − answer (5 → 1, 1 → 5) in every metric.
 */
export const LIKERT_MIN = 1;
export const LIKERT_MAX = 5;
export const LIKERT_REVERSE_SUM = LIKERT_MIN + LIKERT_MAX;

/** A CSAT answer of 1–2 is low: that customer gets a follow-up. */
export const CSAT_MIN = 1;
export const LOW_CSAT_MAX = 2;

/**
 * The NPS item of a survey is the question designated `recommend` (metric role); a survey
 * without a designation (made before designations existed) uses its first question of this kind.
 */
export const NPS_ITEM_KIND = 'nps';
export const NPS_ITEM_ROLE = 'recommend';

/**
 * The CSAT item of a customer survey is the question designated `csat`; without a designation,
 * among its questions of `kind`: the one keyed `key`, else the first of `dimension`, else the
 * first one.
 */
export const CSAT_ITEM = {
  role: 'csat',
  kind: 'rating5',
  key: 'csat',
  dimension: 'satisfaction',
} as const;

export function isPromoter(score: number): boolean {
  return score >= NPS_PROMOTER_MIN;
}

export function isDetractor(score: number): boolean {
  return score <= NPS_DETRACTOR_MAX;
}

export function isFavorable(score: number): boolean {
  return score >= FAVORABLE_MIN;
}

export function isLowCsat(score: number): boolean {
  return score >= CSAT_MIN && score <= LOW_CSAT_MAX;
}

/** The score of a Likert answer: the answer, or LIKERT_REVERSE_SUM − answer when reverse-keyed. */
export function likertScore(answer: number, reverseKeyed: boolean): number {
  return reverseKeyed ? LIKERT_REVERSE_SUM - answer : answer;
}

interface RuleQuestion {
  key: string;
  kind: string;
  dimension: string | null;
  /** 'recommend' or 'csat' when designated; absent or null otherwise */
  metricRole?: string | null;
}

/** The NPS item among `questions` (in survey order). */
export function npsItem<Q extends RuleQuestion>(questions: readonly Q[]): Q | undefined {
  return (
    questions.find((q) => q.metricRole === NPS_ITEM_ROLE && q.kind === NPS_ITEM_KIND) ??
    questions.find((q) => q.kind === NPS_ITEM_KIND)
  );
}

/** The CSAT item among `questions` (in survey order). */
export function csatItem<Q extends RuleQuestion>(questions: readonly Q[]): Q | undefined {
  const ratings = questions.filter((q) => q.kind === CSAT_ITEM.kind);
  return (
    ratings.find((q) => q.metricRole === CSAT_ITEM.role) ??
    ratings.find((q) => q.key === CSAT_ITEM.key) ??
    ratings.find((q) => q.dimension === CSAT_ITEM.dimension) ??
    ratings[0]
  );
}

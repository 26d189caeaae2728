import type { Audience } from '../surveys/entities/survey.entity';
import type { QuestionKind } from '../surveys/entities/question.entity';
import {
  FAVORABLE_MIN,
  LIKERT_REVERSE_SUM,
  NPS_DETRACTOR_MAX,
  NPS_PROMOTER_MIN,
} from './stats/metric-rules';
import { dimensionMetric, RESPONSE_COUNT_METRIC } from './stats/unit-metrics';

/**
 * The one set-based aggregation every employee/customer figure rests on: per (cycle, unit),
 * for each scored question COUNT/SUM/SUM(x²) plus favorable, promoters and detractors (the
 * cut-offs of stats/metric-rules, passed as parameters); per dimension the per-respondent mean of its Likert items
 * ('dim:<dimension>'); per text question the number of non-blank answers; and the response
 * count ('*'). A reverse-keyed Likert item is scored LIKERT_REVERSE_SUM − answer where it is read,
 * once, so its item sums, favorable counts and dimension means (and everything built on them:
 * indices, drivers, r_wg(j), ICC) use the score; the stored answer stays as given. Rows come out
 * in the shape of unit_cycle_stats, so the same SELECT feeds `INSERT ... SELECT` at close/import
 * and a live read for open cycles.
 *
 * Why one wide pass: the answers sit in a jsonb object per response. Reading a fixed list of
 * keys from each row and aggregating them all in one GROUP BY (cycle, unit) scans the
 * responses once; exploding answers into (response, key) rows first would mean grouping ten
 * times as many rows.
 */

export interface StatQuestion {
  key: string;
  kind: QuestionKind;
  dimension: string | null;
  /** scored LIKERT_REVERSE_SUM − answer (Likert items only) */
  reverseKeyed?: boolean;
}

const TABLES: Record<Audience, string> = {
  employee: 'employee_responses',
  customer: 'customer_responses',
};

export const STAT_COLUMNS =
  'cycle_id, unit_id, audience, metric, n, sum, sum_sq, favorable, promoters, detractors';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** SELECT of unit_cycle_stats rows for one cycle and audience, computed from the responses. */
export function unitStatsSelect(
  cycleId: string,
  audience: Audience,
  questions: readonly StatQuestion[],
): SqlQuery {
  const params: unknown[] = [cycleId, audience];
  const param = (value: unknown, cast = '') => `$${params.push(value)}${cast}`;
  // Added on first use: PostgreSQL cannot type a parameter that the statement never uses.
  const paramOnce = (value: number) => {
    let ref: string | undefined;
    return () => (ref ??= param(value, '::float8'));
  };
  const favorableMin = paramOnce(FAVORABLE_MIN);
  const promoterMin = paramOnce(NPS_PROMOTER_MIN);
  const detractorMax = paramOnce(NPS_DETRACTOR_MAX);
  const reverseSum = paramOnce(LIKERT_REVERSE_SUM);

  const scored = questions.filter(
    (q) => q.kind === 'likert5' || q.kind === 'rating5' || q.kind === 'nps',
  );
  const texts = questions.filter((q) => q.kind === 'text');
  const dimensions = new Map<string, number[]>();
  scored.forEach((q, i) => {
    if (q.kind !== 'likert5' || q.dimension === null) return;
    dimensions.set(q.dimension, [...(dimensions.get(q.dimension) ?? []), i]);
  });

  const keyParams = scored.map((q) => param(q.key, '::text'));
  const textParams = texts.map((q) => param(q.key, '::text'));
  // jsonb_to_record reads every key of a response in one pass over its jsonb; scored answers
  // are stored as JSON numbers (the respond pages and the import only write numbers there).
  const columns = [
    ...scored.map((q) => `${quoteIdent(q.key)} float8`),
    ...texts.map((q) => `${quoteIdent(q.key)} text`),
  ];
  const extracted = [
    ...scored.map((q, i) =>
      isReversed(q)
        ? `${reverseSum()} - a.${quoteIdent(q.key)} AS v${i}`
        : `a.${quoteIdent(q.key)} AS v${i}`,
    ),
    ...texts.map((q, i) => `CASE WHEN btrim(a.${quoteIdent(q.key)}) <> '' THEN 1 END AS t${i}`),
  ];
  const record = columns.length
    ? `CROSS JOIN LATERAL jsonb_to_record(r.answers) AS a(${columns.join(', ')})`
    : '';
  const dims = [...dimensions.values()].map((items, j) => {
    const sum = items.map((i) => `coalesce(v${i}, 0)`).join(' + ');
    const count = items.map((i) => `(v${i} IS NOT NULL)::int`).join(' + ');
    return `(${sum}) / nullif(${count}, 0) AS d${j}`;
  });

  const aggregates = ['count(*) AS c'];
  const values = [
    `('${RESPONSE_COUNT_METRIC}', g.c, 0::float8, 0::float8, 0::bigint, 0::bigint, 0::bigint)`,
  ];
  scored.forEach((q, i) => {
    const nps = q.kind === 'nps';
    const favorable = nps ? '0' : `count(*) FILTER (WHERE v${i} >= ${favorableMin()})`;
    const promoters = nps ? `count(*) FILTER (WHERE v${i} >= ${promoterMin()})` : '0';
    const detractors = nps ? `count(*) FILTER (WHERE v${i} <= ${detractorMax()})` : '0';
    aggregates.push(
      `count(v${i}) AS n${i}`,
      `coalesce(sum(v${i}), 0) AS s${i}`,
      `coalesce(sum(v${i} * v${i}), 0) AS q${i}`,
      `${favorable}::bigint AS f${i}`,
      `${promoters}::bigint AS p${i}`,
      `${detractors}::bigint AS x${i}`,
    );
    values.push(`(${keyParams[i]}, g.n${i}, g.s${i}, g.q${i}, g.f${i}, g.p${i}, g.x${i})`);
  });
  [...dimensions.keys()].forEach((dimension, j) => {
    aggregates.push(
      `count(d${j}) AS dn${j}`,
      `coalesce(sum(d${j}), 0) AS ds${j}`,
      `coalesce(sum(d${j} * d${j}), 0) AS dq${j}`,
      `count(*) FILTER (WHERE d${j} >= ${favorableMin()}) AS df${j}`,
    );
    values.push(
      `(${param(dimensionMetric(dimension), '::text')}, g.dn${j}, g.ds${j}, g.dq${j}, g.df${j}, 0::bigint, 0::bigint)`,
    );
  });
  texts.forEach((_, i) => {
    aggregates.push(`count(t${i}) AS tn${i}`);
    values.push(
      `(${textParams[i]}, g.tn${i}, 0::float8, 0::float8, 0::bigint, 0::bigint, 0::bigint)`,
    );
  });

  // OFFSET 0 keeps the per-response level a separate plan node under the GROUP BY.
  const sql = `
    SELECT g.cycle_id, g.unit_id, $2::text AS audience, m.metric, m.n::int AS n, m.sum, m.sum_sq,
           m.favorable::int AS favorable, m.promoters::int AS promoters, m.detractors::int AS detractors
      FROM (
        SELECT cycle_id, unit_id, ${aggregates.join(', ')}
          FROM (
            SELECT cycle_id, unit_id${extracted.length ? ', ' : ''}${[
              ...scored.map((_, i) => `v${i}`),
              ...texts.map((_, i) => `t${i}`),
              ...dims,
            ].join(', ')}
              FROM (
                SELECT r.cycle_id, r.unit_id${extracted.length ? ', ' : ''}${extracted.join(', ')}
                  FROM ${TABLES[audience]} r ${record}
                 WHERE r.cycle_id = $1::uuid
                OFFSET 0
              ) raw
          ) scored
         GROUP BY cycle_id, unit_id
      ) g
      CROSS JOIN LATERAL (VALUES ${values.join(', ')})
        AS m(metric, n, sum, sum_sq, favorable, promoters, detractors)
     WHERE m.n > 0 OR m.metric = '${RESPONSE_COUNT_METRIC}'`;
  return { sql, params };
}

function isReversed(q: StatQuestion): boolean {
  return q.kind === 'likert5' && q.reverseKeyed === true;
}

/** A question key as a SQL identifier (keys come from the questions table, not from requests). */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

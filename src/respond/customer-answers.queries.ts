import { queryRows, Queryable } from '../database/sql';

/** Where to look in one cycle's answers: its NPS and CSAT items and its text items. */
export interface FollowUpKeys {
  cycleId: string;
  npsKey: string | null;
  csatKey: string | null;
  textKeys: string[];
}

/** The cut-offs that make an answer need a human (the metric rules, passed in). */
export interface FollowUpCutoffs {
  npsMin: number;
  detractorMax: number;
  csatMin: number;
  lowCsatMax: number;
}

/** A customer answer that is a detractor, a low CSAT or carries a comment. */
export interface AnswerNeedingFollowUp {
  responseId: string;
  cycleId: string;
  /** the unit at send time */
  unitId: string;
  accountId: string | null;
  contactId: string | null;
  submittedAt: Date;
  nps: number | null;
  csat: number | null;
  comment: string | null;
  detractor: boolean;
  lowCsat: boolean;
}

/** A numeric answer, or null (the answers are jsonb; imports may hold text). */
const numberAt = (value: string) =>
  `CASE WHEN (${value}) ~ '^[[:space:]]*-?[0-9]+([.][0-9]+)?[[:space:]]*$'
        THEN round((${value})::numeric)::int END`;

/**
 * One set-based read over the given cycles' answers (only those of the last `recentMinutes`
 * when given): the NPS and CSAT answers as numbers, the non-empty comments joined, and only
 * the answers that cross a cut-off or carry a comment.
 */
const NEEDING_FOLLOW_UP = `
  WITH keys AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS k(cycle_id uuid, nps_key text, csat_key text, text_keys text[])
  ), candidates AS MATERIALIZED (
    SELECT r.id AS "responseId", r.cycle_id AS "cycleId", r.unit_id AS "unitId",
           r.account_id AS "accountId", r.contact_id AS "contactId", r.submitted_at AS "submittedAt",
           ${numberAt('r.answers->>k.nps_key')} AS nps,
           ${numberAt('r.answers->>k.csat_key')} AS csat,
           (SELECT string_agg(btrim(r.answers->>t.key), chr(10) || chr(10) ORDER BY t.pos)
              FROM unnest(k.text_keys) WITH ORDINALITY AS t(key, pos)
             WHERE btrim(coalesce(r.answers->>t.key, '')) <> '') AS comment
      FROM keys k
      JOIN customer_responses r ON r.cycle_id = k.cycle_id
     WHERE $2::int IS NULL OR r.submitted_at > now() - make_interval(mins => $2::int)
  )
  SELECT *, coalesce(nps BETWEEN $3::int AND $4::int, false) AS detractor,
            coalesce(csat BETWEEN $5::int AND $6::int, false) AS "lowCsat"
    FROM candidates
   WHERE nps BETWEEN $3::int AND $4::int OR csat BETWEEN $5::int AND $6::int
      OR comment IS NOT NULL`;

export function answersNeedingFollowUp(
  db: Queryable,
  keys: readonly FollowUpKeys[],
  recentMinutes: number | null,
  cutoffs: FollowUpCutoffs,
): Promise<AnswerNeedingFollowUp[]> {
  return queryRows<AnswerNeedingFollowUp>(db, NEEDING_FOLLOW_UP, [
    JSON.stringify(
      keys.map((k) => ({
        cycle_id: k.cycleId,
        nps_key: k.npsKey,
        csat_key: k.csatKey,
        text_keys: k.textKeys,
      })),
    ),
    recentMinutes,
    cutoffs.npsMin,
    cutoffs.detractorMax,
    cutoffs.csatMin,
    cutoffs.lowCsatMax,
  ]);
}

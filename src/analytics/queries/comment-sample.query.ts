import { Queryable, queryRows } from '../../database/sql';

export interface CommentQuestion {
  key: string;
  text: string;
  /** non-blank answers in the group */
  total: number;
  /** a sample of the answers (at most `limit`), in a stable order that says nothing about who */
  comments: string[];
}

interface SampleRow {
  key: string;
  text: string;
  comment: string | null;
  total: number | null;
}

/**
 * Each text question of a closed cycle's employee survey with a sample of the group's answers
 * (`path`: a unit's subtree, null for the company), in one statement: the LATERAL part takes
 * the question's non-blank answers in the group, ordered by a hash of the response id. A cycle
 * that is not closed gives no rows at all (privacy rule 3). Whether the sample may be shown is
 * decided by the caller (UnitCommentsService).
 */
export async function commentSample(
  db: Queryable,
  cycleId: string,
  path: string | null,
  limit: number,
): Promise<CommentQuestion[]> {
  const rows = await queryRows<SampleRow>(
    db,
    `SELECT q.key, q.text, a.comment, a.total
       FROM cycles c
       JOIN questions q ON q.survey_id = c.employee_survey_id AND q.kind = 'text'
       LEFT JOIN LATERAL (
         SELECT btrim(r.answers ->> q.key) AS comment, count(*) OVER ()::int AS total,
                md5(r.id::text) AS sort
           FROM employee_responses r
           ${path === null ? '' : 'JOIN units u ON u.id = r.unit_id'}
          WHERE r.cycle_id = c.id
            AND jsonb_typeof(r.answers -> q.key) = 'string' AND btrim(r.answers ->> q.key) <> ''
            ${path === null ? '' : `AND u.path LIKE $3 || '%'`}
          ORDER BY md5(r.id::text)
          LIMIT $2) a ON true
      WHERE c.id = $1 AND c.status = 'closed'
      ORDER BY q.position, a.sort`,
    path === null ? [cycleId, limit] : [cycleId, limit, path],
  );
  const out: CommentQuestion[] = [];
  for (const row of rows) {
    let question = out.at(-1);
    if (question?.key !== row.key) {
      question = { key: row.key, text: row.text, total: row.total ?? 0, comments: [] };
      out.push(question);
    }
    if (row.comment !== null) question.comments.push(row.comment);
  }
  return out;
}

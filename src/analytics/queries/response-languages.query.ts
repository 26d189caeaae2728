import { Queryable, queryRows } from '../../database/sql';

/** Responses of one audience in one language (null: not recorded). */
export interface LanguageCount {
  audience: 'employee' | 'customer';
  language: string | null;
  n: number;
}

/**
 * Responses of a closed cycle per audience and language answered in, over the units at or below
 * `scopePath` (all when null). An open cycle has none: employee answers are sealed until it
 * closes, and no answer-derived figure shows while it is open (privacy rule 3).
 */
export function responseLanguages(
  db: Queryable,
  cycleId: string,
  scopePath: string | null,
): Promise<LanguageCount[]> {
  return queryRows<LanguageCount>(
    db,
    `WITH scope AS (SELECT id FROM units WHERE $2::text IS NULL OR path LIKE $2 || '%'),
          closed AS (SELECT id FROM cycles WHERE id = $1 AND status = 'closed')
     SELECT 'employee' AS audience, r.language, count(*)::int AS n
       FROM employee_responses r JOIN closed c ON c.id = r.cycle_id JOIN scope s ON s.id = r.unit_id
      GROUP BY r.language
     UNION ALL
     SELECT 'customer', r.language, count(*)::int
       FROM customer_responses r JOIN closed c ON c.id = r.cycle_id JOIN scope s ON s.id = r.unit_id
      GROUP BY r.language`,
    [cycleId, scopePath],
  );
}

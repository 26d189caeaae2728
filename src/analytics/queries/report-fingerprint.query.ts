import type { EntityManager } from 'typeorm';
import { querySerial } from '../../database/serial-query';

const REPORTED_CYCLES = `SELECT id FROM cycles WHERE status IN ('open', 'closed')`;

const FINGERPRINT_QUERIES = [
  `WITH reported AS (SELECT * FROM cycles WHERE status IN ('open', 'closed'))
   SELECT
     (SELECT md5(coalesce(string_agg(concat_ws('|', id, status, period_label, period_start,
               period_end, closed_at, employee_survey_id, customer_survey_id, pilot), ',' ORDER BY id), ''))
        FROM reported) AS cycles,
     (SELECT concat_ws('|', count(*), max(updated_at)) FROM units) AS units,
     (SELECT md5(coalesce(string_agg(concat_ws('|', survey_id, key, kind, dimension, text),
               ',' ORDER BY survey_id, position), ''))
        FROM questions
       WHERE survey_id IN (SELECT employee_survey_id FROM reported
                           UNION
                           SELECT customer_survey_id FROM reported))
       AS questions`,
  // Stats change only by materialization, which writes each of the cycle's packs anew.
  `SELECT md5(coalesce(string_agg(concat_ws('|', cycle_id, audience, written_at), ','
                                  ORDER BY cycle_id, audience), '')) AS stats
     FROM unit_cycle_stat_packs WHERE cycle_id = ANY(ARRAY(${REPORTED_CYCLES}))`,
  `SELECT (SELECT concat_ws('|', count(*), max(updated_at)) FROM employees) AS employees,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM customer_accounts) AS accounts,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM follow_ups) AS follow_ups,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM action_plans) AS plans,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM action_plan_actions) AS actions`,
];

/**
 * The parts of the data a report reads, each summarized on its own, so that a read can be kept
 * for as long as the parts it depends on are unchanged (ReadMemo).
 */
export const READ_INPUTS = [
  'cycles',
  'units',
  'questions',
  'stats',
  'employees',
  'accounts',
  'followThrough',
] as const;
export type ReadInput = (typeof READ_INPUTS)[number];
export type ReportFingerprint = Record<ReadInput, string>;

/** Which fingerprint part each summary column belongs to. */
const PART_OF: Record<string, ReadInput> = {
  cycles: 'cycles',
  units: 'units',
  questions: 'questions',
  stats: 'stats',
  employees: 'employees',
  accounts: 'accounts',
  follow_ups: 'followThrough',
  plans: 'followThrough',
  actions: 'followThrough',
};

/**
 * Everything a report reads, summarized part by part: cycles (state, periods, surveys), the
 * materialized stats of every closed cycle (which change only by re-materialization, which
 * writes the cycle's stats packs anew: when each was written stands for them), the directory (units, employees, accounts: counts and last change), the
 * surveys' questions and follow-through (follow-ups, action plans). Open cycles add nothing but
 * their state: no report holds anything of theirs. Three statements at once, each over a few
 * tables and without parallel workers (which made none of them faster): all of them finish
 * before a build starts reading, so a change after any of them shows at the next request.
 */
export async function reportFingerprint(manager: EntityManager): Promise<ReportFingerprint> {
  const rows = await Promise.all(
    FINGERPRINT_QUERIES.map(async (sql) => {
      const [row] = await querySerial<Record<string, string | null>[]>(manager, sql);
      return row;
    }),
  );
  const parts = Object.fromEntries(READ_INPUTS.map((p) => [p, ''])) as ReportFingerprint;
  for (const row of rows)
    for (const [column, value] of Object.entries(row)) parts[PART_OF[column]] += `${value ?? ''}/`;
  return parts;
}

import { Queryable, queryRows } from '../../database/sql';

/** A scheduled or open cycle with how many were mailed and how many answered (counts only). */
export interface OpenCycleParticipation {
  id: string;
  name: string;
  label: string;
  status: string;
  closesAt: Date;
  employeeSent: number;
  employeeAnswered: number;
  customerSent: number;
  customerAnswered: number;
}

/**
 * The ten scheduled and open cycles closing first, with participation counted over the
 * invitations at or below `scopePath` (all when null). Participation only: never an
 * answer-derived figure while a cycle is open (privacy rule 3).
 */
export function openCycleParticipation(
  db: Queryable,
  scopePath: string | null,
): Promise<OpenCycleParticipation[]> {
  return queryRows<OpenCycleParticipation>(
    db,
    `SELECT c.id, c.name, c.period_label AS label, c.status, c.closes_at AS "closesAt",
            count(i.id) FILTER (WHERE i.audience = 'employee' AND i.sent_at IS NOT NULL)::int AS "employeeSent",
            count(i.id) FILTER (WHERE i.audience = 'employee' AND i.responded)::int AS "employeeAnswered",
            count(i.id) FILTER (WHERE i.audience = 'customer' AND i.sent_at IS NOT NULL)::int AS "customerSent",
            count(i.id) FILTER (WHERE i.audience = 'customer' AND i.responded)::int AS "customerAnswered"
       FROM cycles c
       LEFT JOIN invitations i ON i.cycle_id = c.id
        AND ($1::text IS NULL OR i.unit_id IN (SELECT id FROM units WHERE path LIKE $1 || '%'))
      WHERE c.status IN ('scheduled', 'open')
      GROUP BY c.id
      ORDER BY c.closes_at, c.period_label
      LIMIT 10`,
    [scopePath],
  );
}

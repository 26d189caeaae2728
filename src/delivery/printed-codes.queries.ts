import { Queryable, queryRows } from '../database/sql';

/** A unit's employee invitations in a cycle: how many, and how many have no address. */
export interface CodeUnitCount {
  unitId: string;
  invited: number;
  withoutEmail: number;
}

/** An employee invitation a printed code is made for. */
export interface CodeInvitation {
  id: string;
  employeeId: string;
  unitId: string;
  name: string;
}

export function countCodeUnits(db: Queryable, cycleId: string): Promise<CodeUnitCount[]> {
  return queryRows<CodeUnitCount>(
    db,
    `SELECT unit_id AS "unitId", count(*)::int AS invited,
            count(*) FILTER (WHERE email IS NULL)::int AS "withoutEmail"
       FROM invitations
      WHERE cycle_id = $1 AND audience = 'employee'
      GROUP BY unit_id`,
    [cycleId],
  );
}

/**
 * The cycle's employee invitations in these units (all, or those without an address) and of
 * these employees, locked in the caller's transaction so two printings of one person leave one
 * code. Whether someone has answered plays no part: the sheet must not tell.
 */
export function lockCodeInvitations(
  db: Queryable,
  cycleId: string,
  unitIds: readonly string[],
  everyone: boolean,
  employeeIds: readonly string[],
): Promise<CodeInvitation[]> {
  return queryRows<CodeInvitation>(
    db,
    `SELECT id, employee_id AS "employeeId", unit_id AS "unitId", recipient_name AS name
       FROM invitations
      WHERE cycle_id = $1 AND audience = 'employee' AND employee_id IS NOT NULL
        AND ((unit_id = ANY($2::uuid[]) AND ($3 OR email IS NULL)) OR employee_id = ANY($4::uuid[]))
      ORDER BY id
      FOR UPDATE`,
    [cycleId, [...unitIds], everyone, [...employeeIds]],
  );
}

/** Replaces the printed codes of these invitations with new ones (hashes only). */
export async function replaceCodes(
  db: Queryable,
  invitationIds: readonly string[],
  hashes: readonly Buffer[],
): Promise<void> {
  await db.query(
    `DELETE FROM invitation_tokens WHERE purpose = 'code' AND invitation_id = ANY($1::uuid[])`,
    [[...invitationIds]],
  );
  await db.query(
    `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose)
     SELECT h, i, 'code' FROM unnest($1::bytea[], $2::uuid[]) AS c(h, i)`,
    [[...hashes], [...invitationIds]],
  );
}

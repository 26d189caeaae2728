import { Queryable, queryRows } from '../database/sql';
import type { Audience } from '../surveys/entities/survey.entity';

/** What a survey link's token (or a printed code: the same capability) leads to. */
export interface SurveyLink {
  audience: Audience;
  cycleId: string;
  /** Customers only. */
  accountId: string | null;
  /** The invitation has been used. */
  responded: boolean;
  /** The person's language at launch; null: the company's default. */
  language: string | null;
}

/** A link to claim: its token's hash and the cycle it may be used in. */
export interface LinkClaim {
  tokenHash: Buffer;
  cycleId: string;
}

/**
 * A claimed invitation, with what its stored answers copy from it. An employee's carries no
 * invitation, account or contact (their response must not name them).
 */
export interface ClaimedLink {
  tokenHash: Buffer;
  cycleId: string;
  unitId: string;
  tenureBand: string | null;
  invitationId: string | null;
  accountId: string | null;
  contactId: string | null;
}

const FIND = `
  SELECT i.audience, i.cycle_id AS "cycleId", i.account_id AS "accountId", i.responded, i.language
    FROM invitation_tokens t
    JOIN invitations i ON i.id = t.invitation_id
   WHERE t.token_hash = $1 AND t.purpose IN ('survey', 'code')`;

const claimSql = (audience: Audience, returning: string) => `
  UPDATE invitations i SET responded = true
    FROM unnest($1::bytea[], $2::uuid[]) AS l(token_hash, cycle_id), invitation_tokens t
   WHERE t.token_hash = l.token_hash AND t.purpose IN ('survey', 'code') AND i.id = t.invitation_id
     AND i.cycle_id = l.cycle_id AND NOT i.responded AND i.audience = '${audience}'
  RETURNING l.token_hash AS "tokenHash", i.cycle_id AS "cycleId", i.unit_id AS "unitId",
            i.tenure_band AS "tenureBand", ${returning}`;

const CLAIM: Record<Audience, string> = {
  employee: claimSql(
    'employee',
    `NULL::uuid AS "invitationId", NULL::uuid AS "accountId", NULL::uuid AS "contactId"`,
  ),
  customer: claimSql(
    'customer',
    `i.id AS "invitationId", i.account_id AS "accountId", i.contact_id AS "contactId"`,
  ),
};

export async function findSurveyLink(db: Queryable, tokenHash: Buffer): Promise<SurveyLink | null> {
  const [row] = await queryRows<SurveyLink>(db, FIND, [tokenHash]);
  return row ?? null;
}

/**
 * Marks used, in one statement, the unused invitations of `audience` these links lead to,
 * each only in the cycle its claim names. An invitation reached by several links (or the same
 * link twice) is claimed once. Returns the claimed ones.
 */
export function claimSurveyLinks(
  db: Queryable,
  audience: Audience,
  claims: readonly LinkClaim[],
): Promise<ClaimedLink[]> {
  if (claims.length === 0) return Promise.resolve([]);
  return queryRows<ClaimedLink>(db, CLAIM[audience], [
    claims.map((c) => c.tokenHash),
    claims.map((c) => c.cycleId),
  ]);
}

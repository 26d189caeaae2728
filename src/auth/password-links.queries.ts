import { Queryable, queryRows } from '../database/sql';
import type { PasswordLinkPurpose } from './entities/password-link.entity';

/** Whose link: the active user with this (normalized) email, or this user id. */
export type LinkOwner = { email: string } | { userId: string };

/**
 * Gives the user a new link, replacing any link they had (a new id, so a job still queued for
 * the old one finds nothing to send). Returns null when no active user matches: the statement is
 * the same either way. With `tokenHash` the link is live at once (handed over by the command
 * line); otherwise it waits for its email.
 */
export async function replaceLink(
  db: Queryable,
  owner: LinkOwner,
  purpose: PasswordLinkPurpose,
  validForSeconds: number,
  tokenHash: Buffer | null = null,
): Promise<string | null> {
  const [column, value] = 'email' in owner ? ['email', owner.email] : ['id', owner.userId];
  const rows = await queryRows<{ id: string }>(
    db,
    `WITH target AS (SELECT id FROM users WHERE ${column} = $1 AND disabled_at IS NULL)
     INSERT INTO password_links AS l (user_id, purpose, valid_for_seconds, token_hash, expires_at, sent_at)
     SELECT id, $2, $3::int, $4::bytea,
            CASE WHEN $4::bytea IS NOT NULL THEN now() + make_interval(secs => $3::int) END,
            CASE WHEN $4::bytea IS NOT NULL THEN now() END
       FROM target
     ON CONFLICT (user_id) DO UPDATE SET
       id = gen_random_uuid(), purpose = EXCLUDED.purpose,
       valid_for_seconds = EXCLUDED.valid_for_seconds, token_hash = EXCLUDED.token_hash,
       expires_at = EXCLUDED.expires_at, sent_at = EXCLUDED.sent_at, lease_until = NULL,
       send_attempts = 0, created_at = now()
     RETURNING id`,
    [value, purpose, validForSeconds, tokenHash],
  );
  return rows[0]?.id ?? null;
}

export interface ClaimedLink {
  user_id: string;
  purpose: PasswordLinkPurpose;
  valid_for_seconds: number;
  send_attempts: number;
  email: string;
  name: string;
}

/**
 * Takes a link's email for sending: unsent, not leased by a sending instance, its user still
 * active. Stores the hash of the token the email will carry (replacing one from an attempt that
 * never arrived) and starts its lifetime now.
 */
export async function claimForSending(
  db: Queryable,
  linkId: string,
  tokenHash: Buffer,
  leaseSeconds: number,
): Promise<ClaimedLink | null> {
  const rows = await queryRows<ClaimedLink>(
    db,
    `UPDATE password_links l
        SET token_hash = $2, expires_at = now() + make_interval(secs => l.valid_for_seconds),
            lease_until = now() + make_interval(secs => $3), send_attempts = l.send_attempts + 1
       FROM users u
      WHERE l.id = $1 AND u.id = l.user_id AND u.disabled_at IS NULL AND l.sent_at IS NULL
        AND (l.lease_until IS NULL OR l.lease_until < now())
     RETURNING l.user_id, l.purpose, l.valid_for_seconds, l.send_attempts, u.email, u.name`,
    [linkId, tokenHash, leaseSeconds],
  );
  return rows[0] ?? null;
}

export async function recordSent(db: Queryable, linkId: string): Promise<void> {
  await db.query(`UPDATE password_links SET sent_at = now(), lease_until = NULL WHERE id = $1`, [
    linkId,
  ]);
}

/** The email did not go: its token never reached anyone, so it is forgotten until the retry. */
export async function releaseUnsent(db: Queryable, linkId: string): Promise<void> {
  await db.query(
    `UPDATE password_links SET token_hash = NULL, expires_at = NULL, lease_until = NULL
      WHERE id = $1 AND sent_at IS NULL`,
    [linkId],
  );
}

export interface LiveLink {
  user_id: string;
  purpose: PasswordLinkPurpose;
  email: string;
  name: string;
  password_hash: string | null;
}

/** The live link with this token hash, and its active user. */
export async function findLive(db: Queryable, tokenHash: Buffer): Promise<LiveLink | null> {
  const rows = await queryRows<LiveLink>(
    db,
    `SELECT l.user_id, l.purpose, u.email, u.name, u.password_hash
       FROM password_links l JOIN users u ON u.id = l.user_id
      WHERE l.token_hash = $1 AND l.expires_at > now() AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Uses the link up: only one of two simultaneous posts gets its user id. */
export async function consume(db: Queryable, tokenHash: Buffer): Promise<string | null> {
  const rows = await queryRows<{ user_id: string }>(
    db,
    `DELETE FROM password_links WHERE token_hash = $1 AND expires_at > now() RETURNING user_id`,
    [tokenHash],
  );
  return rows[0]?.user_id ?? null;
}

export interface LinkState {
  user_id: string;
  purpose: PasswordLinkPurpose;
  sent_at: Date | null;
  expires_at: Date | null;
  send_attempts: number;
}

export function linkStates(db: Queryable, userIds: readonly string[]): Promise<LinkState[]> {
  return queryRows<LinkState>(
    db,
    `SELECT user_id, purpose, sent_at, expires_at, send_attempts
       FROM password_links WHERE user_id = ANY($1::uuid[])`,
    [userIds],
  );
}

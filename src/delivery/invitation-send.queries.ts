import type { CycleSummary } from '../cycles/cycles.service';
import type { Audience } from '../surveys/entities/survey.entity';
import { Queryable, queryRows } from '../database/sql';
import { hashToken } from './tokens';

/** A send job carries ids only, never a token: round 0 is the invitation, n the n-th reminder. */
export interface SendJob {
  invitationId: string;
  round: number;
  /**
   * A reminder's quiet window in hours: it goes only to someone last mailed (invitation or
   * reminder) longer ago than this. Absent or 0: no window (the scheduled plan's rounds).
   */
  gapHours?: number;
}

/** A claimed invitation with what its email needs; `attempts` identifies this claim. */
export interface Claimed {
  id: string;
  attempts: number;
  round: number;
  audience: Audience;
  email: string;
  recipient_name: string;
  /** null: the company's default language */
  language: string | null;
  closes_at: Date;
  survey_id: string | null;
}

export interface Tokens {
  survey: string;
  unsubscribe?: string;
}

export interface SendResult {
  id: string;
  round: number;
  ok: boolean;
  state: 'sent' | 'queued' | 'failed' | 'bounced';
  error: string | null;
  /** Token hashes of a message that did not go out, deleted with the record. */
  unusedHashes: Buffer[];
}

/**
 * What the owners say about a set of invitations, for mailableFor: which of their cycles are
 * sending (cycles: open) and which of their contacts may not be mailed (directory: unsubscribed
 * or deactivated). See MailableFacts.
 */
export interface SendFacts {
  /** The sending cycles, by id. */
  sending: Map<string, CycleSummary>;
  unreachableContactIds: string[];
}

/**
 * Who may be mailed round `round` now (`round`: SQL for 0 = the invitation, n = the n-th
 * reminder), over `invitations i`; `sending` and `unreachable` are SQL for the uuid[] of
 * SendFacts, `gapHours` SQL for the reminder's quiet window (SendJob.gapHours). The one
 * definition of the rule: queueing a round and the sender's claim both use it, so a job queued
 * for someone who has since answered, unsubscribed, bounced, left or been reminded sends
 * nothing. Mail goes only in a sending (open) cycle and never to someone without an address
 * (they answer with a printed code); a reminder goes to whoever was sent the
 * invitation, has not answered, did not unsubscribe, whose mail went through and who has had
 * fewer than `round` reminders, while their contact is still subscribed and active — and, with
 * a window, whose last email from this cycle is older than the window.
 */
export function mailableFor(
  round: string,
  sending: string,
  unreachable: string,
  gapHours = '0',
): string {
  return `i.cycle_id = ANY(${sending})
      AND i.email IS NOT NULL
      AND i.unsubscribed_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM unnest(${unreachable}) AS u(id) WHERE u.id = i.contact_id)
      AND CASE WHEN ${round} = 0 THEN i.sent_at IS NULL AND i.delivery_state = 'queued'
               ELSE i.sent_at IS NOT NULL AND NOT i.responded AND i.delivery_state = 'sent'
                    AND i.reminders_sent < ${round}
                    AND (${gapHours} <= 0 OR COALESCE(i.last_reminded_at, i.sent_at)
                           <= now() - make_interval(hours => ${gapHours})) END`;
}

/**
 * One send job per invitation of cycle $1 that round $2 may go to (columns: job key, job
 * data), for JobQueue.sendSelected, with $3 and $4 the SendFacts' sending cycle ids and
 * unreachable contact ids and $5 the round's quiet window in hours (0: none); the key makes
 * queueing a round twice a no-op.
 */
export const DUE_SEND_JOBS = `
  SELECT i.id || ':' || $2::int,
         jsonb_build_object('invitationId', i.id, 'round', $2::int, 'gapHours', $5::int)
    FROM invitations i
   WHERE i.cycle_id = $1 AND ${mailableFor('$2::int', '$3::uuid[]', '$4::uuid[]', '$5::int')}`;

/** The cycles and contacts of these invitations (what SendFacts are asked about). */
export async function cyclesAndContactsOf(
  db: Queryable,
  invitationIds: readonly string[],
): Promise<{ cycleIds: string[]; contactIds: string[] }> {
  if (invitationIds.length === 0) return { cycleIds: [], contactIds: [] };
  const rows = await queryRows<{ cycle_id: string; contact_id: string | null }>(
    db,
    `SELECT DISTINCT cycle_id, contact_id FROM invitations WHERE id = ANY($1::uuid[])`,
    [[...invitationIds]],
  );
  return {
    cycleIds: [...new Set(rows.map((r) => r.cycle_id))],
    contactIds: [...new Set(rows.flatMap((r) => (r.contact_id ? [r.contact_id] : [])))],
  };
}

/** The contacts invited in a cycle. */
export async function contactsOfCycle(db: Queryable, cycleId: string): Promise<string[]> {
  const rows = await queryRows<{ contact_id: string }>(
    db,
    `SELECT DISTINCT contact_id FROM invitations WHERE cycle_id = $1 AND contact_id IS NOT NULL`,
    [cycleId],
  );
  return rows.map((r) => r.contact_id);
}

interface ClaimedRow {
  id: string;
  attempts: number;
  round: number;
  audience: Audience;
  email: string;
  recipient_name: string;
  language: string | null;
  cycle_id: string;
}

/**
 * Claims the invitations these sends may still go to (mailableFor, checked again now with
 * `facts`) without a live lease elsewhere, and leases them for `lease` (SQL interval text).
 */
export async function claimInvitations(
  db: Queryable,
  sends: SendJob[],
  lease: string,
  facts: SendFacts,
): Promise<Claimed[]> {
  if (sends.length === 0 || facts.sending.size === 0) return [];
  const rows = await queryRows<ClaimedRow>(
    db,
    `WITH req AS (
       SELECT DISTINCT ON (r.invitation_id) r.invitation_id, r.round, r.gap_hours
         FROM unnest($1::uuid[], $2::int[], $5::int[]) AS r(invitation_id, round, gap_hours)
        ORDER BY r.invitation_id, r.round
     )
     UPDATE invitations i
        SET sending_until = now() + interval '${lease}', attempts = i.attempts + 1
       FROM req
      WHERE i.id = ANY($1::uuid[]) -- lets the planner use the primary key whatever its statistics
        AND i.id = req.invitation_id
        AND (i.sending_until IS NULL OR i.sending_until < now())
        AND ${mailableFor('req.round', '$3::uuid[]', '$4::uuid[]', 'req.gap_hours')}
     RETURNING i.id, i.attempts, req.round, i.audience, i.email, i.recipient_name, i.language, i.cycle_id`,
    [
      sends.map((s) => s.invitationId),
      sends.map((s) => s.round),
      [...facts.sending.keys()],
      facts.unreachableContactIds,
      sends.map((s) => s.gapHours ?? 0),
    ],
  );
  return rows.map(({ cycle_id, ...r }) => {
    const cycle = facts.sending.get(cycle_id)!;
    return {
      ...r,
      closes_at: cycle.closesAt,
      survey_id: r.audience === 'employee' ? cycle.employeeSurveyId : cycle.customerSurveyId,
    };
  });
}

/** Of these invitations, those another worker holds a live lease on. */
export async function leasedElsewhere(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    `SELECT id FROM invitations WHERE id = ANY($1::uuid[]) AND sending_until > now()`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Stores the hashes of the tokens about to be mailed (one INSERT). */
export async function storeTokens(
  db: Queryable,
  sends: Array<{ id: string; tokens: Tokens }>,
): Promise<void> {
  if (sends.length === 0) return;
  const hashes: Buffer[] = [];
  const ids: string[] = [];
  const purposes: string[] = [];
  for (const { id, tokens } of sends) {
    hashes.push(hashToken(tokens.survey));
    ids.push(id);
    purposes.push('survey');
    if (tokens.unsubscribe) {
      hashes.push(hashToken(tokens.unsubscribe));
      ids.push(id);
      purposes.push('unsubscribe');
    }
  }
  await db.query(
    `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose)
     SELECT * FROM unnest($1::bytea[], $2::uuid[], $3::text[])`,
    [hashes, ids, purposes],
  );
}

/** Records outcomes and clears their leases; a message that did not go out loses its tokens. */
export async function recordOutcomes(db: Queryable, results: SendResult[]): Promise<void> {
  if (results.length === 0) return;
  // Rows locked in id order, like the lease renewal, so the two never deadlock.
  await db.query(
    `WITH locked AS (
       SELECT id FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
     )
     UPDATE invitations i
        SET sending_until = NULL,
            sent_at = CASE WHEN r.ok AND r.round = 0 THEN now() ELSE i.sent_at END,
            reminders_sent = CASE WHEN r.ok AND r.round > 0 THEN GREATEST(i.reminders_sent, r.round) ELSE i.reminders_sent END,
            last_reminded_at = CASE WHEN r.ok AND r.round > 0 THEN now() ELSE i.last_reminded_at END,
            delivery_state = CASE WHEN r.round > 0 AND r.state IN ('sent', 'queued') THEN i.delivery_state ELSE r.state END,
            last_error = r.error
       FROM unnest($1::uuid[], $2::int[], $3::bool[], $4::text[], $5::text[])
         AS r(id, round, ok, state, error), locked
      WHERE i.id = locked.id AND i.id = r.id`,
    [
      results.map((r) => r.id),
      results.map((r) => r.round),
      results.map((r) => r.ok),
      results.map((r) => r.state),
      results.map((r) => r.error),
    ],
  );
  await deleteTokens(
    db,
    results.flatMap((r) => r.unusedHashes),
  );
}

export async function deleteTokens(db: Queryable, hashes: Buffer[]): Promise<void> {
  if (hashes.length === 0) return;
  await db.query(`DELETE FROM invitation_tokens WHERE token_hash = ANY($1::bytea[])`, [hashes]);
}

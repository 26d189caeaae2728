import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ERASED_TEXT } from '../common/erased-text';
import { queryRows } from '../database/sql';

/** The comment (text) questions of one cycle's customer survey. */
export interface CommentKeys {
  cycleId: string;
  textKeys: string[];
}

/** One customer response as its contact may see it in their export. */
export interface ContactResponse {
  id: string;
  cycleId: string;
  unitId: string;
  accountId: string | null;
  submittedAt: Date;
  language: string | null;
  answers: Record<string, number | string>;
}

/** A response holding a comment, for the retention policy. */
export interface CommentedResponse {
  id: string;
  submittedAt: Date;
}

const keysJson = (keys: readonly CommentKeys[]) =>
  JSON.stringify(keys.map((k) => ({ cycle_id: k.cycleId, text_keys: k.textKeys })));

/** The responses (alias r) with a comment not yet erased; $1 holds the keys as JSON. */
const COMMENTED = `
  SELECT r.id, r.submitted_at AS "submittedAt"
    FROM jsonb_to_recordset($1::jsonb) AS k(cycle_id uuid, text_keys text[])
    JOIN customer_responses r ON r.cycle_id = k.cycle_id
   WHERE EXISTS (SELECT 1 FROM unnest(k.text_keys) AS t(key)
                  WHERE btrim(coalesce(r.answers->>t.key, '')) NOT IN ('', '${ERASED_TEXT}'))`;

/**
 * Respond's part of the data subject's rights. Customer responses are linked to their contact
 * (customers are told so); erasing the contact unlinks them and blanks their comments, while
 * the scores stay with the cycle, unit and account, so every figure already reported stays.
 * A blanked comment becomes ERASED_TEXT rather than nothing: it still counts as a comment.
 */
@Injectable()
export class CustomerResponsePrivacyService {
  constructor(private readonly dataSource: DataSource) {}

  ofContact(contactId: string): Promise<ContactResponse[]> {
    return queryRows<ContactResponse>(
      this.dataSource,
      `SELECT id, cycle_id AS "cycleId", unit_id AS "unitId", account_id AS "accountId",
              submitted_at AS "submittedAt", language, answers
         FROM customer_responses WHERE contact_id = $1 ORDER BY submitted_at, id`,
      [contactId],
    );
  }

  /** Cycles the contact answered in. */
  async cycleIdsOf(contactId: string): Promise<string[]> {
    const rows = await queryRows<{ cycle_id: string }>(
      this.dataSource,
      `SELECT DISTINCT cycle_id FROM customer_responses WHERE contact_id = $1`,
      [contactId],
    );
    return rows.map((r) => r.cycle_id);
  }

  /** Cycles with customer responses, for the retention policy's comment keys. */
  async answeredCycleIds(): Promise<string[]> {
    const rows = await queryRows<{ cycle_id: string }>(
      this.dataSource,
      `SELECT DISTINCT cycle_id FROM customer_responses`,
    );
    return rows.map((r) => r.cycle_id);
  }

  /** The last time each contact answered (contacts who never did are left out). */
  async lastAnsweredAt(contactIds: readonly string[]): Promise<Map<string, Date>> {
    if (contactIds.length === 0) return new Map();
    const rows = await queryRows<{ contactId: string; at: Date }>(
      this.dataSource,
      `SELECT contact_id AS "contactId", max(submitted_at) AS at FROM customer_responses
        WHERE contact_id = ANY($1::uuid[]) GROUP BY contact_id`,
      [[...contactIds]],
    );
    return new Map(rows.map((r) => [r.contactId, r.at]));
  }

  /** Responses with a comment given before `before`, oldest first. */
  commentedBefore(keys: readonly CommentKeys[], before: Date): Promise<CommentedResponse[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return queryRows<CommentedResponse>(
      this.dataSource,
      `${COMMENTED} AND r.submitted_at < $2 ORDER BY r.submitted_at, r.id`,
      [keysJson(keys), before],
    );
  }

  /** Blanks the comments of the given responses; how many responses had one. */
  async eraseComments(
    manager: EntityManager,
    keys: readonly CommentKeys[],
    responseIds: readonly string[],
  ): Promise<number> {
    if (keys.length === 0 || responseIds.length === 0) return 0;
    const rows = await queryRows<{ id: string }>(
      manager,
      `WITH target AS (${COMMENTED} AND r.id = ANY($2::uuid[])),
            k AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS k(cycle_id uuid, text_keys text[]))
       UPDATE customer_responses r
          SET answers = r.answers || coalesce((
                SELECT jsonb_object_agg(t.key, $3::text) FROM k, unnest(k.text_keys) AS t(key)
                 WHERE k.cycle_id = r.cycle_id AND btrim(coalesce(r.answers->>t.key, '')) <> ''),
                '{}'::jsonb)
         FROM target WHERE r.id = target.id
       RETURNING r.id`,
      [keysJson(keys), [...responseIds], ERASED_TEXT],
    );
    return rows.length;
  }

  /**
   * Unlinks the contact's responses (no contact, no invitation) and blanks their comments;
   * the ids of the responses, for follow-through.
   */
  async eraseContact(
    manager: EntityManager,
    contactId: string,
    keys: readonly CommentKeys[],
  ): Promise<{ responseIds: string[]; comments: number }> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `SELECT id FROM customer_responses WHERE contact_id = $1 FOR UPDATE`,
      [contactId],
    );
    const responseIds = rows.map((r) => r.id);
    if (responseIds.length === 0) return { responseIds, comments: 0 };
    const comments = await this.eraseComments(manager, keys, responseIds);
    await manager.query(
      `UPDATE customer_responses SET contact_id = NULL, invitation_id = NULL
        WHERE id = ANY($1::uuid[])`,
      [responseIds],
    );
    return { responseIds, comments };
  }
}

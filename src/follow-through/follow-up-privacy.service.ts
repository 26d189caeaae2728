import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ERASED_TEXT } from '../common/erased-text';
import { queryRows } from '../database/sql';

/** One follow-up of a contact's answer, as the contact may see it in their export. */
export interface ContactFollowUp {
  id: string;
  responseId: string;
  cycleId: string;
  reasons: string[];
  nps: number | null;
  csat: number | null;
  comment: string | null;
  state: string;
  openedAt: Date;
  dueAt: Date;
  contactedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
  heardYou: string | null;
  heardYouMessage: string | null;
  heardYouSentAt: Date | null;
  /** the trail without who did what (other people's data) */
  events: Array<{
    at: Date;
    kind: string;
    fromState: string | null;
    toState: string | null;
    note: string | null;
  }>;
}

/**
 * Follow-through's part of the data subject's rights: the follow-ups of a contact's answers
 * for their export, and erasure. A follow-up stays (the follow-through figures count it) but
 * loses its contact, the customer's comment and the personal line of its "we heard you" email;
 * the person's name and email are taken out of the trail's notes wherever staff typed them.
 */
@Injectable()
export class FollowUpPrivacyService {
  constructor(private readonly dataSource: DataSource) {}

  async ofResponses(responseIds: readonly string[]): Promise<ContactFollowUp[]> {
    if (responseIds.length === 0) return [];
    const followUps = await queryRows<Omit<ContactFollowUp, 'events'>>(
      this.dataSource,
      `SELECT id, response_id AS "responseId", cycle_id AS "cycleId", reasons, nps, csat, comment,
              state, opened_at AS "openedAt", due_at AS "dueAt", contacted_at AS "contactedAt",
              resolved_at AS "resolvedAt", resolution, heard_you AS "heardYou",
              heard_you_message AS "heardYouMessage", heard_you_sent_at AS "heardYouSentAt"
         FROM follow_ups WHERE response_id = ANY($1::uuid[]) ORDER BY opened_at, id`,
      [[...responseIds]],
    );
    const events = await queryRows<ContactFollowUp['events'][number] & { followUpId: string }>(
      this.dataSource,
      `SELECT follow_up_id AS "followUpId", at, kind, from_state AS "fromState",
              to_state AS "toState", note
         FROM follow_up_events WHERE follow_up_id = ANY($1::uuid[]) ORDER BY id`,
      [followUps.map((f) => f.id)],
    );
    return followUps.map((f) => ({
      ...f,
      events: events
        .filter((e) => e.followUpId === f.id)
        .map(({ followUpId: _, ...event }) => event),
    }));
  }

  /** How many follow-ups the employee is or was the assignee of. */
  async assignedCount(employeeId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM follow_ups WHERE assignee_id = $1`,
      [employeeId],
    );
    return row.n;
  }

  /**
   * Erases what follow-ups hold of a contact: the link (the contact's own row is gone), the
   * comment, the personal line, and the person's name and email in the trail's free text.
   */
  async eraseContact(
    manager: EntityManager,
    contactId: string,
    responseIds: readonly string[],
    identity: readonly string[],
  ): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE follow_ups
          SET contact_id = NULL, heard_you_message = NULL, updated_at = now(),
              comment = CASE WHEN comment IS NULL THEN NULL ELSE $3 END
        WHERE contact_id = $1 OR response_id = ANY($2::uuid[])
        RETURNING id`,
      [contactId, [...responseIds], ERASED_TEXT],
    );
    await this.redactText(manager, identity);
    return rows.length;
  }

  /** Blanks the comments of the follow-ups of these responses (retention); how many. */
  async eraseComments(manager: EntityManager, responseIds: readonly string[]): Promise<number> {
    if (responseIds.length === 0) return 0;
    const rows = await queryRows<{ id: string }>(
      manager,
      `UPDATE follow_ups SET comment = $2, updated_at = now()
        WHERE response_id = ANY($1::uuid[]) AND comment IS NOT NULL AND comment <> $2
        RETURNING id`,
      [[...responseIds], ERASED_TEXT],
    );
    return rows.length;
  }

  /**
   * Replaces the person's name and email wherever staff or Tandem wrote them into follow-ups
   * and their trail (notes, resolutions, the assignee's name in an event). Texts shorter than
   * three characters are left alone: they would match inside other words.
   */
  async redactText(manager: EntityManager, identity: readonly string[]): Promise<void> {
    for (const text of identity.filter((t) => t.length >= 3)) {
      await manager.query(
        `UPDATE follow_ups
            SET resolution = replace(resolution, $1, $2),
                heard_you_message = replace(heard_you_message, $1, $2), updated_at = now()
          WHERE position($1 IN coalesce(resolution, '') || coalesce(heard_you_message, '')) > 0`,
        [text, ERASED_TEXT],
      );
      await manager.query(
        `UPDATE follow_up_events
            SET note = replace(note, $1, $2), data = replace(data::text, $3, $2)::jsonb
          WHERE position($1 IN coalesce(note, '')) > 0 OR position($3 IN data::text) > 0`,
        [text, ERASED_TEXT, JSON.stringify(text).slice(1, -1)],
      );
    }
  }
}

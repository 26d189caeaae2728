import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../database/sql';
import type { Audience } from '../surveys/entities/survey.entity';
import { OutboxService } from './outbox.service';

/** One person: a customer contact or an employee. */
export type Recipient = { contactId: string } | { employeeId: string };

/** One invitation as its person may see it in their export: no token, no other person. */
export interface InvitationRecord {
  id: string;
  cycleId: string;
  audience: Audience;
  email: string | null;
  recipientName: string;
  language: string | null;
  deliveryState: string;
  attempts: number;
  sentAt: Date | null;
  remindersSent: number;
  lastRemindedAt: Date | null;
  /** that the survey was answered, never which answers (employees' are anonymous) */
  responded: boolean;
  unsubscribedAt: Date | null;
  createdAt: Date;
}

/** What erasing one person took out of delivery. */
export interface RecipientErasure {
  invitations: number;
  links: number;
}

const where = (recipient: Recipient) =>
  'contactId' in recipient
    ? { sql: 'contact_id = $1', id: recipient.contactId }
    : { sql: 'employee_id = $1', id: recipient.employeeId };

/**
 * Delivery's part of the data subject's rights: a person's invitations for their export, and
 * erasure of their address, name and links. The invitation itself stays (without the person)
 * because every response rate already reported counts it.
 */
@Injectable()
export class RecipientPrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  invitationsOf(recipient: Recipient): Promise<InvitationRecord[]> {
    const { sql, id } = where(recipient);
    return queryRows<InvitationRecord>(
      this.dataSource,
      `SELECT id, cycle_id AS "cycleId", audience, email, recipient_name AS "recipientName",
              language, delivery_state AS "deliveryState", attempts, sent_at AS "sentAt",
              reminders_sent AS "remindersSent", last_reminded_at AS "lastRemindedAt", responded,
              unsubscribed_at AS "unsubscribedAt", created_at AS "createdAt"
         FROM invitations WHERE ${sql} ORDER BY created_at, id`,
      [id],
    );
  }

  /** The last time each contact was invited or reminded (contacts never invited are left out). */
  async lastInvitedAt(contactIds: readonly string[]): Promise<Map<string, Date>> {
    if (contactIds.length === 0) return new Map();
    const rows = await queryRows<{ contactId: string; at: Date }>(
      this.dataSource,
      `SELECT contact_id AS "contactId",
              max(greatest(created_at, sent_at, last_reminded_at)) AS at
         FROM invitations WHERE contact_id = ANY($1::uuid[]) GROUP BY contact_id`,
      [[...contactIds]],
    );
    return new Map(rows.map((r) => [r.contactId, r.at]));
  }

  /**
   * Takes the person out of their invitations (link, address, name, the mail server's last
   * error, which may quote the address) and deletes their survey, unsubscribe and printed-code
   * tokens. Delivery state, reminders and `responded` stay: response rates count them.
   */
  async erase(manager: EntityManager, recipient: Recipient): Promise<RecipientErasure> {
    const { sql, id } = where(recipient);
    const invitations = await queryRows<{ id: string }>(
      manager,
      `SELECT id FROM invitations WHERE ${sql} FOR UPDATE`,
      [id],
    );
    const ids = invitations.map((i) => i.id);
    if (ids.length === 0) return { invitations: 0, links: 0 };
    const tokens = await queryRows<{ invitation_id: string }>(
      manager,
      `DELETE FROM invitation_tokens WHERE invitation_id = ANY($1::uuid[]) RETURNING invitation_id`,
      [ids],
    );
    await manager.query(
      `UPDATE invitations SET contact_id = NULL, employee_id = NULL, email = NULL,
              recipient_name = '', last_error = NULL
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return { invitations: ids.length, links: tokens.length };
  }

  /**
   * Deletes the development outbox's copies of every message to these addresses (the message
   * and its summary); how many messages went. With SMTP the mail server's own logs are outside
   * Tandem's reach.
   */
  eraseOutboxMessagesTo(addresses: readonly string[]): Promise<number> {
    return this.outbox.eraseMessagesTo(addresses);
  }
}

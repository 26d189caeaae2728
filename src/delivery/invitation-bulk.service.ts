import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { bulkInsert, column } from '../database/bulk-insert';

/** An invitation of a cycle that already ran: sent, perhaps reminded, perhaps answered. */
export interface SentInvitationRow {
  id: string;
  cycleId: string;
  audience: 'employee' | 'customer';
  employeeId: string | null;
  contactId: string | null;
  accountId: string | null;
  unitId: string;
  email: string;
  recipientName: string;
  tenureBand: string | null;
  sentAt: Date;
  remindersSent: number;
  lastRemindedAt: Date | null;
  responded: boolean;
}

/** Set-based writes of invitations that were sent elsewhere or simulated (the demo company). */
@Injectable()
export class InvitationBulkService {
  async insertSent(m: EntityManager, invitations: readonly SentInvitationRow[]): Promise<void> {
    await bulkInsert<SentInvitationRow>(
      m,
      'invitations',
      [
        column('id', 'uuid', (i) => i.id),
        column('cycle_id', 'uuid', (i) => i.cycleId),
        column('audience', 'text', (i) => i.audience),
        column('employee_id', 'uuid', (i) => i.employeeId),
        column('contact_id', 'uuid', (i) => i.contactId),
        column('account_id', 'uuid', (i) => i.accountId),
        column('unit_id', 'uuid', (i) => i.unitId),
        column('email', 'text', (i) => i.email),
        column('recipient_name', 'text', (i) => i.recipientName),
        column('tenure_band', 'text', (i) => i.tenureBand),
        column('delivery_state', 'text', () => 'sent'),
        column('attempts', 'int', () => 1),
        column('sent_at', 'timestamptz', (i) => i.sentAt),
        column('reminders_sent', 'int', (i) => i.remindersSent),
        column('last_reminded_at', 'timestamptz', (i) => i.lastRemindedAt),
        column('responded', 'bool', (i) => i.responded),
      ],
      invitations,
    );
  }
}

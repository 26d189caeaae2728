import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { bulkInsert, column } from '../database/bulk-insert';

/** An anonymous employee response, already pooled and coarsened (see response-attributes). */
export interface EmployeeResponseRow {
  id: string;
  cycleId: string;
  unitId: string;
  tenureBand: string | null;
  submittedOn: string;
  answers: Record<string, number | string>;
}

export interface CustomerResponseRow {
  id: string;
  cycleId: string;
  unitId: string;
  accountId: string;
  contactId: string;
  invitationId: string;
  submittedAt: Date;
  answers: Record<string, number | string>;
}

/**
 * Set-based writes of responses of cycles that ran elsewhere or were simulated (the demo
 * company), in the caller's transaction. Employee rows must already be pooled and coarsened:
 * this writes what it is given.
 */
@Injectable()
export class ResponseBulkService {
  async insertEmployee(m: EntityManager, rows: readonly EmployeeResponseRow[]): Promise<void> {
    await bulkInsert<EmployeeResponseRow>(
      m,
      'employee_responses',
      [
        column('id', 'uuid', (r) => r.id),
        column('cycle_id', 'uuid', (r) => r.cycleId),
        column('unit_id', 'uuid', (r) => r.unitId),
        column('tenure_band', 'text', (r) => r.tenureBand),
        column('submitted_on', 'date', (r) => r.submittedOn),
        column('answers', 'jsonb', (r) => r.answers),
      ],
      rows,
    );
  }

  async insertCustomer(m: EntityManager, rows: readonly CustomerResponseRow[]): Promise<void> {
    await bulkInsert<CustomerResponseRow>(
      m,
      'customer_responses',
      [
        column('id', 'uuid', (r) => r.id),
        column('cycle_id', 'uuid', (r) => r.cycleId),
        column('unit_id', 'uuid', (r) => r.unitId),
        column('account_id', 'uuid', (r) => r.accountId),
        column('contact_id', 'uuid', (r) => r.contactId),
        column('invitation_id', 'uuid', (r) => r.invitationId),
        column('submitted_at', 'timestamptz', (r) => r.submittedAt),
        column('answers', 'jsonb', (r) => r.answers),
      ],
      rows,
    );
  }

  /** Deletes every employee and customer response. */
  async deleteAll(m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM employee_responses`);
    await m.query(`DELETE FROM customer_responses`);
  }
}

import { coarsenAttributes, poolSmallUnits } from '../respond/response-attributes';
import type { EntityManager } from 'typeorm';
import { bulkInsert, BulkColumn } from './bulk-insert';
import type {
  DemoAccount,
  DemoCompany,
  DemoContact,
  DemoCustomerResponse,
  DemoCycle,
  DemoEmployee,
  DemoEmployeeResponse,
  DemoInvitation,
  DemoUnit,
} from './demo-company.types';
import { DEMO_REMINDER_DAYS } from './demo-waves';

/** Writes a generated company set-based; the caller owns the transaction. */

const col = <Row>(name: string, type: BulkColumn<Row>['type'], value: (row: Row) => unknown) => ({
  name,
  type,
  value,
});

export async function writeUnits(m: EntityManager, units: readonly DemoUnit[]): Promise<void> {
  // Parents first: the tree's foreign key is checked row by row.
  const byDepth = [...units].sort((a, b) => a.path.length - b.path.length);
  await bulkInsert<DemoUnit>(
    m,
    'units',
    [
      col('id', 'uuid', (u) => u.id),
      col('external_id', 'text', (u) => u.externalId),
      col('name', 'text', (u) => u.name),
      col('parent_id', 'uuid', (u) => u.parentId),
      col('path', 'text', (u) => u.path),
    ],
    byDepth,
  );
}

export async function writeEmployees(
  m: EntityManager,
  employees: readonly DemoEmployee[],
): Promise<void> {
  await bulkInsert<DemoEmployee>(
    m,
    'employees',
    [
      col('id', 'uuid', (e) => e.id),
      col('external_id', 'text', (e) => e.externalId),
      col('email', 'text', (e) => e.email),
      col('name', 'text', (e) => e.name),
      col('unit_id', 'uuid', (e) => e.unitId),
      col('hire_date', 'date', (e) => e.hireDate),
      col('exit_date', 'date', (e) => e.exitDate),
      col('exit_type', 'text', (e) => e.exitType),
      col('customer_facing', 'bool', (e) => e.customerFacing),
    ],
    employees,
  );
}

export async function writeCustomers(
  m: EntityManager,
  accounts: readonly DemoAccount[],
  contacts: readonly DemoContact[],
): Promise<void> {
  await bulkInsert<DemoAccount>(
    m,
    'customer_accounts',
    [
      col('id', 'uuid', (a) => a.id),
      col('external_id', 'text', (a) => a.externalId),
      col('name', 'text', (a) => a.name),
      col('unit_id', 'uuid', (a) => a.unitId),
      col('start_date', 'date', (a) => a.startDate),
      col('churn_date', 'date', (a) => a.churnDate),
    ],
    accounts,
  );
  const links = accounts.flatMap((a) =>
    a.relationshipEmployeeIds.map((employeeId) => ({ accountId: a.id, employeeId })),
  );
  await bulkInsert<(typeof links)[number]>(
    m,
    'account_relationship_employees',
    [
      col('account_id', 'uuid', (l) => l.accountId),
      col('employee_id', 'uuid', (l) => l.employeeId),
    ],
    links,
  );
  await bulkInsert<DemoContact>(
    m,
    'contacts',
    [
      col('id', 'uuid', (c) => c.id),
      col('email', 'text', (c) => c.email),
      col('name', 'text', (c) => c.name),
      col('account_id', 'uuid', (c) => c.accountId),
      col('subscribed', 'bool', (c) => c.subscribed),
      col('unsubscribed_at', 'timestamptz', (c) =>
        c.unsubscribedAt === null ? null : new Date(`${c.unsubscribedAt}T12:00:00Z`),
      ),
    ],
    contacts,
  );
}

/** The cycles as launched, sent, reminded twice and closed; the whole company was targeted. */
export async function writeCycles(
  m: EntityManager,
  company: DemoCompany,
  surveyIds: { employee: string; customer: string },
): Promise<void> {
  const root = company.units.find((u) => u.kind === 'company')!;
  const day = 86_400_000;
  await bulkInsert<DemoCycle>(
    m,
    'cycles',
    [
      col('id', 'uuid', (c) => c.id),
      col('name', 'text', (c) => c.name),
      col('period_label', 'text', (c) => c.label),
      col('period_start', 'date', (c) => c.periodStart),
      col('period_end', 'date', (c) => c.periodEnd),
      col('employee_survey_id', 'uuid', () => surveyIds.employee),
      col('customer_survey_id', 'uuid', () => surveyIds.customer),
      col('opens_at', 'timestamptz', (c) => c.opensAt),
      col('closes_at', 'timestamptz', (c) => c.closesAt),
      col('status', 'text', () => 'closed'),
      col('launched_at', 'timestamptz', (c) => new Date(c.opensAt.getTime() - 7 * day)),
      col('invitations_created_at', 'timestamptz', (c) => c.opensAt),
      col('sends_queued_at', 'timestamptz', (c) => c.opensAt),
      col('reminder_rounds_queued', 'int', () => DEMO_REMINDER_DAYS.length),
      col('closed_at', 'timestamptz', (c) => c.closesAt),
      col('previous_cycle_id', 'uuid', (c) => c.previousCycleId),
    ],
    company.cycles,
  );
  await m.query(`UPDATE cycles SET reminder_days = $2::int[] WHERE id = ANY($1::uuid[])`, [
    company.cycles.map((c) => c.id),
    DEMO_REMINDER_DAYS,
  ]);
  await m.query(
    `INSERT INTO cycle_target_units (cycle_id, unit_id) SELECT unnest($1::uuid[]), $2::uuid`,
    [company.cycles.map((c) => c.id), root.id],
  );
  await m.query(
    `UPDATE surveys SET locked_at = COALESCE(locked_at, now()) WHERE id = ANY($1::uuid[])`,
    [[surveyIds.employee, surveyIds.customer]],
  );
}

/**
 * One cycle's invitations and responses. Employee responses are pooled and coarsened as a
 * closing cycle would store them (poolSmallUnits, coarsenAttributes), so the demo shows what a
 * real database holds.
 */
export async function writeWave(
  m: EntityManager,
  cycleId: string,
  company: DemoCompany,
  anonymityMin: number,
): Promise<void> {
  const mine = <T extends { cycleId: string }>(rows: readonly T[]) =>
    rows.filter((r) => r.cycleId === cycleId);
  await bulkInsert<DemoInvitation>(
    m,
    'invitations',
    [
      col('id', 'uuid', (i) => i.id),
      col('cycle_id', 'uuid', (i) => i.cycleId),
      col('audience', 'text', (i) => i.audience),
      col('employee_id', 'uuid', (i) => i.employeeId),
      col('contact_id', 'uuid', (i) => i.contactId),
      col('account_id', 'uuid', (i) => i.accountId),
      col('unit_id', 'uuid', (i) => i.unitId),
      col('email', 'text', (i) => i.email),
      col('recipient_name', 'text', (i) => i.recipientName),
      col('tenure_band', 'text', (i) => i.tenureBand),
      col('delivery_state', 'text', () => 'sent'),
      col('attempts', 'int', () => 1),
      col('sent_at', 'timestamptz', (i) => i.sentAt),
      col('reminders_sent', 'int', (i) => i.remindersSent),
      col('last_reminded_at', 'timestamptz', (i) => i.lastRemindedAt),
      col('responded', 'bool', (i) => i.responded),
    ],
    mine(company.invitations),
  );
  await bulkInsert<DemoEmployeeResponse>(
    m,
    'employee_responses',
    [
      col('id', 'uuid', (r) => r.id),
      col('cycle_id', 'uuid', (r) => r.cycleId),
      col('unit_id', 'uuid', (r) => r.unitId),
      col('tenure_band', 'text', (r) => r.tenureBand),
      col('submitted_on', 'date', (r) => r.submittedOn),
      col('answers', 'jsonb', (r) => r.answers),
    ],
    coarsenAttributes(
      poolSmallUnits(
        mine(company.employeeResponses),
        new Map(company.units.map((u) => [u.id, u.parentId])),
        anonymityMin,
      ),
      anonymityMin,
      company.cycles
        .find((c) => c.id === cycleId)!
        .closesAt.toISOString()
        .slice(0, 10),
    ),
  );
  await bulkInsert<DemoCustomerResponse>(
    m,
    'customer_responses',
    [
      col('id', 'uuid', (r) => r.id),
      col('cycle_id', 'uuid', (r) => r.cycleId),
      col('unit_id', 'uuid', (r) => r.unitId),
      col('account_id', 'uuid', (r) => r.accountId),
      col('contact_id', 'uuid', (r) => r.contactId),
      col('invitation_id', 'uuid', (r) => r.invitationId),
      col('submitted_at', 'timestamptz', (r) => r.submittedAt),
      col('answers', 'jsonb', (r) => r.answers),
    ],
    mine(company.customerResponses),
  );
}

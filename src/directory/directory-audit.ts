import type { AuditEntry, AuditTarget } from '../audit/audit.service';
import type { Contact } from './entities/contact.entity';
import type { CustomerAccount } from './entities/customer-account.entity';
import type { Employee } from './entities/employee.entity';
import type { Unit } from './entities/unit.entity';

/**
 * What the audit log keeps of a directory record when staff change it. A person's own data
 * (name, email, external id) is recorded as changed, never by value (AuditEntry.personal), so
 * the log names people only by their record's id and erasing someone leaves nothing of them in
 * it. Units and customer accounts are organisations: their names are kept.
 */
type Audited = Pick<AuditEntry, 'before' | 'after' | 'personal'>;

const PERSON_FIELDS = ['name', 'email', 'externalId'] as const;

export function employeeAudit(employee: Employee): Record<string, unknown> {
  return {
    name: employee.name,
    email: employee.email,
    externalId: employee.externalId,
    unitId: employee.unitId,
    hireDate: employee.hireDate,
    exitDate: employee.exitDate,
    exitType: employee.exitType,
    customerFacing: employee.customerFacing,
    language: employee.language,
  };
}

export function contactAudit(contact: Contact): Record<string, unknown> {
  return {
    name: contact.name,
    email: contact.email,
    accountId: contact.accountId,
    language: contact.language,
    subscribed: contact.subscribed,
  };
}

export function accountAudit(account: CustomerAccount): Record<string, unknown> {
  return {
    name: account.name,
    externalId: account.externalId,
    unitId: account.unitId,
    startDate: account.startDate,
    churnDate: account.churnDate,
  };
}

export function unitAudit(unit: Unit): Record<string, unknown> {
  return { name: unit.name, externalId: unit.externalId, parentId: unit.parentId };
}

/** before/after of a person's record, their own data recorded as changed only. */
export function personChange(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): Audited {
  return { before, after, personal: PERSON_FIELDS };
}

export const employeeTarget = (id: string): AuditTarget => ({ type: 'employee', id });
export const contactTarget = (id: string): AuditTarget => ({ type: 'contact', id });
export const accountTarget = (account: { id: string; name: string }): AuditTarget => ({
  type: 'customer_account',
  id: account.id,
  label: account.name,
});
export const unitTarget = (unit: { id: string; name: string }): AuditTarget => ({
  type: 'unit',
  id: unit.id,
  label: unit.name,
});

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { bulkInsert, column } from '../database/bulk-insert';
import { beginMissingHistory } from './history/employee-history.queries';

export interface UnitRow {
  id: string;
  externalId: string;
  name: string;
  parentId: string | null;
  path: string;
}

export interface EmployeeRow {
  id: string;
  externalId: string;
  email: string;
  name: string;
  unitId: string;
  hireDate: string;
  exitDate: string | null;
  exitType: string | null;
  customerFacing: boolean;
}

export interface AccountRow {
  id: string;
  externalId: string;
  name: string;
  unitId: string;
  startDate: string;
  churnDate: string | null;
  relationshipEmployeeIds: readonly string[];
}

export interface ContactRow {
  id: string;
  email: string;
  name: string;
  accountId: string;
  subscribed: boolean;
  /** 'YYYY-MM-DD' */
  unsubscribedAt: string | null;
}

/**
 * Set-based writes of a whole directory at once (the demo company), in the caller's
 * transaction: one statement per table and chunk, not one per row.
 */
@Injectable()
export class DirectoryBulkService {
  async insertUnits(m: EntityManager, units: readonly UnitRow[]): Promise<void> {
    // Parents first: the tree's foreign key is checked row by row.
    const byDepth = [...units].sort((a, b) => a.path.length - b.path.length);
    await bulkInsert<UnitRow>(
      m,
      'units',
      [
        column('id', 'uuid', (u) => u.id),
        column('external_id', 'text', (u) => u.externalId),
        column('name', 'text', (u) => u.name),
        column('parent_id', 'uuid', (u) => u.parentId),
        column('path', 'text', (u) => u.path),
      ],
      byDepth,
    );
  }

  async insertEmployees(m: EntityManager, employees: readonly EmployeeRow[]): Promise<void> {
    await bulkInsert<EmployeeRow>(
      m,
      'employees',
      [
        column('id', 'uuid', (e) => e.id),
        column('external_id', 'text', (e) => e.externalId),
        column('email', 'text', (e) => e.email),
        column('name', 'text', (e) => e.name),
        column('unit_id', 'uuid', (e) => e.unitId),
        column('hire_date', 'date', (e) => e.hireDate),
        column('exit_date', 'date', (e) => e.exitDate),
        column('exit_type', 'text', (e) => e.exitType),
        column('customer_facing', 'bool', (e) => e.customerFacing),
      ],
      employees,
    );
    await beginMissingHistory(
      m,
      employees.map((e) => e.id),
    );
  }

  /** Accounts with their relationship employees, then their contacts. */
  async insertCustomers(
    m: EntityManager,
    accounts: readonly AccountRow[],
    contacts: readonly ContactRow[],
  ): Promise<void> {
    await bulkInsert<AccountRow>(
      m,
      'customer_accounts',
      [
        column('id', 'uuid', (a) => a.id),
        column('external_id', 'text', (a) => a.externalId),
        column('name', 'text', (a) => a.name),
        column('unit_id', 'uuid', (a) => a.unitId),
        column('start_date', 'date', (a) => a.startDate),
        column('churn_date', 'date', (a) => a.churnDate),
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
        column('account_id', 'uuid', (l) => l.accountId),
        column('employee_id', 'uuid', (l) => l.employeeId),
      ],
      links,
    );
    await bulkInsert<ContactRow>(
      m,
      'contacts',
      [
        column('id', 'uuid', (c) => c.id),
        column('email', 'text', (c) => c.email),
        column('name', 'text', (c) => c.name),
        column('account_id', 'uuid', (c) => c.accountId),
        column('subscribed', 'bool', (c) => c.subscribed),
        column('unsubscribed_at', 'timestamptz', (c) =>
          c.unsubscribedAt === null ? null : new Date(`${c.unsubscribedAt}T12:00:00Z`),
        ),
      ],
      contacts,
    );
  }

  /** Whether the directory holds any unit, employee or customer account. */
  async hasAny(m: EntityManager): Promise<boolean> {
    const [row]: Array<{ any: boolean }> = await m.query(
      `SELECT EXISTS (SELECT 1 FROM units) OR EXISTS (SELECT 1 FROM employees)
           OR EXISTS (SELECT 1 FROM customer_accounts) AS any`,
    );
    return row.any;
  }

  /** How many units have an external id that does not start with `prefix`. */
  async countUnitsOutside(m: EntityManager, prefix: string): Promise<number> {
    const [row]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM units WHERE external_id NOT LIKE $1 || '%'`,
      [prefix],
    );
    return row.n;
  }

  /** Deletes every contact, account, employee and unit (after their cycles are gone). */
  async deleteAll(m: EntityManager): Promise<void> {
    for (const sql of [
      `DELETE FROM contacts`,
      `DELETE FROM customer_accounts`,
      `DELETE FROM employees`,
      `UPDATE units SET parent_id = NULL`,
      `DELETE FROM units`,
    ])
      await m.query(sql);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ERASED_TEXT } from '../common/erased-text';
import { queryRows } from '../database/sql';
import type { ExitType } from './entities/employee.entity';

/** The name an erased employee's anonymous record keeps. */
export const ERASED_EMPLOYEE_NAME = 'Erased employee';

/** Everything the directory stores on one contact, for the person's own export. */
export interface ContactRecord {
  id: string;
  name: string;
  email: string;
  language: string | null;
  subscribed: boolean;
  unsubscribedAt: Date | null;
  deactivatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  account: { id: string; externalId: string; name: string; unitName: string };
}

/** Everything the directory stores on one employee, for the person's own export. */
export interface EmployeeRecord {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string;
  unit: { id: string; name: string };
  hireDate: string;
  exitDate: string | null;
  exitType: ExitType | null;
  customerFacing: boolean;
  language: string | null;
  deactivatedAt: Date | null;
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** the customer accounts they are a named relationship employee of */
  accounts: Array<{ id: string; externalId: string; name: string }>;
}

/** The personal data an erasure removed: what other stores are searched for. */
export interface ErasedIdentity {
  name: string;
  email: string | null;
  externalId: string | null;
}

/** A contact, with when it was added, for the retention policy. */
export interface ContactAge {
  id: string;
  createdAt: Date;
}

/**
 * The directory's part of the data subject's rights (GDPR Art. 15 and 17): a person's whole
 * record for their export, and erasure. A contact is deleted (customer responses keep their
 * scores through respond, without the link); an employee's row stays as an anonymous record,
 * since headcount and turnover of every reported period are read from their dated history.
 */
@Injectable()
export class DirectoryPersonalDataService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async contactRecord(id: string): Promise<ContactRecord | null> {
    const [row] = await queryRows<Omit<ContactRecord, 'account'> & Record<string, string>>(
      this.dataSource,
      `SELECT c.id, c.name, c.email, c.language, c.subscribed, c.unsubscribed_at AS "unsubscribedAt",
              c.deactivated_at AS "deactivatedAt", c.created_at AS "createdAt",
              c.updated_at AS "updatedAt", a.id AS "accountId", a.external_id AS "accountExternalId",
              a.name AS "accountName", u.name AS "unitName"
         FROM contacts c JOIN customer_accounts a ON a.id = c.account_id
         JOIN units u ON u.id = a.unit_id
        WHERE c.id = $1`,
      [id],
    );
    if (!row) return null;
    const { accountId, accountExternalId, accountName, unitName, ...contact } = row;
    return {
      ...contact,
      account: { id: accountId, externalId: accountExternalId, name: accountName, unitName },
    };
  }

  async employeeRecord(id: string): Promise<EmployeeRecord | null> {
    const [row] = await queryRows<
      Omit<EmployeeRecord, 'unit' | 'accounts'> & { unitName: string; unitId: string }
    >(
      this.dataSource,
      `SELECT e.id, e.external_id AS "externalId", e.email, e.name, e.unit_id AS "unitId",
              u.name AS "unitName", e.hire_date::text AS "hireDate", e.exit_date::text AS "exitDate",
              e.exit_type AS "exitType", e.customer_facing AS "customerFacing", e.language,
              e.deactivated_at AS "deactivatedAt", e.erased_at AS "erasedAt",
              e.created_at AS "createdAt", e.updated_at AS "updatedAt"
         FROM employees e JOIN units u ON u.id = e.unit_id
        WHERE e.id = $1`,
      [id],
    );
    if (!row) return null;
    const accounts = await queryRows<EmployeeRecord['accounts'][number]>(
      this.dataSource,
      `SELECT a.id, a.external_id AS "externalId", a.name
         FROM account_relationship_employees r JOIN customer_accounts a ON a.id = r.account_id
        WHERE r.employee_id = $1 ORDER BY a.name, a.id`,
      [id],
    );
    const { unitId, unitName, ...employee } = row;
    return { ...employee, unit: { id: unitId, name: unitName }, accounts };
  }

  /** Whether the employee's personal data was already erased; null when there is no such employee. */
  async employeeErased(id: string): Promise<boolean | null> {
    const [row] = await queryRows<{ erased: boolean }>(
      this.dataSource,
      `SELECT erased_at IS NOT NULL AS erased FROM employees WHERE id = $1`,
      [id],
    );
    return row ? row.erased : null;
  }

  /**
   * Deletes the contact. Follow-ups lose the link by their foreign key; invitations and
   * responses are their owners' to unlink. Null when there is no such contact.
   */
  async eraseContact(manager: EntityManager, id: string): Promise<ErasedIdentity | null> {
    const [row] = await queryRows<{ name: string; email: string }>(
      manager,
      `DELETE FROM contacts WHERE id = $1 RETURNING name, email`,
      [id],
    );
    if (!row) return null;
    const identity = { name: row.name, email: row.email, externalId: null };
    await this.redactImports(manager, identity);
    return identity;
  }

  /**
   * Removes the employee's name, email, external id and language and their links to customer
   * accounts; the row, its hire and exit and its dated history stay, anonymous, so headcount
   * and turnover of every period come out the same. Null when there is no such employee or
   * they were erased before.
   */
  async eraseEmployee(manager: EntityManager, id: string): Promise<ErasedIdentity | null> {
    const [row] = await queryRows<ErasedIdentity>(
      manager,
      `SELECT name, email, external_id AS "externalId" FROM employees
        WHERE id = $1 AND erased_at IS NULL FOR UPDATE`,
      [id],
    );
    if (!row) return null;
    await manager.query(
      `UPDATE employees SET name = $2, email = NULL, external_id = NULL, language = NULL,
              erased_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, ERASED_EMPLOYEE_NAME],
    );
    await manager.query(`DELETE FROM account_relationship_employees WHERE employee_id = $1`, [id]);
    await this.redactImports(manager, row);
    return row;
  }

  /** Contacts added before `before`: the ones the retention policy may find out of date. */
  contactsAddedBefore(before: Date): Promise<ContactAge[]> {
    return queryRows<ContactAge>(
      this.dataSource,
      `SELECT id, created_at AS "createdAt" FROM contacts WHERE created_at < $1 ORDER BY created_at, id`,
      [before],
    );
  }

  /**
   * Employees not yet erased whose current record is an exit before `before` (a rehired person's
   * record has no exit, so they are kept).
   */
  async departedBefore(before: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM employees
        WHERE erased_at IS NULL AND exit_date IS NOT NULL AND exit_date < $1::date
        ORDER BY exit_date, id`,
      [before],
    );
    return rows.map((r) => r.id);
  }

  /** Display names of the given contacts and employees, for the retention preview. */
  async labels(
    contactIds: readonly string[],
    employeeIds: readonly string[],
  ): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; label: string }>(
      this.dataSource,
      `SELECT id, name || ' <' || email || '>' AS label FROM contacts WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT id, name || coalesce(' <' || email || '>', '') || ', left ' || exit_date::text
         FROM employees WHERE id = ANY($2::uuid[])`,
      [[...contactIds], [...employeeIds]],
    );
    return new Map(rows.map((r) => [r.id, r.label]));
  }

  /**
   * Uploaded directory files are kept after they were applied: the lines that carry the
   * person's email or external id are taken out, and their name and email in the preview's
   * samples replaced.
   */
  private async redactImports(manager: EntityManager, who: ErasedIdentity): Promise<void> {
    const keys = [who.email, who.externalId].filter((k): k is string => !!k && k.length >= 3);
    for (const key of keys)
      await manager.query(
        `UPDATE directory_imports
            SET content = array_to_string(ARRAY(
                  SELECT line FROM regexp_split_to_table(content, E'\\n') WITH ORDINALITY AS l(line, n)
                   WHERE position($1 IN line) = 0 ORDER BY n), E'\\n')
          WHERE position($1 IN content) > 0`,
        [key],
      );
    for (const text of [who.email, who.name].filter((k): k is string => !!k && k.length >= 3))
      await manager.query(
        `UPDATE directory_imports SET summary = replace(summary::text, $1, $2)::jsonb
          WHERE position($1 IN summary::text) > 0`,
        [JSON.stringify(text).slice(1, -1), ERASED_TEXT],
      );
  }
}

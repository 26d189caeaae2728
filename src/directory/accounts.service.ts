import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/current-user';
import { Paged } from '../common/pagination';
import { queryRows } from '../database/sql';
import { assertCanManage, assertInScope, scopeCondition } from './directory-access';
import { accountAudit, accountTarget } from './directory-audit';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';
import { CreateAccountDto, UpdateAccountDto } from './dto/account.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { requireActiveUnit } from './employees.service';
import { CustomerAccount } from './entities/customer-account.entity';
import {
  containsPattern,
  listFilter,
  ListSpec,
  offsetOf,
  orderBy,
  pageFromRows,
  violatedUniqueConstraint,
} from './list-options';

/** One customer account as other modules see it. */
export interface AccountSummary {
  id: string;
  name: string;
  unitId: string;
  deactivated: boolean;
}

export interface AccountListItem {
  id: string;
  externalId: string;
  name: string;
  unitId: string;
  unitName: string;
  unitExternalId: string;
  churnDate: string | null;
  deactivatedAt: Date | null;
  contacts: number;
  relationshipEmployeeEmails: string[];
  status: 'active' | 'churned' | 'inactive';
}

/** Sort keys over the columns of the wrapped SELECT (alias a), so counts are sortable too. */
const SORTS: Record<string, string> = {
  name: 'lower(a.name)',
  externalId: 'a.external_id',
  unit: 'lower(a.unit_name)',
  churnDate: 'a.churn_date',
  contacts: 'a.contacts',
};

const STATUS: ListSpec['statuses'] = {
  active: `a.deactivated_at IS NULL AND (a.churn_date IS NULL OR a.churn_date > current_date)`,
  churned: `a.deactivated_at IS NULL AND a.churn_date <= current_date`,
  inactive: `a.deactivated_at IS NOT NULL`,
  all: 'TRUE',
};

const LIST: ListSpec = {
  sorts: SORTS,
  defaultSort: 'name',
  statuses: STATUS,
  searchColumns: ['a.name', 'a.external_id'],
};

const COLUMNS = `a.id, a.external_id, a.name, a.unit_id, u.name AS unit_name,
  u.external_id AS unit_external_id, u.path, a.churn_date::text AS churn_date, a.deactivated_at,
  (a.churn_date IS NOT NULL AND a.churn_date <= current_date) AS churned,
  (SELECT count(*) FROM contacts c WHERE c.account_id = a.id AND c.deactivated_at IS NULL)::int AS contacts,
  ARRAY(SELECT e.email FROM account_relationship_employees r JOIN employees e ON e.id = r.employee_id
         WHERE r.account_id = a.id ORDER BY e.email) AS relationship_emails`;

type Row = Record<string, unknown>;

/** Customer accounts, each served by one unit, optionally with named relationship employees. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Name and serving unit of the given accounts (deactivated ones too). */
  summariesByIds(ids: readonly string[]): Promise<AccountSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<AccountSummary>(
      this.dataSource,
      `SELECT id, name, unit_id AS "unitId", deactivated_at IS NOT NULL AS deactivated
         FROM customer_accounts WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  /** Ids of the accounts whose name contains the text (case-insensitive). */
  async idsMatching(text: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM customer_accounts WHERE name ILIKE $1`,
      [containsPattern(text)],
    );
    return rows.map((r) => r.id);
  }

  async list(user: CurrentUser, query: ListQueryDto): Promise<Paged<AccountListItem>> {
    const { options, where, params } = listFilter(user, query, LIST);
    params.push(options.pageSize, offsetOf(options));
    const rows: Array<Row & { total: string }> = await this.dataSource.query(
      `SELECT * FROM (
         SELECT ${COLUMNS}, count(*) OVER () AS total
           FROM customer_accounts a JOIN units u ON u.id = a.unit_id
          WHERE ${where}) a
        ${orderBy(SORTS, options, 'a.id')}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return pageFromRows(rows, options, toItem);
  }

  async exportRows(user: CurrentUser, query: ListQueryDto): Promise<string[][]> {
    const { options, where, params } = listFilter(user, query, LIST);
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT ${COLUMNS} FROM customer_accounts a JOIN units u ON u.id = a.unit_id
          WHERE ${where}) a
        ${orderBy(SORTS, options, 'a.id')}`,
      params,
    );
    return [
      ['external_id', 'name', 'unit_external_id', 'relationship_employee_emails', 'churn_date'],
      ...rows
        .map(toItem)
        .map((a) => [
          a.externalId,
          a.name,
          a.unitExternalId,
          a.relationshipEmployeeEmails.join(';'),
          a.churnDate ?? '',
        ]),
    ];
  }

  async get(user: CurrentUser, id: string): Promise<AccountListItem> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM customer_accounts a JOIN units u ON u.id = a.unit_id WHERE a.id = $1`,
      [id],
    );
    if (!rows[0]) throw new DirectoryError(DirectoryErrorCode.ACCOUNT_NOT_FOUND);
    assertInScope(user, rows[0].path as string);
    return toItem(rows[0]);
  }

  async create(user: CurrentUser, input: CreateAccountDto): Promise<CustomerAccount> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      await requireActiveUnit(manager, input.unitId);
      const id = randomUUID();
      try {
        await manager.insert(CustomerAccount, {
          id,
          externalId: input.externalId || `A-${id.slice(0, 8).toUpperCase()}`,
          name: input.name,
          unitId: input.unitId,
          churnDate: input.churnDate ?? null,
        });
      } catch (error) {
        throw translate(error);
      }
      const relationships = input.relationshipEmployeeEmails ?? [];
      await this.setRelationshipEmployees(manager, id, relationships);
      const account = await manager.findOneByOrFail(CustomerAccount, { id });
      await this.audit.record('directory.account_create', accountTarget(account), {
        after: accountAudit(account),
        details: { relationshipEmployees: relationships.length },
        manager,
      });
      return account;
    });
  }

  /** Edits an account; a different unitId moves it to the unit that now serves it. */
  async update(user: CurrentUser, id: string, input: UpdateAccountDto): Promise<CustomerAccount> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      const account = await manager.findOneBy(CustomerAccount, { id });
      if (!account) throw new DirectoryError(DirectoryErrorCode.ACCOUNT_NOT_FOUND);
      if (input.unitId !== undefined && input.unitId !== account.unitId)
        await requireActiveUnit(manager, input.unitId);
      const before = accountAudit(account);
      const changes: Partial<CustomerAccount> = {};
      if (input.name !== undefined) changes.name = input.name;
      if (input.unitId !== undefined) changes.unitId = input.unitId;
      if (input.externalId) changes.externalId = input.externalId;
      if (input.churnDate !== undefined) changes.churnDate = input.churnDate;
      try {
        if (Object.keys(changes).length) await manager.update(CustomerAccount, { id }, changes);
      } catch (error) {
        throw translate(error);
      }
      if (input.relationshipEmployeeEmails !== undefined)
        await this.setRelationshipEmployees(manager, id, input.relationshipEmployeeEmails);
      const saved = await manager.findOneByOrFail(CustomerAccount, { id });
      await this.audit.record('directory.account_update', accountTarget(saved), {
        before,
        after: accountAudit(saved),
        // Who serves the account is a list of people: only its new size is kept.
        details:
          input.relationshipEmployeeEmails !== undefined
            ? { relationshipEmployees: input.relationshipEmployeeEmails.length }
            : undefined,
        manager,
      });
      return saved;
    });
  }

  async move(user: CurrentUser, id: string, unitId: string): Promise<CustomerAccount> {
    return this.update(user, id, { unitId });
  }

  async deactivate(user: CurrentUser, id: string): Promise<void> {
    await this.setDeactivated(user, id, true);
  }

  async reactivate(user: CurrentUser, id: string): Promise<void> {
    await this.setDeactivated(user, id, false);
  }

  /** Active accounts in scope for pickers, by name. */
  async choices(user: CurrentUser): Promise<Array<{ id: string; label: string }>> {
    const params: unknown[] = [];
    const rows: Array<{ id: string; name: string; external_id: string }> =
      await this.dataSource.query(
        `SELECT a.id, a.name, a.external_id FROM customer_accounts a JOIN units u ON u.id = a.unit_id
          WHERE a.deactivated_at IS NULL AND ${scopeCondition(user, 'u.path', params)}
          ORDER BY lower(a.name), a.id LIMIT 5000`,
        params,
      );
    return rows.map((r) => ({ id: r.id, label: `${r.name} (${r.external_id})` }));
  }

  private async setDeactivated(user: CurrentUser, id: string, deactivated: boolean) {
    assertCanManage(user);
    const account = await this.dataSource.manager.findOneBy(CustomerAccount, { id });
    if (!account) throw new DirectoryError(DirectoryErrorCode.ACCOUNT_NOT_FOUND);
    if (deactivated && account.deactivatedAt)
      throw new DirectoryError(DirectoryErrorCode.ALREADY_INACTIVE);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        CustomerAccount,
        { id },
        { deactivatedAt: deactivated ? new Date() : null },
      );
      await this.audit.record(
        deactivated ? 'directory.account_deactivate' : 'directory.account_reactivate',
        accountTarget(account),
        { manager },
      );
    });
  }

  /** Replaces the account's relationship employees with the employees having these emails. */
  private async setRelationshipEmployees(
    manager: EntityManager,
    accountId: string,
    emails: string[],
  ): Promise<void> {
    const found: Array<{ id: string; email: string }> = await manager.query(
      `SELECT id, email FROM employees WHERE email = ANY($1::text[])`,
      [emails],
    );
    const known = new Set(found.map((f) => f.email));
    const unknown = emails.filter((e) => !known.has(e));
    if (unknown.length)
      throw new DirectoryError(DirectoryErrorCode.UNKNOWN_RELATIONSHIP_EMPLOYEE, {
        field: 'relationshipEmployeeEmails',
        emails: unknown,
      });
    await manager.query(
      `DELETE FROM account_relationship_employees WHERE account_id = $1 AND NOT (employee_id = ANY($2::uuid[]))`,
      [accountId, found.map((f) => f.id)],
    );
    await manager.query(
      `INSERT INTO account_relationship_employees (account_id, employee_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [accountId, found.map((f) => f.id)],
    );
  }
}

function translate(error: unknown): unknown {
  return violatedUniqueConstraint(error) === 'uq_customer_accounts_external_id'
    ? new DirectoryError(DirectoryErrorCode.ACCOUNT_EXTERNAL_ID_TAKEN, { field: 'externalId' })
    : error;
}

function toItem(r: Row): AccountListItem {
  return {
    id: r.id as string,
    externalId: r.external_id as string,
    name: r.name as string,
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    unitExternalId: r.unit_external_id as string,
    churnDate: r.churn_date as string | null,
    deactivatedAt: r.deactivated_at as Date | null,
    contacts: Number(r.contacts),
    relationshipEmployeeEmails: (r.relationship_emails as string[] | null) ?? [],
    status: r.deactivated_at ? 'inactive' : r.churned ? 'churned' : 'active',
  };
}

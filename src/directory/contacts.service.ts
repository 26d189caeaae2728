import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/current-user';
import { Paged } from '../common/pagination';
import { queryRows } from '../database/sql';
import { assertCanManage, assertInScope } from './directory-access';
import { contactAudit, contactTarget, personChange } from './directory-audit';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { Contact } from './entities/contact.entity';
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

/** One contact as other modules see it; `reachable`: subscribed and active. */
export interface ContactSummary {
  id: string;
  name: string;
  email: string;
  reachable: boolean;
  /** null: the company's default language */
  language: string | null;
}

export interface ContactListItem {
  id: string;
  email: string;
  name: string;
  accountId: string;
  accountName: string;
  accountExternalId: string;
  unitName: string;
  subscribed: boolean;
  unsubscribedAt: Date | null;
  deactivatedAt: Date | null;
  /** null: the company's default language */
  language: string | null;
  status: 'active' | 'inactive';
}

const SORTS: Record<string, string> = {
  name: 'lower(c.name)',
  email: 'c.email',
  account: 'lower(a.name)',
  unit: 'lower(u.name)',
  subscribed: 'c.subscribed',
};

const STATUS: ListSpec['statuses'] = {
  active: 'c.deactivated_at IS NULL',
  inactive: 'c.deactivated_at IS NOT NULL',
  all: 'TRUE',
};

const LIST: ListSpec = {
  sorts: SORTS,
  defaultSort: 'name',
  statuses: STATUS,
  searchColumns: ['c.name', 'c.email', 'a.name'],
};

const COLUMNS = `c.id, c.email, c.name, c.account_id, a.name AS account_name,
  a.external_id AS account_external_id, u.name AS unit_name, u.path, c.subscribed,
  c.unsubscribed_at, c.deactivated_at, c.language`;
const FROM = `contacts c JOIN customer_accounts a ON a.id = c.account_id JOIN units u ON u.id = a.unit_id`;

type Row = Record<string, unknown>;

/** People at customer accounts who receive relationship surveys. */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Name, email and whether each given contact can still receive email. */
  summariesByIds(ids: readonly string[]): Promise<ContactSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<ContactSummary>(
      this.dataSource,
      `SELECT id, name, email, subscribed AND deactivated_at IS NULL AS reachable, language
         FROM contacts WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  /** Of these contacts, those that may not be mailed (unsubscribed or deactivated). */
  async unreachableIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM contacts
        WHERE id = ANY($1::uuid[]) AND NOT (subscribed AND deactivated_at IS NULL)`,
      [[...new Set(ids)]],
    );
    return rows.map((r) => r.id);
  }

  /** Ids of the contacts whose name or email contains the text (case-insensitive). */
  async idsMatching(text: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM contacts WHERE name ILIKE $1 OR email ILIKE $1`,
      [containsPattern(text)],
    );
    return rows.map((r) => r.id);
  }

  async list(user: CurrentUser, query: ListQueryDto): Promise<Paged<ContactListItem>> {
    const { options, where, params } = this.filter(user, query);
    params.push(options.pageSize, offsetOf(options));
    const rows: Array<Row & { total: string }> = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${FROM}
        WHERE ${where}
        ${orderBy(SORTS, options, 'c.id')}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return pageFromRows(rows, options, toItem);
  }

  async exportRows(user: CurrentUser, query: ListQueryDto): Promise<string[][]> {
    const { options, where, params } = this.filter(user, query);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ${orderBy(SORTS, options, 'c.id')}`,
      params,
    );
    return [
      ['email', 'name', 'account_external_id', 'subscribed', 'language'],
      ...rows
        .map(toItem)
        .map((c) => [
          c.email,
          c.name,
          c.accountExternalId,
          c.subscribed ? 'true' : 'false',
          c.language ?? '',
        ]),
    ];
  }

  async get(user: CurrentUser, id: string): Promise<ContactListItem> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = $1`,
      [id],
    );
    if (!rows[0]) throw new DirectoryError(DirectoryErrorCode.CONTACT_NOT_FOUND);
    assertInScope(user, rows[0].path as string);
    return toItem(rows[0]);
  }

  async create(user: CurrentUser, input: CreateContactDto): Promise<Contact> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      await requireActiveAccount(manager, input.accountId);
      const subscribed = input.subscribed ?? true;
      let contact: Contact;
      try {
        contact = await manager.save(
          manager.create(Contact, {
            email: input.email,
            name: input.name,
            accountId: input.accountId,
            subscribed,
            unsubscribedAt: subscribed ? null : new Date(),
            language: input.language ?? null,
          }),
        );
      } catch (error) {
        throw translate(error);
      }
      await this.audit.record('directory.contact_create', contactTarget(contact.id), {
        ...personChange(undefined, contactAudit(contact)),
        manager,
      });
      return contact;
    });
  }

  /** Edits a contact; a different accountId moves them to another account. */
  async update(user: CurrentUser, id: string, input: UpdateContactDto): Promise<Contact> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      const contact = await manager.findOneBy(Contact, { id });
      if (!contact) throw new DirectoryError(DirectoryErrorCode.CONTACT_NOT_FOUND);
      const before = contactAudit(contact);
      if (input.accountId !== undefined && input.accountId !== contact.accountId)
        await requireActiveAccount(manager, input.accountId);
      if (input.subscribed !== undefined && input.subscribed !== contact.subscribed) {
        contact.subscribed = input.subscribed;
        contact.unsubscribedAt = input.subscribed ? null : new Date();
      }
      contact.email = input.email ?? contact.email;
      contact.name = input.name ?? contact.name;
      contact.accountId = input.accountId ?? contact.accountId;
      if (input.language !== undefined) contact.language = input.language;
      let saved: Contact;
      try {
        saved = await manager.save(contact);
      } catch (error) {
        throw translate(error);
      }
      await this.audit.record('directory.contact_update', contactTarget(id), {
        ...personChange(before, contactAudit(saved)),
        manager,
      });
      return saved;
    });
  }

  async deactivate(user: CurrentUser, id: string): Promise<void> {
    await this.setDeactivated(user, id, true);
  }

  async reactivate(user: CurrentUser, id: string): Promise<void> {
    await this.setDeactivated(user, id, false);
  }

  /** The contact's email and whether it still receives surveys; null when not found. */
  async subscription(id: string): Promise<{ email: string; subscribed: boolean } | null> {
    const contact = await this.dataSource.manager.findOne(Contact, {
      select: { email: true, subscribed: true },
      where: { id },
    });
    return contact ? { email: contact.email, subscribed: contact.subscribed } : null;
  }

  /** Takes the contact off the survey list (idempotent); its email, null when not found. */
  async unsubscribe(manager: EntityManager, id: string): Promise<string | null> {
    const [contact] = await queryRows<{ email: string }>(
      manager,
      `UPDATE contacts SET subscribed = false, unsubscribed_at = COALESCE(unsubscribed_at, now())
        WHERE id = $1 RETURNING email`,
      [id],
    );
    return contact?.email ?? null;
  }

  private async setDeactivated(user: CurrentUser, id: string, deactivated: boolean) {
    assertCanManage(user);
    const contact = await this.dataSource.manager.findOneBy(Contact, { id });
    if (!contact) throw new DirectoryError(DirectoryErrorCode.CONTACT_NOT_FOUND);
    if (deactivated && contact.deactivatedAt)
      throw new DirectoryError(DirectoryErrorCode.ALREADY_INACTIVE);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Contact, { id }, { deactivatedAt: deactivated ? new Date() : null });
      await this.audit.record(
        deactivated ? 'directory.contact_deactivate' : 'directory.contact_reactivate',
        contactTarget(id),
        { manager },
      );
    });
  }

  private filter(user: CurrentUser, query: ListQueryDto) {
    const list = listFilter(user, query, LIST);
    if (query.account) list.where += ` AND c.account_id = $${list.params.push(query.account)}`;
    return list;
  }
}

async function requireActiveAccount(manager: EntityManager, id: string): Promise<void> {
  const account = await manager.findOneBy(CustomerAccount, { id });
  if (!account)
    throw new DirectoryError(DirectoryErrorCode.ACCOUNT_NOT_FOUND, { field: 'accountId' });
  if (account.deactivatedAt)
    throw new DirectoryError(DirectoryErrorCode.ACCOUNT_INACTIVE, { field: 'accountId' });
}

function translate(error: unknown): unknown {
  return violatedUniqueConstraint(error) === 'uq_contacts_email'
    ? new DirectoryError(DirectoryErrorCode.CONTACT_EMAIL_TAKEN, { field: 'email' })
    : error;
}

function toItem(r: Row): ContactListItem {
  return {
    id: r.id as string,
    email: r.email as string,
    name: r.name as string,
    accountId: r.account_id as string,
    accountName: r.account_name as string,
    accountExternalId: r.account_external_id as string,
    unitName: r.unit_name as string,
    subscribed: r.subscribed as boolean,
    unsubscribedAt: r.unsubscribed_at as Date | null,
    deactivatedAt: r.deactivated_at as Date | null,
    language: (r.language as string | null) ?? null,
    status: r.deactivated_at ? 'inactive' : 'active',
  };
}

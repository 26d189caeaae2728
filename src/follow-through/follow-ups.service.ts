import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { InputErrorCode, whitelisted } from '../common/input-error';
import { Paged, paged, pageParams } from '../common/pagination';
import { queryRows } from '../database/sql';
import { AccountsService } from '../directory/accounts.service';
import { ContactsService } from '../directory/contacts.service';
import { EmployeesService } from '../directory/employees.service';
import { UnitsService, UnitSummary } from '../directory/units.service';
import { FollowUpFilter, FollowUpQueryDto } from './dto/follow-up.dto';
import type { FollowUpReason, FollowUpState, HeardYouState } from './entities/follow-up.entity';
import { assertInScope, canAct } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';
import { allowedActions, FollowUpAction, STATE_LABELS } from './follow-up-states';
import { FollowUpIds, FollowUpLookups, FollowUpNames } from './follow-up-lookups.service';
import { reasonsText } from './follow-up-views';

export interface FollowUpListItem {
  id: string;
  state: FollowUpState;
  stateLabel: string;
  overdue: boolean;
  unitId: string;
  unitName: string;
  accountId: string | null;
  accountName: string | null;
  contactName: string | null;
  cycleLabel: string;
  reasons: FollowUpReason[];
  reasonsText: string;
  nps: number | null;
  csat: number | null;
  comment: string | null;
  openedAt: Date;
  dueAt: Date;
  assigneeName: string | null;
  resolvedAt: Date | null;
  /** resolved by the due time; null while unresolved */
  resolvedOnTime: boolean | null;
}

export interface FollowUpEventItem {
  id: string;
  at: Date;
  kind: string;
  actorName: string | null;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface FollowUpDetail extends FollowUpListItem {
  unitPath: string;
  contactEmail: string | null;
  /** the contact can still receive email (subscribed and active) */
  contactReachable: boolean;
  assigneeId: string | null;
  resolution: string | null;
  resolvedByName: string | null;
  heardYou: HeardYouState | null;
  heardYouMessage: string | null;
  answers: { question: string; answer: string }[];
  relationshipEmployees: { id: string; name: string }[];
  assignable: { id: string; name: string; relationship: boolean }[];
  events: FollowUpEventItem[];
  actions: FollowUpAction[];
}

const SORTS: Record<string, string> = {
  due: 'f.due_at',
  opened: 'f.opened_at',
  unit: 'u.name',
  state: `array_position(ARRAY['open','assigned','contacted','resolved'], f.state)`,
};

/** Sort and filter keys are looked up among own keys only (the DTO checks them too). */
const SORT_KEY = { code: InputErrorCode.UNKNOWN_SORT, name: 'sort' };
const STATE_KEY = { code: InputErrorCode.UNKNOWN_FILTER, name: 'state' };

const STATE_WHERE: Record<FollowUpFilter, string> = {
  unresolved: `f.state <> 'resolved'`,
  open: `f.state = 'open'`,
  assigned: `f.state = 'assigned'`,
  contacted: `f.state = 'contacted'`,
  resolved: `f.state = 'resolved'`,
  all: 'TRUE',
};

/** A follow-up's own columns; names of units, people and cycles come from their owners. */
const SELECT = `
  SELECT f.id, f.state, f.state <> 'resolved' AND f.due_at < now() AS overdue,
         f.unit_id AS "unitId", f.account_id AS "accountId", f.contact_id AS "contactId",
         f.cycle_id AS "cycleId", f.reasons, f.nps, f.csat, f.comment,
         f.opened_at AS "openedAt", f.due_at AS "dueAt", f.assignee_id AS "assigneeId",
         f.resolved_at AS "resolvedAt",
         CASE WHEN f.resolved_at IS NULL THEN NULL ELSE f.resolved_at <= f.due_at END AS "resolvedOnTime",
         f.resolution, f.resolved_by_id AS "resolvedById", f.heard_you AS "heardYou",
         f.heard_you_message AS "heardYouMessage", f.response_id AS "responseId"
    FROM follow_ups f`;

/** The row as stored, before the owners' names are added. */
type StoredRow = Omit<Row, keyof FollowUpNames> & FollowUpIds;

type Row = FollowUpDetail & { responseId: string };

/** What the list's SQL needs: its condition, parameters and (to sort by unit name) a join. */
interface Filter {
  where: string;
  params: unknown[];
  join: string;
}

/** Reading follow-ups: the scoped, filtered list, its CSV and one follow-up with its trail. */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly units: UnitsService,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly employees: EmployeesService,
    private readonly lookups: FollowUpLookups,
  ) {}

  async list(user: CurrentUser, query: FollowUpQueryDto): Promise<Paged<FollowUpListItem>> {
    const pageSize = query.pageSize ?? 25;
    const { page, skip, take } = pageParams(query.page, pageSize);
    const sortKey = query.sort ?? 'due';
    const sort = whitelisted(SORTS, sortKey, SORT_KEY);
    const { where, params, join } = await this.where(user, query, sortKey === 'unit');
    const order = `${sort} ${query.dir === 'desc' ? 'DESC' : 'ASC'}, f.id`;
    const [rows, [{ total }]] = await Promise.all([
      queryRows<StoredRow>(
        this.dataSource,
        `${SELECT} ${join} WHERE ${where} ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`,
        params,
      ),
      queryRows<{ total: number }>(
        this.dataSource,
        `SELECT count(*)::int AS total FROM follow_ups f WHERE ${where}`,
        params,
      ),
    ]);
    return paged((await this.lookups.named(rows)).map(toListItem), total, page, pageSize);
  }

  /** Every matching follow-up (no paging) as CSV rows, header first. */
  async exportRows(user: CurrentUser, query: FollowUpQueryDto): Promise<string[][]> {
    const { where, params } = await this.where(user, query, false);
    const rows = await this.lookups.named(
      await queryRows<StoredRow>(
        this.dataSource,
        `${SELECT} WHERE ${where} ORDER BY f.due_at, f.id`,
        params,
      ),
    );
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');
    return [
      [
        'id',
        'state',
        'overdue',
        'unit',
        'account',
        'contact',
        'cycle',
        'reasons',
        'nps',
        'csat',
        'comment',
        'opened_at',
        'due_at',
        'assignee',
        'resolved_at',
        'resolved_on_time',
        'resolution',
      ],
      ...rows.map((r) => [
        r.id,
        r.state,
        r.overdue ? 'yes' : 'no',
        r.unitName,
        r.accountName ?? '',
        r.contactName ?? '',
        r.cycleLabel,
        r.reasons.join(' '),
        r.nps === null ? '' : String(r.nps),
        r.csat === null ? '' : String(r.csat),
        r.comment ?? '',
        iso(r.openedAt),
        iso(r.dueAt),
        r.assigneeName ?? '',
        iso(r.resolvedAt),
        r.resolvedOnTime === null ? '' : r.resolvedOnTime ? 'yes' : 'no',
        r.resolution ?? '',
      ]),
    ];
  }

  /** One follow-up with the customer's whole answer, the people who can act and the trail. */
  async get(user: CurrentUser, id: string): Promise<FollowUpDetail> {
    const [stored] = await queryRows<StoredRow>(this.dataSource, `${SELECT} WHERE f.id = $1`, [id]);
    if (!stored) throw new FollowThroughError(FollowThroughErrorCode.FOLLOW_UP_NOT_FOUND);
    const [row] = await this.lookups.named([stored]);
    assertInScope(user, row.unitPath);
    const { responseId, ...detail } = row;
    const [answers, people, events] = await Promise.all([
      this.lookups.answers(responseId),
      this.assignable(row.unitId, row.accountId),
      this.events(id),
    ]);
    return {
      ...toListItem(row),
      ...detail,
      stateLabel: STATE_LABELS[row.state],
      reasonsText: reasonsText(row.reasons),
      answers,
      relationshipEmployees: people
        .filter((p) => p.relationship)
        .map(({ id: pid, name }) => ({ id: pid, name })),
      assignable: people,
      events,
      actions: canAct(user) ? allowedActions(row.state) : [],
    };
  }

  /** Active employees who can take the follow-up: the account's relationship employees first. */
  assignable(
    unitId: string,
    accountId: string | null,
  ): Promise<{ id: string; name: string; relationship: boolean }[]> {
    return this.employees.assignableFor(unitId, accountId);
  }

  /**
   * The list's condition. The user's subtree (or the chosen unit's) is the set of its unit ids;
   * sorting by unit name joins the units' names in as arrays. The free-text search matches
   * account and contact names and emails through their owners, and the comment here.
   */
  private async where(
    user: CurrentUser,
    query: FollowUpQueryDto,
    byUnitName: boolean,
  ): Promise<Filter> {
    const params: unknown[] = [];
    const state = whitelisted(STATE_WHERE, query.state ?? 'unresolved', STATE_KEY);
    const where = [state];
    let under = user.scope?.path ?? null;
    if (query.unit) {
      const [unit] = await this.units.summariesByIds([query.unit]);
      if (!unit) throw new FollowThroughError(FollowThroughErrorCode.UNIT_NOT_FOUND);
      assertInScope(user, unit.path);
      under = unit.path;
    }
    let join = '';
    if (under !== null || byUnitName) {
      const units: UnitSummary[] = await this.units.summariesUnder(under);
      if (under !== null) {
        params.push(units.map((u) => u.id));
        where.push(`f.unit_id = ANY($${params.length}::uuid[])`);
      }
      if (byUnitName) {
        params.push(
          units.map((u) => u.id),
          units.map((u) => u.name),
        );
        join = `JOIN unnest($${params.length - 1}::uuid[], $${params.length}::text[]) AS u(id, name)
                  ON u.id = f.unit_id`;
      }
    }
    if (query.overdue) where.push(`f.state <> 'resolved' AND f.due_at < now()`);
    if (query.reason) {
      params.push(query.reason);
      where.push(`$${params.length} = ANY(f.reasons)`);
    }
    if (query.cycle) {
      params.push(query.cycle);
      where.push(`f.cycle_id = $${params.length}`);
    }
    if (query.q) {
      const [accountIds, contactIds] = await Promise.all([
        this.accounts.idsMatching(query.q),
        this.contacts.idsMatching(query.q),
      ]);
      params.push(accountIds, contactIds, `%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
      const n = params.length;
      where.push(
        `(f.account_id = ANY($${n - 2}::uuid[]) OR f.contact_id = ANY($${n - 1}::uuid[])
          OR f.comment ILIKE $${n})`,
      );
    }
    return { where: where.join(' AND '), params, join };
  }

  private async events(followUpId: string): Promise<FollowUpEventItem[]> {
    return this.dataSource.query(
      `SELECT id, at, kind, actor_name AS "actorName", from_state AS "fromState",
              to_state AS "toState", note, data
         FROM follow_up_events WHERE follow_up_id = $1 ORDER BY id`,
      [followUpId],
    );
  }
}

function toListItem(row: Row): FollowUpListItem {
  return {
    id: row.id,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    overdue: row.overdue,
    unitId: row.unitId,
    unitName: row.unitName,
    accountId: row.accountId,
    accountName: row.accountName,
    contactName: row.contactName,
    cycleLabel: row.cycleLabel,
    reasons: row.reasons,
    reasonsText: reasonsText(row.reasons),
    nps: row.nps,
    csat: row.csat,
    comment: row.comment,
    openedAt: row.openedAt,
    dueAt: row.dueAt,
    assigneeName: row.assigneeName,
    resolvedAt: row.resolvedAt,
    resolvedOnTime: row.resolvedOnTime,
  };
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { InputErrorCode, whitelisted } from '../common/input-error';
import { Paged, paged, pageParams } from '../common/pagination';
import { FollowUpFilter, FollowUpQueryDto } from './dto/follow-up.dto';
import type { FollowUpReason, FollowUpState, HeardYouState } from './entities/follow-up.entity';
import { assertInScope, canAct, scopeSql } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';
import { allowedActions, FollowUpAction, STATE_LABELS } from './follow-up-states';
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

const SELECT = `
  SELECT f.id, f.state, f.state <> 'resolved' AND f.due_at < now() AS overdue,
         f.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath",
         f.account_id AS "accountId", a.name AS "accountName",
         ct.name AS "contactName", ct.email AS "contactEmail",
         coalesce(ct.subscribed AND ct.deactivated_at IS NULL, false) AS "contactReachable",
         c.period_label AS "cycleLabel", f.reasons, f.nps, f.csat, f.comment,
         f.opened_at AS "openedAt", f.due_at AS "dueAt",
         f.assignee_id AS "assigneeId", e.name AS "assigneeName",
         f.resolved_at AS "resolvedAt",
         CASE WHEN f.resolved_at IS NULL THEN NULL ELSE f.resolved_at <= f.due_at END AS "resolvedOnTime",
         f.resolution, rb.name AS "resolvedByName", f.heard_you AS "heardYou",
         f.heard_you_message AS "heardYouMessage", f.response_id AS "responseId"
    FROM follow_ups f
    JOIN units u ON u.id = f.unit_id
    JOIN cycles c ON c.id = f.cycle_id
    LEFT JOIN customer_accounts a ON a.id = f.account_id
    LEFT JOIN contacts ct ON ct.id = f.contact_id
    LEFT JOIN employees e ON e.id = f.assignee_id
    LEFT JOIN users rb ON rb.id = f.resolved_by_id`;

type Row = FollowUpDetail & { responseId: string };

const LIKERT = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
];

/** Reading follow-ups: the scoped, filtered list, its CSV and one follow-up with its trail. */
@Injectable()
export class FollowUpsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: CurrentUser, query: FollowUpQueryDto): Promise<Paged<FollowUpListItem>> {
    const pageSize = query.pageSize ?? 25;
    const { page, skip, take } = pageParams(query.page, pageSize);
    const { where, params } = await this.where(user, query);
    const sort = whitelisted(SORTS, query.sort ?? 'due', SORT_KEY);
    const order = `${sort} ${query.dir === 'desc' ? 'DESC' : 'ASC'}, f.id`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<Row[]>(
        `${SELECT} WHERE ${where} ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`,
        params,
      ),
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM follow_ups f JOIN units u ON u.id = f.unit_id
           LEFT JOIN customer_accounts a ON a.id = f.account_id
           LEFT JOIN contacts ct ON ct.id = f.contact_id
          WHERE ${where}`,
        params,
      ),
    ]);
    return paged(rows.map(toListItem), total, page, pageSize);
  }

  /** Every matching follow-up (no paging) as CSV rows, header first. */
  async exportRows(user: CurrentUser, query: FollowUpQueryDto): Promise<string[][]> {
    const { where, params } = await this.where(user, query);
    const rows = await this.dataSource.query<Row[]>(
      `${SELECT} WHERE ${where} ORDER BY f.due_at, f.id`,
      params,
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
    const [row] = await this.dataSource.query<Row[]>(`${SELECT} WHERE f.id = $1`, [id]);
    if (!row) throw new FollowThroughError(FollowThroughErrorCode.FOLLOW_UP_NOT_FOUND);
    assertInScope(user, row.unitPath);
    const { responseId, ...detail } = row;
    const [answers, people, events] = await Promise.all([
      this.answers(responseId),
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
    return this.dataSource.query(
      `SELECT e.id, e.name, (re.employee_id IS NOT NULL) AS relationship
         FROM employees e
         LEFT JOIN account_relationship_employees re ON re.employee_id = e.id AND re.account_id = $2
        WHERE (e.unit_id = $1 OR re.employee_id IS NOT NULL)
          AND e.deactivated_at IS NULL AND e.hire_date <= current_date
          AND (e.exit_date IS NULL OR e.exit_date > current_date)
        ORDER BY relationship DESC, e.name LIMIT 500`,
      [unitId, accountId],
    );
  }

  private async where(user: CurrentUser, query: FollowUpQueryDto) {
    const params: unknown[] = [];
    const state = whitelisted(STATE_WHERE, query.state ?? 'unresolved', STATE_KEY);
    const where = [scopeSql(user, 'u.path', params), state];
    if (query.unit) {
      const [unit] = await this.dataSource.query<{ path: string }[]>(
        `SELECT path FROM units WHERE id = $1`,
        [query.unit],
      );
      if (!unit) throw new FollowThroughError(FollowThroughErrorCode.UNIT_NOT_FOUND);
      assertInScope(user, unit.path);
      params.push(unit.path);
      where.push(`u.path LIKE $${params.length} || '%'`);
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
      params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
      const p = `$${params.length}`;
      where.push(
        `(a.name ILIKE ${p} OR ct.name ILIKE ${p} OR ct.email ILIKE ${p} OR f.comment ILIKE ${p})`,
      );
    }
    return { where: where.join(' AND '), params };
  }

  private async answers(responseId: string): Promise<{ question: string; answer: string }[]> {
    const rows: { text: string; kind: string; value: string | null }[] =
      await this.dataSource.query(
        `SELECT q.text, q.kind, r.answers->>q.key AS value
         FROM customer_responses r
         JOIN cycles c ON c.id = r.cycle_id
         JOIN questions q ON q.survey_id = c.customer_survey_id
        WHERE r.id = $1 AND r.answers ? q.key
        ORDER BY q.position`,
        [responseId],
      );
    return rows
      .filter((r) => r.value !== null && r.value !== '')
      .map((r) => ({ question: r.text, answer: describeAnswer(r.kind, r.value!) }));
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

function describeAnswer(kind: string, value: string): string {
  const n = Number(value);
  switch (kind) {
    case 'nps':
      return `${value} out of 10`;
    case 'rating5':
      return `${value} out of 5`;
    case 'likert5':
      return LIKERT[n - 1] ?? value;
    default:
      return value;
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

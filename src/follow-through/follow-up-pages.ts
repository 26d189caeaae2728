import type { Paged } from '../common/pagination';
import { FOLLOW_UP_FILTERS, FollowUpFilter, FollowUpQueryDto } from './dto/follow-up.dto';
import { FOLLOW_UP_REASONS } from './entities/follow-up.entity';
import type { FollowUpDetail, FollowUpEventItem, FollowUpListItem } from './follow-ups.service';
import { REASON_LABELS } from './follow-up-views';
import type { UnitChoice } from './unit-choices.service';

/** View models of the follow-up pages (views/follow-through/follow-up*.hbs). */

const FILTER_LABELS: Record<FollowUpFilter, string> = {
  unresolved: 'Not resolved',
  open: 'Open',
  assigned: 'Assigned',
  contacted: 'Contacted',
  resolved: 'Resolved',
  all: 'All',
};

type Query = Record<string, string | number | boolean | undefined>;

function baseQuery(query: FollowUpQueryDto): Query {
  return {
    state: query.state,
    overdue: query.overdue ? 'true' : undefined,
    unit: query.unit,
    reason: query.reason,
    cycle: query.cycle,
    q: query.q || undefined,
    sort: query.sort,
    dir: query.dir,
  };
}

export function href(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '' && v !== false) params.set(k, String(v));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function followUpListModel(
  path: string,
  query: FollowUpQueryDto,
  result: Paged<FollowUpListItem>,
  units: UnitChoice[],
) {
  const base = baseQuery(query);
  const state = query.state ?? 'unresolved';
  const sort = query.sort ?? 'due';
  const dir = query.dir ?? 'asc';
  const header = (key: string, label: string) => {
    const active = key === sort;
    return {
      label,
      href: href(path, { ...base, sort: key, dir: active && dir === 'asc' ? 'desc' : 'asc' }),
      ariaSort: active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined,
      arrow: active ? (dir === 'asc' ? '▲' : '▼') : '',
    };
  };
  return {
    title: 'Customer follow-ups',
    section: 'follow-ups',
    items: result.items.map(listRow),
    filters: FOLLOW_UP_FILTERS.map((value) => ({
      label: FILTER_LABELS[value],
      href: href(path, { ...base, state: value }),
      current: value === state,
    })),
    headers: {
      due: header('due', 'Due'),
      opened: header('opened', 'Answered'),
      unit: header('unit', 'Unit'),
      state: header('state', 'State'),
    },
    reasons: FOLLOW_UP_REASONS.map((r) => ({
      value: r,
      label: REASON_LABELS[r],
      selected: r === query.reason,
    })),
    units: units.map((u) => ({ ...u, selected: u.id === query.unit })),
    values: { q: query.q ?? '', overdue: !!query.overdue, state },
    hidden: [
      { name: 'state', value: query.state },
      { name: 'sort', value: query.sort },
      { name: 'dir', value: query.dir },
      { name: 'cycle', value: query.cycle },
    ].filter((h) => h.value),
    filtered: !!(query.q || query.unit || query.reason || query.overdue || query.cycle),
    exportHref: href(`${path}/export.csv`, base),
    page: result.page,
    pages: result.pages,
    total: result.total,
    prevPage: result.prevPage,
    nextPage: result.nextPage,
    query: base,
  };
}

function listRow(item: FollowUpListItem) {
  return { ...item, dueOn: item.dueAt, excerpt: excerpt(item.comment) };
}

function excerpt(comment: string | null): string | null {
  if (!comment) return null;
  const flat = comment.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

const EVENT_TEXT: Record<string, string> = {
  opened: 'Opened from the customer’s answer',
  assigned: 'Assigned',
  contacted: 'Customer contacted',
  resolved: 'Resolved',
  note: 'Note',
  heard_you_sent: '“We heard you” email sent',
  heard_you_failed: '“We heard you” email failed',
  heard_you_suppressed: '“We heard you” email held back',
};

function trailRow(event: FollowUpEventItem) {
  const assignee = typeof event.data.assigneeName === 'string' ? event.data.assigneeName : null;
  return {
    ...event,
    what: `${EVENT_TEXT[event.kind] ?? event.kind}${assignee ? ` to ${assignee}` : ''}`,
    who: event.actorName ?? 'Tandem',
  };
}

export function followUpDetailModel(
  detail: FollowUpDetail,
  canEdit: boolean,
  errors: Record<string, string>,
  values: Record<string, unknown>,
) {
  const can = (action: string) => canEdit && detail.actions.includes(action as never);
  return {
    title: `Follow-up: ${detail.accountName ?? detail.contactName ?? 'customer'}`,
    section: 'follow-ups',
    f: detail,
    trail: detail.events.map(trailRow),
    assignable: detail.assignable.map((p) => ({
      ...p,
      selected: p.id === (values.assigneeId ?? detail.assigneeId),
    })),
    canAssign: can('assign'),
    canContact: can('contact'),
    canResolve: can('resolve'),
    canNote: can('note'),
    heardYouState: detail.heardYou,
    errors,
    values,
  };
}

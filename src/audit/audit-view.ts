import { AUDIT_ACTIONS, AUDIT_AREA_LABELS, AuditArea } from './audit-actions';
import type { AuditFilter, AuditRow } from './audit.queries';

/** One audit row as the API and the CSV give it. */
export interface AuditEventJson {
  id: string;
  occurredAt: string;
  actor: {
    kind: string;
    userId: string | null;
    email: string | null;
    apiKeyId: string | null;
    ip: string | null;
    userAgent: string | null;
  };
  action: string;
  target: { type: string | null; id: string | null; label: string | null };
  changes: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  details: Record<string, unknown>;
}

export function toJson(row: AuditRow): AuditEventJson {
  return {
    id: String(row.id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: {
      kind: row.actor_kind,
      userId: row.actor_user_id,
      email: row.actor_email,
      apiKeyId: row.actor_api_key_id,
      ip: row.ip,
      userAgent: row.user_agent,
    },
    action: row.action,
    target: { type: row.target_type, id: row.target_id, label: row.target_label },
    changes: row.changes,
    details: row.details,
  };
}

export const CSV_HEADER = [
  'id',
  'occurred_at',
  'actor_kind',
  'actor_email',
  'actor_user_id',
  'actor_api_key_id',
  'ip',
  'user_agent',
  'action',
  'target_type',
  'target_id',
  'target_label',
  'before',
  'after',
  'details',
];

export function csvRow(row: AuditRow): string[] {
  const e = toJson(row);
  return [
    e.id,
    e.occurredAt,
    e.actor.kind,
    e.actor.email ?? '',
    e.actor.userId ?? '',
    e.actor.apiKeyId ?? '',
    e.actor.ip ?? '',
    e.actor.userAgent ?? '',
    e.action,
    e.target.type ?? '',
    e.target.id ?? '',
    e.target.label ?? '',
    e.changes.before ? JSON.stringify(e.changes.before) : '',
    e.changes.after ? JSON.stringify(e.changes.after) : '',
    Object.keys(e.details).length ? JSON.stringify(e.details) : '',
  ];
}

/** A changed field for the page: "closesAt: 2026-01-01T… → 2026-02-01T…". */
export interface ChangeLine {
  field: string;
  before: string;
  after: string;
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function changeLines(row: AuditRow): ChangeLine[] {
  const before = row.changes.before ?? {};
  const after = row.changes.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].map((field) => ({
    field,
    before: row.changes.before ? show(before[field]) : '',
    after: show(after[field]),
  }));
}

/** The action filter's choices: each area, then its actions. */
export function actionOptions(selected?: string) {
  return (Object.keys(AUDIT_ACTIONS) as AuditArea[]).map((area) => ({
    label: AUDIT_AREA_LABELS[area],
    area,
    areaSelected: selected === area,
    actions: AUDIT_ACTIONS[area].map((action) => ({
      value: action,
      selected: action === selected,
    })),
  }));
}

/** The filter as a query string's values, for paging links and the CSV link. */
export function filterQuery(filter: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter))
    if (typeof value === 'string' && value !== '') out[key] = value;
  return out;
}

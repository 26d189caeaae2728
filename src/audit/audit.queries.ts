import type { Queryable } from '../database/sql';

/** Filters of the audit log page, its CSV and GET /api/v1/audit. */
export interface AuditFilter {
  /** An email (part of it), a user id or an API key id. */
  actor?: string;
  /** An action (`cycle.close`) or an area (`cycle`: every `cycle.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Days in the company's time zone, inclusive, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
}

export interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_kind: string;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_api_key_id: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  changes: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  details: Record<string, unknown>;
}

export interface AuditInsert {
  actorKind: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorApiKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  changes: object;
  details: object;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertAuditEvent(db: Queryable, e: AuditInsert): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (actor_kind, actor_user_id, actor_email, actor_api_key_id, ip, user_agent,
       action, target_type, target_id, target_label, changes, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb)`,
    [
      e.actorKind,
      e.actorUserId,
      e.actorEmail,
      e.actorApiKeyId,
      e.ip,
      e.userAgent,
      e.action,
      e.targetType,
      e.targetId,
      e.targetLabel,
      JSON.stringify(e.changes),
      JSON.stringify(e.details),
    ],
  );
}

/** The WHERE clause of a filter, with its parameters (values only; never SQL text). */
function where(filter: AuditFilter, timeZone: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const terms: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filter.actor) {
    if (UUID.test(filter.actor)) {
      const id = p(filter.actor.toLowerCase());
      terms.push(`(actor_user_id = ${id}::uuid OR actor_api_key_id = ${id}::uuid)`);
    } else if (filter.actor === 'system') terms.push(`actor_kind = 'system'`);
    else terms.push(`actor_email ILIKE ${p(`%${escapeLike(filter.actor)}%`)}`);
  }
  if (filter.action) {
    const action = p(filter.action);
    terms.push(`(action = ${action} OR action LIKE ${p(`${escapeLike(filter.action)}.%`)})`);
  }
  if (filter.targetType) terms.push(`target_type = ${p(filter.targetType)}`);
  if (filter.targetId) terms.push(`target_id = ${p(filter.targetId)}`);
  if (filter.from || filter.to) {
    const zone = p(timeZone);
    if (filter.from)
      terms.push(`occurred_at >= (${p(filter.from)}::date)::timestamp AT TIME ZONE ${zone}`);
    if (filter.to)
      terms.push(`occurred_at < ((${p(filter.to)}::date + 1)::timestamp AT TIME ZONE ${zone})`);
  }
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function countAuditEvents(
  db: Queryable,
  filter: AuditFilter,
  timeZone: string,
): Promise<number> {
  const w = where(filter, timeZone);
  const rows = (await db.query(
    `SELECT count(*)::int AS n FROM audit_events ${w.sql}`,
    w.params,
  )) as Array<{
    n: number;
  }>;
  return rows[0].n;
}

/** Newest first; `limit` null: every matching row (the CSV). */
export async function selectAuditEvents(
  db: Queryable,
  filter: AuditFilter,
  timeZone: string,
  page: { offset: number; limit: number | null },
): Promise<AuditRow[]> {
  const w = where(filter, timeZone);
  const params = [...w.params];
  let tail = '';
  if (page.limit !== null)
    tail = ` LIMIT $${params.push(page.limit)} OFFSET $${params.push(page.offset)}`;
  return (await db.query(
    `SELECT * FROM audit_events ${w.sql} ORDER BY id DESC${tail}`,
    params,
  )) as AuditRow[];
}

import { createHash } from 'node:crypto';

export const WEBHOOK_EVENT_TYPES = [
  'cycle.opened',
  'cycle.closed',
  'follow_up.opened',
  'follow_up.resolved',
  'action_plan.shared',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'cycle.opened': 'Cycle opened',
  'cycle.closed': 'Cycle closed',
  'follow_up.opened': 'Customer follow-up opened',
  'follow_up.resolved': 'Customer follow-up resolved',
  'action_plan.shared': 'Action plan shared',
};

/**
 * The only fields each event's `data` may carry (README, "Webhooks"). Payloads are built by
 * copying these keys and nothing else, so a field added to the facts upstream (a comment, an
 * answer, a score) never leaves Tandem by accident. None is answer-derived: no employee answer,
 * score or count, no customer comment or rating, no contact.
 */
export const WEBHOOK_PAYLOAD_FIELDS = {
  'cycle.opened': ['cycleId', 'name', 'periodLabel', 'opensAt', 'closesAt', 'url'],
  'cycle.closed': ['cycleId', 'name', 'periodLabel', 'opensAt', 'closedAt', 'url'],
  'follow_up.opened': [
    'followUpId',
    'cycleId',
    'unitId',
    'unitName',
    'reasons',
    'openedAt',
    'dueAt',
    'url',
  ],
  'follow_up.resolved': [
    'followUpId',
    'cycleId',
    'unitId',
    'unitName',
    'reasons',
    'openedAt',
    'resolvedAt',
    'url',
  ],
  'action_plan.shared': [
    'planId',
    'cycleId',
    'periodLabel',
    'unitId',
    'unitName',
    'round',
    'actions',
    'sharedAt',
    'url',
  ],
} as const satisfies Record<WebhookEventType, readonly string[]>;

export type WebhookData<T extends WebhookEventType> = {
  [K in (typeof WEBHOOK_PAYLOAD_FIELDS)[T][number]]: unknown;
};

export interface WebhookPayload {
  /** The same for every endpoint and every replay of this event: receivers dedupe on it. */
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

/**
 * The body of one event: only the allow-listed fields of `facts` are copied (in the listed
 * order), whatever else `facts` holds.
 */
export function buildPayload<T extends WebhookEventType>(
  type: T,
  eventKey: string,
  createdAt: Date,
  facts: WebhookData<T> & Record<string, unknown>,
): WebhookPayload {
  const data: Record<string, unknown> = {};
  for (const field of WEBHOOK_PAYLOAD_FIELDS[type] as readonly string[])
    data[field] = toJsonValue(facts[field]);
  return { id: eventId(eventKey), type, createdAt: createdAt.toISOString(), data };
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** A stable UUID for an event key (md5, as the job queue's ids). */
export function eventId(eventKey: string): string {
  const hex = createHash('md5').update(`webhook-event|${eventKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

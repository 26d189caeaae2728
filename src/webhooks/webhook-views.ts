import type { WebhookDelivery } from './entities/webhook-delivery.entity';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events';

const STATE_LABELS: Record<WebhookDelivery['state'], string> = {
  pending: 'Queued',
  retrying: 'Retrying',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Not sent',
};

/** The event checkboxes of the create form, ticked as typed. */
export function eventChoices(chosen: unknown) {
  const picked = new Set(Array.isArray(chosen) ? chosen : chosen ? [chosen] : []);
  return WEBHOOK_EVENT_TYPES.map((type) => ({
    value: type,
    label: WEBHOOK_EVENT_LABELS[type],
    checked: picked.has(type),
  }));
}

export function endpointView(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    enabled: e.enabled,
    secretHint: e.secretHint,
    createdAt: e.createdAt,
    createdByName: e.createdByName,
    eventLabels: e.events.map((t: WebhookEventType) => WEBHOOK_EVENT_LABELS[t] ?? t),
  };
}

export function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id,
    eventType: d.eventType,
    state: d.state,
    stateLabel: STATE_LABELS[d.state],
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    durationMs: d.durationMs,
    error: d.error,
    createdAt: d.createdAt,
    lastAttemptAt: d.lastAttemptAt,
    replay: d.replayOfId !== null,
  };
}

/** The JSON the API returns for an endpoint (never its secret, which is shown once). */
export function endpointJson(e: WebhookEndpoint) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    secretHint: e.secretHint,
    createdAt: e.createdAt,
  };
}

export function deliveryJson(d: WebhookDelivery) {
  return {
    id: d.id,
    eventType: d.eventType,
    eventId: (JSON.parse(d.body) as { id: string }).id,
    state: d.state,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    durationMs: d.durationMs,
    error: d.error,
    replayOf: d.replayOfId,
    createdAt: d.createdAt,
    lastAttemptAt: d.lastAttemptAt,
    deliveredAt: d.deliveredAt,
  };
}

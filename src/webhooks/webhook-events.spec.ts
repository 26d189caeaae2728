import {
  buildPayload,
  eventId,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_PAYLOAD_FIELDS,
} from './webhook-events';

/** Fields that must never leave Tandem in a webhook, whatever the facts upstream carry. */
const FORBIDDEN = ['answers', 'comment', 'nps', 'csat', 'score', 'email', 'contactId', 'accountId'];

describe('webhook payloads', () => {
  it('copy only the allow-listed fields of each event, whatever else the facts hold', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const allowed = WEBHOOK_PAYLOAD_FIELDS[type] as readonly string[];
      const facts: Record<string, unknown> = Object.fromEntries(
        allowed.map((f) => [f, `${f}-value`]),
      );
      for (const field of FORBIDDEN) facts[field] = 'must not leak';
      const payload = buildPayload(type, `${type}:x`, new Date(0), facts as never);
      expect(Object.keys(payload.data)).toEqual([...allowed]);
      expect(JSON.stringify(payload)).not.toContain('must not leak');
    }
  });

  it('never allow-list an answer, score, comment or contact field', () => {
    const all = Object.values(WEBHOOK_PAYLOAD_FIELDS).flat() as string[];
    for (const field of FORBIDDEN) expect(all).not.toContain(field);
  });

  it('give an event the same id wherever and however often it is sent', () => {
    const a = buildPayload('cycle.closed', 'cycle.closed:c1', new Date(), {
      cycleId: 'c1',
    } as never);
    expect(a.id).toBe(eventId('cycle.closed:c1'));
    expect(a.id).not.toBe(eventId('cycle.closed:c2'));
    expect(a.data).toMatchObject({ cycleId: 'c1', name: null });
  });
});

import { allowedActions, isOverdue, nextState } from './follow-up-states';

describe('follow-up states', () => {
  it('moves forward open → assigned → contacted → resolved', () => {
    expect(nextState('open', 'assign')).toBe('assigned');
    expect(nextState('assigned', 'contact')).toBe('contacted');
    expect(nextState('contacted', 'resolve')).toBe('resolved');
  });

  it('lets a step be skipped but never moves backwards', () => {
    expect(nextState('open', 'contact')).toBe('contacted');
    expect(nextState('open', 'resolve')).toBe('resolved');
    expect(nextState('contacted', 'contact')).toBeNull();
    expect(nextState('resolved', 'resolve')).toBeNull();
    expect(nextState('resolved', 'assign')).toBeNull();
  });

  it('keeps the state when someone else is assigned after the customer was contacted', () => {
    expect(nextState('contacted', 'assign')).toBe('contacted');
    expect(nextState('assigned', 'assign')).toBe('assigned');
  });

  it('takes notes in every state, resolved included', () => {
    expect(allowedActions('resolved')).toEqual(['note']);
    expect(allowedActions('open')).toEqual(['assign', 'contact', 'resolve', 'note']);
  });

  it('marks unresolved follow-ups past their due time as overdue', () => {
    const now = new Date('2025-03-05T12:00:00Z');
    const due = new Date('2025-03-05T11:59:00Z');
    expect(isOverdue({ state: 'assigned', dueAt: due }, now)).toBe(true);
    expect(isOverdue({ state: 'resolved', dueAt: due }, now)).toBe(false);
    expect(isOverdue({ state: 'open', dueAt: new Date('2025-03-06T00:00:00Z') }, now)).toBe(false);
  });
});

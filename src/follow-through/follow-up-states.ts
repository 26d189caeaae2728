import type { FollowUpState } from './entities/follow-up.entity';

/**
 * What a person can do to a follow-up, and where it leads: open → assigned → contacted →
 * resolved. Steps may be skipped (a manager who calls the customer at once resolves straight
 * from open); nothing moves a follow-up backwards, and a resolved one only takes notes.
 */
export type FollowUpAction = 'assign' | 'contact' | 'resolve' | 'note';

export function nextState(state: FollowUpState, action: FollowUpAction): FollowUpState | null {
  switch (action) {
    case 'assign':
      if (state === 'open') return 'assigned';
      return state === 'resolved' ? null : state;
    case 'contact':
      return state === 'open' || state === 'assigned' ? 'contacted' : null;
    case 'resolve':
      return state === 'resolved' ? null : 'resolved';
    case 'note':
      return state;
  }
}

export function allowedActions(state: FollowUpState): FollowUpAction[] {
  return (['assign', 'contact', 'resolve', 'note'] as const).filter(
    (action) => nextState(state, action) !== null,
  );
}

/** Overdue: not resolved and past its due time. */
export function isOverdue(
  followUp: { state: FollowUpState; dueAt: Date },
  now: Date = new Date(),
): boolean {
  return followUp.state !== 'resolved' && followUp.dueAt.getTime() < now.getTime();
}

export const STATE_LABELS: Record<FollowUpState, string> = {
  open: 'Open',
  assigned: 'Assigned',
  contacted: 'Contacted',
  resolved: 'Resolved',
};

import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum FollowThroughErrorCode {
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  READ_ONLY = 'READ_ONLY',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  CYCLE_NOT_FOUND = 'CYCLE_NOT_FOUND',
  FOLLOW_UP_NOT_FOUND = 'FOLLOW_UP_NOT_FOUND',
  STEP_NOT_ALLOWED = 'STEP_NOT_ALLOWED',
  ASSIGNEE_NOT_IN_UNIT = 'ASSIGNEE_NOT_IN_UNIT',
  PLAN_NOT_FOUND = 'PLAN_NOT_FOUND',
  PLAN_EXISTS = 'PLAN_EXISTS',
  CYCLE_NOT_CLOSED = 'CYCLE_NOT_CLOSED',
  BELOW_THRESHOLD = 'BELOW_THRESHOLD',
  TOO_MANY_ACTIONS = 'TOO_MANY_ACTIONS',
  ACTION_NOT_FOUND = 'ACTION_NOT_FOUND',
  NO_TEAM = 'NO_TEAM',
  SHARED_RECENTLY = 'SHARED_RECENTLY',
  TOO_FEW_CYCLES = 'TOO_FEW_CYCLES',
}

function describe(
  code: FollowThroughErrorCode,
  details?: Record<string, unknown>,
): [DomainErrorKind, string] {
  switch (code) {
    case FollowThroughErrorCode.OUT_OF_SCOPE:
      return ['forbidden', 'That belongs to a unit outside the ones you look after.'];
    case FollowThroughErrorCode.READ_ONLY:
      return ['forbidden', 'Your role can read follow-ups and plans but not change them.'];
    case FollowThroughErrorCode.UNIT_NOT_FOUND:
      return ['not_found', 'No such unit.'];
    case FollowThroughErrorCode.CYCLE_NOT_FOUND:
      return ['not_found', 'No such cycle.'];
    case FollowThroughErrorCode.FOLLOW_UP_NOT_FOUND:
      return ['not_found', 'No such follow-up.'];
    case FollowThroughErrorCode.STEP_NOT_ALLOWED:
      return ['conflict', 'That step does not fit where the follow-up is now.'];
    case FollowThroughErrorCode.ASSIGNEE_NOT_IN_UNIT:
      return ['invalid', 'Choose an active employee of the unit that serves this customer.'];
    case FollowThroughErrorCode.PLAN_NOT_FOUND:
      return ['not_found', 'No such action plan.'];
    case FollowThroughErrorCode.PLAN_EXISTS:
      return ['conflict', 'This unit already has an action plan for that cycle.'];
    case FollowThroughErrorCode.CYCLE_NOT_CLOSED:
      return ['conflict', 'Action plans follow a closed cycle; this one is not closed yet.'];
    case FollowThroughErrorCode.BELOW_THRESHOLD:
      return [
        'forbidden',
        'This unit’s employee results are hidden to protect anonymity, so there is nothing to plan from.',
      ];
    case FollowThroughErrorCode.TOO_MANY_ACTIONS:
      return ['invalid', 'A plan holds one to three actions.'];
    case FollowThroughErrorCode.ACTION_NOT_FOUND:
      return ['not_found', 'No such action in this plan.'];
    case FollowThroughErrorCode.NO_TEAM:
      return ['conflict', 'This unit has no active employees to share the plan with.'];
    case FollowThroughErrorCode.SHARED_RECENTLY:
      return ['conflict', sharedRecentlyMessage(details?.sharedAt)];
    case FollowThroughErrorCode.TOO_FEW_CYCLES:
      return ['invalid', 'The comparison needs at least two cycles.'];
  }
}

function sharedRecentlyMessage(sharedAt: unknown): string {
  if (!(sharedAt instanceof Date))
    return 'This plan was shared with the team in the last 24 hours.';
  const time = sharedAt.toISOString().slice(11, 16);
  const sameDay = sharedAt.toISOString().slice(0, 10) === new Date().toISOString().slice(0, 10);
  return (
    `This plan was already shared with the team ${sameDay ? 'today' : 'yesterday'} at ${time} UTC; ` +
    `you can share it again ${sameDay ? 'tomorrow' : 'today'} from ${time} UTC.`
  );
}

/** A follow-through rule was broken; `details.field` names the form field, if any. */
export class FollowThroughError extends DomainError<FollowThroughErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: FollowThroughErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code, details);
    super(code, message, details);
    this.kind = kind;
  }
}

import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum CycleErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  PERIOD_LABEL_TAKEN = 'PERIOD_LABEL_TAKEN',
  NO_SURVEY = 'NO_SURVEY',
  SURVEY_NOT_FOUND = 'SURVEY_NOT_FOUND',
  SURVEY_AUDIENCE_MISMATCH = 'SURVEY_AUDIENCE_MISMATCH',
  NO_TARGET_UNITS = 'NO_TARGET_UNITS',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  CLOSES_BEFORE_OPENS = 'CLOSES_BEFORE_OPENS',
  PERIOD_ENDS_BEFORE_START = 'PERIOD_ENDS_BEFORE_START',
  CLOSES_IN_PAST = 'CLOSES_IN_PAST',
  ALREADY_CLOSED = 'ALREADY_CLOSED',
  IMPORTED = 'IMPORTED',
  NOT_LAUNCHED = 'NOT_LAUNCHED',
  NOT_OPEN = 'NOT_OPEN',
  NEW_CLOSE_NOT_LATER = 'NEW_CLOSE_NOT_LATER',
  NEW_CLOSE_IN_PAST = 'NEW_CLOSE_IN_PAST',
}

function describe(code: CycleErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case CycleErrorCode.NOT_FOUND:
      return ['not_found', 'No such cycle.'];
    case CycleErrorCode.PERIOD_LABEL_TAKEN:
      return ['conflict', 'Another cycle already uses that period label. Choose a different one.'];
    case CycleErrorCode.NO_SURVEY:
      return ['invalid', 'Choose an employee survey, a customer survey, or both.'];
    case CycleErrorCode.SURVEY_NOT_FOUND:
      return ['invalid', 'That survey does not exist.'];
    case CycleErrorCode.SURVEY_AUDIENCE_MISMATCH:
      return [
        'invalid',
        'The employee survey must be written for employees and the customer survey for customers.',
      ];
    case CycleErrorCode.NO_TARGET_UNITS:
      return ['invalid', 'Choose at least one unit; the units below it are included.'];
    case CycleErrorCode.UNIT_NOT_FOUND:
      return ['invalid', 'One of the chosen units does not exist.'];
    case CycleErrorCode.CLOSES_BEFORE_OPENS:
      return ['invalid', 'The cycle must close after it opens.'];
    case CycleErrorCode.PERIOD_ENDS_BEFORE_START:
      return ['invalid', 'The period must end on or after its start.'];
    case CycleErrorCode.CLOSES_IN_PAST:
      return [
        'invalid',
        'This cycle’s closing time has passed; change the dates before launching.',
      ];
    case CycleErrorCode.ALREADY_CLOSED:
      return ['conflict', 'This cycle is closed.'];
    case CycleErrorCode.IMPORTED:
      return ['conflict', 'This cycle was imported from past results and sends no email.'];
    case CycleErrorCode.NOT_LAUNCHED:
      return ['conflict', 'This cycle has not been launched yet; launch it first.'];
    case CycleErrorCode.NOT_OPEN:
      return [
        'conflict',
        'Reminders go only while the cycle is open; it has not opened yet or is closed.',
      ];
    case CycleErrorCode.NEW_CLOSE_NOT_LATER:
      return ['invalid', 'The new closing time must be later than the current one.'];
    case CycleErrorCode.NEW_CLOSE_IN_PAST:
      return ['invalid', 'The new closing time must be in the future.'];
  }
}

export class CycleError extends DomainError<CycleErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: CycleErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}

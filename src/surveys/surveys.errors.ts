import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum SurveyErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  QUESTION_NOT_FOUND = 'QUESTION_NOT_FOUND',
  BUILTIN_READ_ONLY = 'BUILTIN_READ_ONLY',
  LOCKED = 'LOCKED',
  KEY_TAKEN = 'KEY_TAKEN',
  DIMENSION_REQUIRED = 'DIMENSION_REQUIRED',
  OPTIONS_REQUIRED = 'OPTIONS_REQUIRED',
}

function describe(
  code: SurveyErrorCode,
  details?: Record<string, unknown>,
): [DomainErrorKind, string] {
  switch (code) {
    case SurveyErrorCode.NOT_FOUND:
      return ['not_found', 'No such survey.'];
    case SurveyErrorCode.QUESTION_NOT_FOUND:
      return ['not_found', 'No such question in this survey.'];
    case SurveyErrorCode.BUILTIN_READ_ONLY:
      return [
        'conflict',
        'This is a built-in template and cannot change — make a copy to change it.',
      ];
    case SurveyErrorCode.LOCKED:
      return [
        'conflict',
        `This survey is used by cycle “${String(details?.cycleName ?? 'a launched cycle')}” and cannot change — make a copy to change it.`,
      ];
    case SurveyErrorCode.KEY_TAKEN:
      return ['invalid', 'Another question in this survey already uses that key.'];
    case SurveyErrorCode.DIMENSION_REQUIRED:
      return ['invalid', 'Scored questions need a dimension, e.g. engagement or trust.'];
    case SurveyErrorCode.OPTIONS_REQUIRED:
      return ['invalid', 'A single-choice question needs at least two options, one per line.'];
  }
}

export class SurveyError extends DomainError<SurveyErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: SurveyErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code, details);
    super(code, message, details);
    this.kind = kind;
  }
}

import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum PrivacyErrorCode {
  ALREADY_ERASED = 'ALREADY_ERASED',
  MONTHS_INVALID = 'MONTHS_INVALID',
  NOTHING_TO_APPLY = 'NOTHING_TO_APPLY',
}

function describe(code: PrivacyErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case PrivacyErrorCode.ALREADY_ERASED:
      return ['gone', "This person's personal data has already been erased."];
    case PrivacyErrorCode.MONTHS_INVALID:
      return ['invalid', 'Enter a whole number of months from 1 to 600, or leave it empty (off).'];
    case PrivacyErrorCode.NOTHING_TO_APPLY:
      return ['conflict', 'The retention policy is off: set at least one period first.'];
  }
}

export class PrivacyError extends DomainError<PrivacyErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: PrivacyErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}

import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum DeliveryErrorCode {
  LINK_NOT_VALID = 'LINK_NOT_VALID',
  OUTBOX_MESSAGE_NOT_FOUND = 'OUTBOX_MESSAGE_NOT_FOUND',
  CODES_CYCLE_NOT_OPEN = 'CODES_CYCLE_NOT_OPEN',
  CODES_NOBODY_CHOSEN = 'CODES_NOBODY_CHOSEN',
  CODES_UNKNOWN_PEOPLE = 'CODES_UNKNOWN_PEOPLE',
}

function describe(code: DeliveryErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case DeliveryErrorCode.LINK_NOT_VALID:
      return [
        'not_found',
        'This link is not valid. Please use the link from your most recent email.',
      ];
    case DeliveryErrorCode.OUTBOX_MESSAGE_NOT_FOUND:
      return ['not_found', 'No such message in the outbox.'];
    case DeliveryErrorCode.CODES_CYCLE_NOT_OPEN:
      return [
        'conflict',
        'Codes can be printed only while the cycle is open: its people are invited when it opens, and codes die when it closes.',
      ];
    case DeliveryErrorCode.CODES_NOBODY_CHOSEN:
      return ['invalid', 'Choose at least one unit with people in this cycle, or name people below.'];
    case DeliveryErrorCode.CODES_UNKNOWN_PEOPLE:
      return ['invalid', 'Not invited in this cycle; check each external id or email'];
  }
}

export class DeliveryError extends DomainError<DeliveryErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: DeliveryErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}

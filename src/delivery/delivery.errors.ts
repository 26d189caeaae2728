import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum DeliveryErrorCode {
  LINK_NOT_VALID = 'LINK_NOT_VALID',
  OUTBOX_MESSAGE_NOT_FOUND = 'OUTBOX_MESSAGE_NOT_FOUND',
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

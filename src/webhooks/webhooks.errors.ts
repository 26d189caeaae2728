import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum WebhookErrorCode {
  ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND',
  DELIVERY_NOT_FOUND = 'DELIVERY_NOT_FOUND',
  URL_REFUSED = 'URL_REFUSED',
  ENDPOINT_DISABLED = 'ENDPOINT_DISABLED',
}

function describe(code: WebhookErrorCode): [DomainErrorKind, string, string | undefined] {
  switch (code) {
    case WebhookErrorCode.ENDPOINT_NOT_FOUND:
      return ['not_found', 'No such webhook endpoint.', undefined];
    case WebhookErrorCode.DELIVERY_NOT_FOUND:
      return ['not_found', 'No such delivery of this endpoint.', undefined];
    case WebhookErrorCode.URL_REFUSED:
      return ['invalid', 'This URL cannot receive webhooks.', 'url'];
    case WebhookErrorCode.ENDPOINT_DISABLED:
      return [
        'conflict',
        'The endpoint is disabled: enable it before sending it anything again.',
        'form',
      ];
  }
}

export class WebhookError extends DomainError<WebhookErrorCode> {
  readonly kind: DomainErrorKind;

  /** `message` replaces the default text (the URL check says what is wrong with the URL). */
  constructor(code: WebhookErrorCode, message?: string) {
    const [kind, text, field] = describe(code);
    super(code, message ?? text, field ? { field } : undefined);
    this.kind = kind;
  }
}

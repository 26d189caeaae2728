/** How a domain failure maps onto HTTP; services pick the kind, never an HTTP exception. */
export type DomainErrorKind =
  'bad_request' | 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'unauthenticated' | 'gone';

/** Base for every module's coded errors (CycleError, DirectoryError, ...). */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly kind: DomainErrorKind;

  protected constructor(
    readonly code: Code,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The form field the error belongs to (`details.field`), or "form" for the whole form. */
  get field(): string {
    const field = this.details?.field;
    return typeof field === 'string' ? field : 'form';
  }
}

export function httpStatusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'bad_request':
      return 400;
    case 'invalid':
      return 422;
    case 'not_found':
      return 404;
    case 'forbidden':
      return 403;
    case 'conflict':
      return 409;
    case 'unauthenticated':
      return 401;
    case 'gone':
      return 410;
  }
}

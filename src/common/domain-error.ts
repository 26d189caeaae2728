/** How a domain failure maps onto HTTP; services pick the kind, never an HTTP exception. */
export type DomainErrorKind =
  | 'bad_request'
  | 'invalid'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'unauthenticated'
  | 'gone'
  /** Something Tandem depends on (an outside service) is out of reach for now: 503. */
  | 'unavailable';

/** The kinds a form shows itself; an error of another kind is fixable only with a named field. */
const FORM_KINDS: ReadonlySet<DomainErrorKind> = new Set(['invalid', 'conflict']);

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

  /**
   * Whether the error belongs on the form that was posted: the person can change what they
   * entered (a taken email, an exit before the hire) or must read why this cannot be done now
   * (a locked survey). Such errors re-render the form with the message next to its field;
   * the rest (not found, forbidden, gone, ...) go to the error page.
   */
  get fixableByForm(): boolean {
    return FORM_KINDS.has(this.kind) || typeof this.details?.field === 'string';
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
    case 'unavailable':
      return 503;
  }
}

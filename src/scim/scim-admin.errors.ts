import { DomainError, DomainErrorKind } from '../common/domain-error';

/** Errors of the SCIM token pages (the SCIM endpoints answer with ScimError instead). */
export enum ScimAdminErrorCode {
  TOKEN_NOT_FOUND = 'TOKEN_NOT_FOUND',
  UNIT_NOT_ACTIVE = 'UNIT_NOT_ACTIVE',
}

function describe(code: ScimAdminErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case ScimAdminErrorCode.TOKEN_NOT_FOUND:
      return ['not_found', 'No such SCIM token, or it is already revoked.'];
    case ScimAdminErrorCode.UNIT_NOT_ACTIVE:
      return ['invalid', 'Choose an active unit.'];
  }
}

export class ScimAdminError extends DomainError<ScimAdminErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: ScimAdminErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}

import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum DirectoryErrorCode {
  READ_ONLY = 'READ_ONLY',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  EMPLOYEE_NOT_FOUND = 'EMPLOYEE_NOT_FOUND',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  CONTACT_NOT_FOUND = 'CONTACT_NOT_FOUND',
  PARENT_NOT_FOUND = 'PARENT_NOT_FOUND',
  UNIT_EXTERNAL_ID_TAKEN = 'UNIT_EXTERNAL_ID_TAKEN',
  EMPLOYEE_EXTERNAL_ID_TAKEN = 'EMPLOYEE_EXTERNAL_ID_TAKEN',
  EMPLOYEE_EMAIL_TAKEN = 'EMPLOYEE_EMAIL_TAKEN',
  ACCOUNT_EXTERNAL_ID_TAKEN = 'ACCOUNT_EXTERNAL_ID_TAKEN',
  CONTACT_EMAIL_TAKEN = 'CONTACT_EMAIL_TAKEN',
  MOVE_INTO_OWN_SUBTREE = 'MOVE_INTO_OWN_SUBTREE',
  UNIT_NOT_EMPTY = 'UNIT_NOT_EMPTY',
  UNIT_INACTIVE = 'UNIT_INACTIVE',
  ACCOUNT_INACTIVE = 'ACCOUNT_INACTIVE',
  EXIT_BEFORE_HIRE = 'EXIT_BEFORE_HIRE',
  EXIT_TYPE_REQUIRED = 'EXIT_TYPE_REQUIRED',
  UNKNOWN_RELATIONSHIP_EMPLOYEE = 'UNKNOWN_RELATIONSHIP_EMPLOYEE',
  ALREADY_INACTIVE = 'ALREADY_INACTIVE',
  IMPORT_NOT_FOUND = 'IMPORT_NOT_FOUND',
  IMPORT_EXPIRED = 'IMPORT_EXPIRED',
  IMPORT_ALREADY_APPLIED = 'IMPORT_ALREADY_APPLIED',
  IMPORT_HAS_ERRORS = 'IMPORT_HAS_ERRORS',
  IMPORT_UNKNOWN_KIND = 'IMPORT_UNKNOWN_KIND',
}

function describe(code: DirectoryErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case DirectoryErrorCode.READ_ONLY:
      return ['forbidden', 'Your role can read the directory but not change it.'];
    case DirectoryErrorCode.OUT_OF_SCOPE:
      return ['forbidden', 'That is outside the units you can see.'];
    case DirectoryErrorCode.UNIT_NOT_FOUND:
      return ['not_found', 'No such unit.'];
    case DirectoryErrorCode.EMPLOYEE_NOT_FOUND:
      return ['not_found', 'No such employee.'];
    case DirectoryErrorCode.ACCOUNT_NOT_FOUND:
      return ['not_found', 'No such customer account.'];
    case DirectoryErrorCode.CONTACT_NOT_FOUND:
      return ['not_found', 'No such contact.'];
    case DirectoryErrorCode.PARENT_NOT_FOUND:
      return ['invalid', 'Choose an existing unit.'];
    case DirectoryErrorCode.UNIT_EXTERNAL_ID_TAKEN:
      return ['conflict', 'Another unit already has that external id.'];
    case DirectoryErrorCode.EMPLOYEE_EXTERNAL_ID_TAKEN:
      return ['conflict', 'Another employee already has that external id.'];
    case DirectoryErrorCode.EMPLOYEE_EMAIL_TAKEN:
      return ['conflict', 'Another employee already has that email address.'];
    case DirectoryErrorCode.ACCOUNT_EXTERNAL_ID_TAKEN:
      return ['conflict', 'Another customer account already has that external id.'];
    case DirectoryErrorCode.CONTACT_EMAIL_TAKEN:
      return ['conflict', 'Another contact already has that email address.'];
    case DirectoryErrorCode.MOVE_INTO_OWN_SUBTREE:
      return ['invalid', 'A unit cannot move under itself or one of its own sub-units.'];
    case DirectoryErrorCode.UNIT_NOT_EMPTY:
      return [
        'conflict',
        'This unit still has active sub-units, employees or customer accounts. Move them first.',
      ];
    case DirectoryErrorCode.UNIT_INACTIVE:
      return ['invalid', 'That unit is deactivated; choose an active unit.'];
    case DirectoryErrorCode.ACCOUNT_INACTIVE:
      return ['invalid', 'That customer account is deactivated; choose an active account.'];
    case DirectoryErrorCode.EXIT_BEFORE_HIRE:
      return ['invalid', 'The exit date cannot be before the hire date.'];
    case DirectoryErrorCode.EXIT_TYPE_REQUIRED:
      return ['invalid', 'Say whether the exit was voluntary, involuntary or other.'];
    case DirectoryErrorCode.UNKNOWN_RELATIONSHIP_EMPLOYEE:
      return ['invalid', 'No employee has one of those email addresses.'];
    case DirectoryErrorCode.ALREADY_INACTIVE:
      return ['conflict', 'That record is already deactivated.'];
    case DirectoryErrorCode.IMPORT_NOT_FOUND:
      return ['not_found', 'No such import. Upload the file again.'];
    case DirectoryErrorCode.IMPORT_EXPIRED:
      return ['gone', 'This preview has expired. Upload the file again.'];
    case DirectoryErrorCode.IMPORT_ALREADY_APPLIED:
      return ['conflict', 'This file has already been imported.'];
    case DirectoryErrorCode.IMPORT_HAS_ERRORS:
      return ['invalid', 'The file has errors; nothing was imported.'];
    case DirectoryErrorCode.IMPORT_UNKNOWN_KIND:
      return ['not_found', 'Imports are for units, employees, accounts or contacts.'];
  }
}

/** A directory rule was broken; `details.field` names the form field it belongs to, if any. */
export class DirectoryError extends DomainError<DirectoryErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: DirectoryErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}

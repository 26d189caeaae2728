import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  MANAGER_NEEDS_UNIT = 'MANAGER_NEEDS_UNIT',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  PASSWORD_UNCHANGED = 'PASSWORD_UNCHANGED',
  COMMON_PASSWORD = 'COMMON_PASSWORD',
  SIGN_IN_THROTTLED = 'SIGN_IN_THROTTLED',
  WRONG_CURRENT_PASSWORD = 'WRONG_CURRENT_PASSWORD',
  CANNOT_CHANGE_SELF = 'CANNOT_CHANGE_SELF',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  RESET_THROTTLED = 'RESET_THROTTLED',
  PASSWORD_LINK_DEAD = 'PASSWORD_LINK_DEAD',
  INVITATION_ACCEPTED = 'INVITATION_ACCEPTED',
  USER_DISABLED = 'USER_DISABLED',
  PASSWORD_SIGN_IN_OFF = 'PASSWORD_SIGN_IN_OFF',
  LAST_BREAK_GLASS = 'LAST_BREAK_GLASS',
}

function describe(code: AuthErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case AuthErrorCode.INVALID_CREDENTIALS:
      return ['unauthenticated', 'That email and password do not match an active account.'];
    case AuthErrorCode.ACCOUNT_DISABLED:
      return ['unauthenticated', 'That email and password do not match an active account.'];
    case AuthErrorCode.EMAIL_TAKEN:
      return ['conflict', 'A user with that email already exists.'];
    case AuthErrorCode.USER_NOT_FOUND:
      return ['not_found', 'No such user.'];
    case AuthErrorCode.MANAGER_NEEDS_UNIT:
      return ['invalid', 'A manager must be given the unit they manage.'];
    case AuthErrorCode.UNIT_NOT_FOUND:
      return ['invalid', 'That unit does not exist.'];
    case AuthErrorCode.WEAK_PASSWORD:
      return ['invalid', 'Choose a password of at least 12 characters.'];
    case AuthErrorCode.PASSWORD_UNCHANGED:
      return ['invalid', 'Choose a new password, not the one you have now.'];
    case AuthErrorCode.COMMON_PASSWORD:
      return [
        'invalid',
        'That password is too easy to guess: it is a common password, a repeated pattern or your email. Try a few unrelated words.',
      ];
    case AuthErrorCode.SIGN_IN_THROTTLED:
      return [
        'unauthenticated',
        'Too many sign-in attempts for this account. Wait a few minutes, then try again.',
      ];
    case AuthErrorCode.WRONG_CURRENT_PASSWORD:
      return ['invalid', 'Your current password is not correct.'];
    case AuthErrorCode.CANNOT_CHANGE_SELF:
      return ['conflict', 'You cannot disable, demote or sign out your own account.'];
    case AuthErrorCode.API_KEY_NOT_FOUND:
      return ['not_found', 'No such API key.'];
    case AuthErrorCode.OUT_OF_SCOPE:
      return ['forbidden', 'That is outside the units you can see.'];
    case AuthErrorCode.RESET_THROTTLED:
      return [
        'unauthenticated',
        'A reset link was asked for this address several times already. Look for it in your inbox (and spam folder), or wait a while before asking again.',
      ];
    case AuthErrorCode.PASSWORD_LINK_DEAD:
      return [
        'not_found',
        'This link has expired or has already been used. Ask for a new one from the sign-in page.',
      ];
    case AuthErrorCode.INVITATION_ACCEPTED:
      return ['conflict', 'This user has already chosen a password; there is nothing to re-send.'];
    case AuthErrorCode.USER_DISABLED:
      return ['conflict', 'This user is disabled. Enable them first.'];
    case AuthErrorCode.PASSWORD_SIGN_IN_OFF:
      return [
        'unauthenticated',
        'Password sign-in is turned off: use the single sign-on button above. (Only break-glass administrators sign in with a password, and that email and password do not match one.)',
      ];
    case AuthErrorCode.LAST_BREAK_GLASS:
      return [
        'conflict',
        'This is the last break-glass administrator while single sign-on is the only way in: name another one under Single sign-on first, or turn SSO only off.',
      ];
  }
}

export class AuthError extends DomainError<AuthErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: AuthErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}

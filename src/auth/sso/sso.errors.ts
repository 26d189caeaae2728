import { DomainError, DomainErrorKind } from '../../common/domain-error';

export enum SsoErrorCode {
  NOT_CONFIGURED = 'NOT_CONFIGURED',
  PROVIDER_UNREACHABLE = 'PROVIDER_UNREACHABLE',
  NO_SIGN_IN_STARTED = 'NO_SIGN_IN_STARTED',
  PROVIDER_REFUSED = 'PROVIDER_REFUSED',
  TOKEN_REJECTED = 'TOKEN_REJECTED',
  EMAIL_MISSING = 'EMAIL_MISSING',
  EMAIL_UNVERIFIED = 'EMAIL_UNVERIFIED',
  DOMAIN_NOT_ALLOWED = 'DOMAIN_NOT_ALLOWED',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  IDENTITY_CONFLICT = 'IDENTITY_CONFLICT',
  ISSUER_INVALID = 'ISSUER_INVALID',
  ISSUER_NOT_HTTPS = 'ISSUER_NOT_HTTPS',
  DISCOVERY_FAILED = 'DISCOVERY_FAILED',
  INCOMPLETE = 'INCOMPLETE',
  NO_DOMAINS = 'NO_DOMAINS',
  SSO_ONLY_NEEDS_SSO = 'SSO_ONLY_NEEDS_SSO',
  SSO_ONLY_NEEDS_BREAK_GLASS = 'SSO_ONLY_NEEDS_BREAK_GLASS',
  BREAK_GLASS_NOT_ADMIN = 'BREAK_GLASS_NOT_ADMIN',
  SCOPES_NEED_OPENID = 'SCOPES_NEED_OPENID',
}

function describe(code: SsoErrorCode): [DomainErrorKind, string, string | undefined] {
  switch (code) {
    case SsoErrorCode.NOT_CONFIGURED:
      return ['not_found', 'Single sign-on is not set up for Tandem.', undefined];
    case SsoErrorCode.PROVIDER_UNREACHABLE:
      return [
        'unavailable',
        'The sign-in provider could not be reached. Try again in a few minutes.',
        undefined,
      ];
    case SsoErrorCode.NO_SIGN_IN_STARTED:
      return [
        'unauthenticated',
        'This sign-in was not started here, or it took too long. Start again from the sign-in page.',
        undefined,
      ];
    case SsoErrorCode.PROVIDER_REFUSED:
      return ['unauthenticated', 'The sign-in provider did not sign you in.', undefined];
    case SsoErrorCode.TOKEN_REJECTED:
      return [
        'unauthenticated',
        'The answer from the sign-in provider did not pass Tandem’s checks, so you were not signed in. Start again from the sign-in page.',
        undefined,
      ];
    case SsoErrorCode.EMAIL_MISSING:
      return [
        'forbidden',
        'The sign-in provider did not tell Tandem your email address, so you cannot be signed in.',
        undefined,
      ];
    case SsoErrorCode.EMAIL_UNVERIFIED:
      return [
        'forbidden',
        'The sign-in provider says your email address is not verified, so you cannot be signed in.',
        undefined,
      ];
    case SsoErrorCode.DOMAIN_NOT_ALLOWED:
      return [
        'forbidden',
        'Addresses at your email domain may not sign in to Tandem. Ask an administrator if you think they should.',
        undefined,
      ];
    case SsoErrorCode.ACCOUNT_DISABLED:
      return [
        'forbidden',
        'Your Tandem account is disabled. Ask an administrator to enable it.',
        undefined,
      ];
    case SsoErrorCode.IDENTITY_CONFLICT:
      return [
        'forbidden',
        'Your email address belongs to a Tandem account that signs in with a different account at the provider. Ask an administrator.',
        undefined,
      ];
    case SsoErrorCode.ISSUER_INVALID:
      return [
        'invalid',
        'Enter the issuer as a URL, such as https://login.example.com/ (no query or fragment).',
        'issuerUrl',
      ];
    case SsoErrorCode.ISSUER_NOT_HTTPS:
      return ['invalid', 'The issuer must use https.', 'issuerUrl'];
    case SsoErrorCode.DISCOVERY_FAILED:
      return [
        'invalid',
        'Tandem could not read the provider’s OpenID configuration at this issuer (/.well-known/openid-configuration). Check the URL, or save with single sign-on off and try again later.',
        'issuerUrl',
      ];
    case SsoErrorCode.INCOMPLETE:
      return [
        'invalid',
        'To turn single sign-on on, give the provider’s name, issuer and client ID.',
        'enabled',
      ];
    case SsoErrorCode.NO_DOMAINS:
      return [
        'invalid',
        'Name at least one email domain whose people may sign in.',
        'allowedDomains',
      ];
    case SsoErrorCode.SSO_ONLY_NEEDS_SSO:
      return ['invalid', 'Turn single sign-on on before making it the only way in.', 'ssoOnly'];
    case SsoErrorCode.SSO_ONLY_NEEDS_BREAK_GLASS:
      return [
        'invalid',
        'Name at least one break-glass administrator, who can still sign in with a password if the provider fails.',
        'breakGlassEmails',
      ];
    case SsoErrorCode.BREAK_GLASS_NOT_ADMIN:
      return [
        'invalid',
        'Break-glass accounts must be active administrators with a password; these are not',
        'breakGlassEmails',
      ];
    case SsoErrorCode.SCOPES_NEED_OPENID:
      return ['invalid', 'The scopes must include openid.', 'scopes'];
  }
}

export class SsoError extends DomainError<SsoErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: SsoErrorCode, details?: Record<string, unknown>) {
    const [kind, message, field] = describe(code);
    super(code, message, field ? { field, ...details } : details);
    this.kind = kind;
  }
}

import { checkIssuerUrl } from './issuer-url';
import { SsoErrorCode } from './sso.errors';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe(checkIssuerUrl.name, () => {
  it('takes an https issuer as typed, trimmed', () => {
    expect(checkIssuerUrl(' https://login.example.com/tenant/v2.0 ', false)).toBe(
      'https://login.example.com/tenant/v2.0',
    );
  });

  it('refuses http, except a loopback host when loopback issuers are allowed', () => {
    expect(codeOf(() => checkIssuerUrl('http://login.example.com', false))).toBe(
      SsoErrorCode.ISSUER_NOT_HTTPS,
    );
    expect(codeOf(() => checkIssuerUrl('http://127.0.0.1:4000', false))).toBe(
      SsoErrorCode.ISSUER_NOT_HTTPS,
    );
    expect(codeOf(() => checkIssuerUrl('http://login.example.com', true))).toBe(
      SsoErrorCode.ISSUER_NOT_HTTPS,
    );
    expect(checkIssuerUrl('http://127.0.0.1:4000', true)).toBe('http://127.0.0.1:4000');
    expect(checkIssuerUrl('http://localhost:4000', true)).toBe('http://localhost:4000');
  });

  it('refuses what is not an issuer URL', () => {
    for (const bad of [
      'login.example.com',
      'ftp://x.example',
      'https://a.example/?x=1',
      'https://u:p@a.example',
      'https://a.example/#f',
    ])
      expect(codeOf(() => checkIssuerUrl(bad, true))).toBe(SsoErrorCode.ISSUER_INVALID);
  });
});

import { SsoError, SsoErrorCode } from './sso.errors';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The issuer as Tandem will use it: an https URL without query or fragment. Plain http is
 * accepted only for a loopback host and only when SSO_ALLOW_LOOPBACK_ISSUER is set (tests and
 * development): an http issuer elsewhere would let anyone on the path forge the provider.
 */
export function checkIssuerUrl(raw: string, allowLoopback: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SsoError(SsoErrorCode.ISSUER_INVALID);
  }
  if (url.search || url.hash || url.username || url.password)
    throw new SsoError(SsoErrorCode.ISSUER_INVALID);
  const loopbackHttp =
    url.protocol === 'http:' && allowLoopback && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    if (url.protocol !== 'http:') throw new SsoError(SsoErrorCode.ISSUER_INVALID);
    throw new SsoError(SsoErrorCode.ISSUER_NOT_HTTPS);
  }
  return raw.trim();
}

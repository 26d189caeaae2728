import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether an Authorization header carries METRICS_TOKEN as a bearer token, compared in
 * constant time. Without a configured token everyone passes (the separate, loopback listener).
 * A session never counts: only the header does.
 */
export function metricsAuthorizer(token: string | undefined): (header?: string) => boolean {
  if (token === undefined) return () => true;
  const expected = digest(token);
  return (header) => {
    const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
    return match !== null && timingSafeEqual(digest(match[1]), expected);
  };
}

export const UNAUTHORIZED_HEADERS = {
  'www-authenticate': 'Bearer realm="metrics"',
  'content-type': 'text/plain; charset=utf-8',
  'cache-control': 'no-store',
};
export const UNAUTHORIZED_TEXT = 'A valid bearer token (METRICS_TOKEN) is required.\n';

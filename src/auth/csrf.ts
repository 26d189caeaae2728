import type { FastifyCsrfProtectionOptions } from '@fastify/csrf-protection';
import type { FastifyRequest } from 'fastify';
import { createHmac } from 'node:crypto';

/**
 * Form tokens are bound to who is signed in: a token made for one person (or for nobody, on
 * the sign-in page) is refused for anyone else. With the server-side HMAC key, a secret cookie
 * planted in someone's browser gives an attacker no token that works for them.
 */
export const csrfUserInfo = (request: FastifyRequest): string => {
  const userId = request.session?.userId;
  return userId ? `user:${userId}` : 'anonymous';
};

/**
 * Signed double-submit tokens: the CSRF secret lives in its own signed cookie, not in the
 * session, so a visitor who is not signed in (the sign-in page) causes no session row.
 */
export function csrfOptions(secret: string, secure: boolean): FastifyCsrfProtectionOptions {
  return {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'tandem.csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true },
    csrfOpts: {
      userInfo: true,
      hmacKey: createHmac('sha256', secret).update('tandem csrf tokens').digest(),
    },
    getUserInfo: csrfUserInfo,
    getToken: (req: FastifyRequest) => {
      const body = req.body as Record<string, unknown> | undefined;
      const query = req.query as Record<string, unknown> | undefined;
      return String(body?._csrf ?? query?._csrf ?? req.headers['x-csrf-token'] ?? '');
    },
  };
}

import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored; the token itself exists only in the email. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Cheap shape check before any database lookup. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

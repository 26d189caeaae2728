import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Printed codes use Crockford's base 32 (no I, L, O or U, so nothing reads as another symbol):
 * 20 symbols of 5 bits are 100 bits from the CSPRNG, typed in five groups of four. Fewer than a
 * link's 256 bits, so a person can type one; with lookups rate-limited per address, guessing a
 * live code among a million stays below one chance in 10^15 a year per address.
 */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 20;
const CODE_SHAPE = /^[0-9A-HJKMNP-TV-Z]{20}$/;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new printed code, in its canonical form (20 symbols, no separators). */
export function generateCode(): string {
  // 256 is a multiple of 32, so the low five bits of each byte are uniform.
  return [...randomBytes(CODE_LENGTH)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** A code as it is printed: five groups of four. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * What a person typed, as a canonical code: case, spaces and dashes do not matter, and the
 * letters O, I and L read as 0, 1 and 1. Null when it is not a code's shape.
 */
export function normalizeCode(typed: string): string | null {
  if (typed.length > 64) return null;
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE_SHAPE.test(code) ? code : null;
}

/** The form a link token or a printed code is hashed in. */
function canonical(token: string): string {
  if (TOKEN_SHAPE.test(token)) return token;
  return normalizeCode(token) ?? token;
}

/** Only this hash is stored; the token itself exists only in the email (or on the printed sheet). */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(canonical(token), 'utf8').digest();
}

/** Cheap shape check before any database lookup: an emailed token or a printed code. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token) || normalizeCode(token) !== null;
}

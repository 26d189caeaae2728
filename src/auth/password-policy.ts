import { dictionary } from '@zxcvbn-ts/language-common';
import { AuthErrorCode } from './auth.errors';

export const MIN_PASSWORD_LENGTH = 12;

let common: Set<string> | undefined;

/**
 * zxcvbn's frequency-ranked list of common and breached passwords (about 49,000, from the
 * @zxcvbn-ts/language-common package), loaded on first use.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));
  return common;
}

/** A short run of characters repeated, like "aaaaaaaaaaaa" or "abcabcabcabc". */
const REPEATED = /^(.{1,4})\1+$/su;

/**
 * Why a new password is refused, or null when it is acceptable: too short, the same as the
 * current (or one-time) password, on the common-password list, a repeated pattern, or built
 * on the person's email.
 */
export function passwordProblem(
  next: string,
  context: { current: string; email: string },
): AuthErrorCode | null {
  if ([...next].length < MIN_PASSWORD_LENGTH) return AuthErrorCode.WEAK_PASSWORD;
  if (next === context.current) return AuthErrorCode.PASSWORD_UNCHANGED;
  const lower = next.toLowerCase();
  if (commonPasswords().has(lower) || REPEATED.test(lower)) return AuthErrorCode.COMMON_PASSWORD;
  const email = context.email.toLowerCase();
  const local = email.split('@')[0];
  if (lower.includes(email) || (local.length >= 4 && lower.includes(local)))
    return AuthErrorCode.COMMON_PASSWORD;
  return null;
}

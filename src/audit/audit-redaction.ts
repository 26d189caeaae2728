import { isDeepStrictEqual } from 'node:util';
import type { AuditChanges } from './entities/audit-event.entity';

/** What a redacted value is stored as: the field changed, its value is never kept. */
export const REDACTED = '[redacted]';

/**
 * What a person's own data (an employee's or contact's name, email) is stored as: the log says
 * the field changed but keeps no value, so erasing the person leaves nothing of them here,
 * in a table nobody may edit.
 */
export const PERSONAL = '[personal data]';

/**
 * Field names whose values the audit log never keeps, matched anywhere in the name after
 * lower-casing and dropping `_` and `-` (so `passwordHash`, `password_hash`, `keyHash`,
 * `sessionToken`, `answers`, `answerText` all match).
 */
export const REDACTED_FIELD_PARTS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'token',
  'hash',
  'apikey',
  'answer',
  'comment',
  'csrf',
  'cookie',
  'authorization',
];

/** Values that are secrets whatever field they sit in: our API keys (their short prefix is not). */
const SECRET_VALUE = /^tdm_[A-Za-z0-9_-]{20,}/;

const MAX_STRING = 2000;
const MAX_DEPTH = 6;

export function isRedactedField(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[_-]/g, '');
  return REDACTED_FIELD_PARTS.some((part) => normalized.includes(part));
}

/**
 * A JSON-safe copy of `value` with every redacted field's value replaced by REDACTED, API keys
 * wherever they appear, bytes as their length, long text cut.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item === undefined || typeof item === 'function') continue;
      out[key] = isRedactedField(key) ? REDACTED : redact(item, depth + 1);
    }
    return out;
  }
  return String(value);
}

/** A redacted plain object (anything else: empty). */
export function redactObject(value: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = value ? redact(value) : {};
  return out && typeof out === 'object' && !Array.isArray(out)
    ? (out as Record<string, unknown>)
    : {};
}

/**
 * The fields that differ between `before` and `after`, each side redacted; a field only one
 * side names was not part of the change. With one side only (a creation, a deletion) every
 * field of that side is kept.
 */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  personal: readonly string[] = [],
): AuditChanges {
  const b = withoutPersonal(redactObject(before), personal);
  const a = withoutPersonal(redactObject(after), personal);
  if (!before || !after) {
    const out: AuditChanges = {};
    if (before) out.before = b;
    if (after) out.after = a;
    return out;
  }
  const changed: AuditChanges = { before: {}, after: {} };
  for (const key of Object.keys(a)) {
    if (!(key in b)) continue;
    // A redacted field is compared on its real values, so a new password still shows as changed.
    const same =
      isRedactedField(key) || personal.includes(key)
        ? isDeepStrictEqual(before[key], after[key])
        : isDeepStrictEqual(b[key], a[key]);
    if (same) continue;
    changed.before![key] = b[key];
    changed.after![key] = a[key];
  }
  return changed;
}

/** `fields` that hold a value are replaced by PERSONAL (a missing or empty one stays as it is). */
function withoutPersonal(
  values: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  for (const field of fields)
    if (values[field] !== null && values[field] !== undefined && values[field] !== '')
      values[field] = PERSONAL;
  return values;
}

import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written as YYYY-MM-DD (2024-02-30 is refused). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a date written as YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

/** The date must not come before the date in `other` (both YYYY-MM-DD; a missing one passes). */
export function IsOnOrAfter(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOnOrAfter',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const before = (args.object as Record<string, unknown>)[other];
          if (!isCalendarDate(value) || !isCalendarDate(before)) return true;
          return value >= before;
        },
      },
    });
}

/** Form and JSON transforms shared by the directory DTOs. */
export const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

export const lowerTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const blankToNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === ''
    ? null
    : typeof value === 'string'
      ? value.trim()
      : value;

const TRUE_WORDS = new Set(['true', 'on', '1', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', 'off', '0', 'no', 'n', '']);

/** Parses "true"/"on"/"yes"/"1" and their opposites (checkboxes, CSV cells); leaves anything else for the validator to refuse. */
export function parseBoolean(value: unknown): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

export const toBoolean = ({ value }: { value: unknown }) => parseBoolean(value);

/** "a@x.com; b@x.com" (or one per line) as a lower-cased list; arrays pass through cleaned. */
export function splitEmails(value: unknown): unknown {
  const parts: unknown = Array.isArray(value)
    ? (value as unknown[])
    : typeof value === 'string'
      ? value.split(/[;,\s]+/)
      : value;
  if (!Array.isArray(parts)) return parts;
  return [
    ...new Set(
      (parts as unknown[])
        .map((p) => (typeof p === 'string' ? p.trim().toLowerCase() : p))
        .filter((p) => p !== ''),
    ),
  ];
}

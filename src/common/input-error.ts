import { DomainError, DomainErrorKind } from './domain-error';

export enum InputErrorCode {
  UNKNOWN_SORT = 'UNKNOWN_SORT',
  UNKNOWN_FILTER = 'UNKNOWN_FILTER',
  NOT_UTF8 = 'NOT_UTF8',
  JSON_TOO_DEEP = 'JSON_TOO_DEEP',
}

/** A request the server cannot act on as sent (a key it does not know, bytes it cannot read). */
export class InputError extends DomainError<InputErrorCode> {
  readonly kind: DomainErrorKind = 'bad_request';

  constructor(code: InputErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/**
 * The value `map` holds under `key`, looked up among the map's own keys only, so a key like
 * `constructor` or `__proto__` is unknown rather than something inherited.
 */
export function whitelisted<T>(
  map: Readonly<Record<string, T>>,
  key: string,
  what: { code: InputErrorCode; name: string },
): T {
  if (!Object.hasOwn(map, key))
    throw new InputError(
      what.code,
      `Unknown ${what.name} "${key.slice(0, 40)}". Use one of: ${Object.keys(map).join(', ')}.`,
      { field: what.name, allowed: Object.keys(map) },
    );
  return map[key];
}

import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';

export type FieldErrors = Record<string, string>;

export interface FormResult<T> {
  value: T;
  errors: FieldErrors;
  ok: boolean;
}

function flatten(errors: ValidationError[], prefix = '', out: FieldErrors = {}): FieldErrors {
  for (const error of errors) {
    const key = prefix ? `${prefix}.${error.property}` : error.property;
    const first = Object.values(error.constraints ?? {})[0];
    if (first && !out[key]) out[key] = first;
    if (error.children?.length) flatten(error.children, key, out);
  }
  return out;
}

/**
 * Validates an HTML form body against a DTO class. Pages re-render with `errors` next to
 * the fields and the person's own input, so nothing they typed is lost.
 */
export async function validateForm<T extends object>(
  cls: new () => T,
  body: unknown,
): Promise<FormResult<T>> {
  const value = plainToInstance(cls, body ?? {}, { exposeDefaultValues: true });
  const errors = flatten(await validate(value, { whitelist: true, forbidUnknownValues: false }));
  return { value, errors, ok: Object.keys(errors).length === 0 };
}

/** A form body with the CSRF field removed, suitable for echoing back into a page. */
export function formValues(body: unknown): Record<string, unknown> {
  const values = { ...((body ?? {}) as Record<string, unknown>) };
  delete values._csrf;
  return values;
}

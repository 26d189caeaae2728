import { DomainError } from './domain-error';
import type { FieldErrors } from './form';

/**
 * A domain error that belongs on the form (see `DomainError.fixableByForm`) as field errors:
 * the message under its field, or under "form" for the whole form. Null for anything else,
 * which goes to the error page (403, 404, ...). A list of offending entries the error names
 * (`details.emails`) is added to the message so the person knows which ones to fix.
 */
export function formErrorsOf(error: unknown): FieldErrors | null {
  if (!(error instanceof DomainError) || !error.fixableByForm) return null;
  const emails = error.details?.emails;
  const which = Array.isArray(emails) ? ` (${emails.join(', ')})` : '';
  return { [error.field]: `${error.message}${which}` };
}

import { DirectoryError } from './directory.errors';

/**
 * A directory error a person can fix in the form (a taken email, an exit before the hire),
 * as field errors; null for anything else, which goes to the error page (403, 404, ...).
 */
export function formErrorsOf(error: unknown): Record<string, string> | null {
  if (!(error instanceof DirectoryError)) return null;
  if (error.details?.field || error.kind === 'invalid' || error.kind === 'conflict') {
    const emails = error.details?.emails;
    const which = Array.isArray(emails) ? ` (${emails.join(', ')})` : '';
    return { [error.field]: `${error.message}${which}` };
  }
  return null;
}

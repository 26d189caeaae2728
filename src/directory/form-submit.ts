import type { FastifyReply, FastifyRequest } from 'fastify';
import { FieldErrors, validateForm } from '../common/form';
import { formErrorsOf } from './form-errors';

/** Leaves a one-time message for the next page and sends the browser there (303 See Other). */
export function redirectWithFlash(
  request: FastifyRequest,
  reply: FastifyReply,
  url: string,
  message: string,
) {
  request.session.flash = message;
  return reply.redirect(url, 303);
}

/**
 * Validates a form post and hands the value to `save`. Validation errors, and directory errors
 * a person can fix in the form, go to `rerender` instead; anything else propagates.
 */
export async function submitForm<T extends object>(
  cls: new () => T,
  body: unknown,
  rerender: (errors: FieldErrors) => Promise<unknown>,
  save: (value: T) => Promise<unknown>,
): Promise<unknown> {
  const form = await validateForm(cls, body);
  if (!form.ok) return rerender(form.errors);
  try {
    return await save(form.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return rerender(errors);
    throw error;
  }
}

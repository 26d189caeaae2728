import type { FastifyReply, FastifyRequest } from 'fastify';
import { FieldErrors, FormResult, formValues, validateForm } from './form';
import { formErrorsOf } from './form-errors';
import type { PageRenderer } from './page-renderer.service';

/** Where a form post goes once the service has done its work. */
export type FormDone =
  { redirect: string; flash?: string } | { view: string; model: object; status?: number };

/** Sends the browser to `url` (303) with a one-time `flash` message for the next page. */
export const redirectTo = (url: string, flash?: string): FormDone => ({ redirect: url, flash });

/** Shows a page instead of redirecting, e.g. a one-time password that must not be stored. */
export const showPage = (view: string, model: object): FormDone => ({ view, model });

/** One HTML form post: how to read it, the page it re-renders, and the service call. */
export interface FormPost<T> {
  /** The posted body; what the person typed comes back from it on a re-render. */
  body?: unknown;
  /** The DTO the post is validated into with class-validator; omit for a form without fields. */
  dto?: new () => T;
  /** Validation for forms a DTO alone cannot read (numbered rows); used instead of `dto`. */
  parse?: (input: unknown) => Promise<FormResult<T>>;
  /** What to validate when the form's field names differ from the DTO's; `body` by default. */
  input?: unknown;
  /** A DTO property's error key on the page, when its field is named differently there. */
  errorKeys?: Readonly<Record<string, string>>;
  /** Fields never echoed back, such as passwords. */
  secret?: readonly string[];
  /** The page the form is on. */
  view: string;
  /** That page's model for the typed values and the field errors. */
  model: (values: Record<string, unknown>, errors: FieldErrors) => object | Promise<object>;
  /**
   * Status of a re-render caused by a domain error; 422 by default, like a validation error.
   * A confirm page without fields answers 409, since nothing typed was wrong.
   */
  errorStatus?: number;
  /** Calls the service with the validated value and says where to go next. */
  submit: (value: T) => Promise<FormDone>;
}

/** Leaves a one-time message for the next page and sends the browser there (303 See Other). */
export function redirectWithFlash(
  request: FastifyRequest,
  reply: FastifyReply,
  url: string,
  message?: string,
) {
  if (message) request.session.flash = message;
  return reply.redirect(url, 303);
}

/**
 * Handles an HTML form post: validates it, calls the service, and redirects with a flash
 * message. A validation error, or a domain error that belongs on the form
 * (`DomainError.fixableByForm`), re-renders the same page with the message next to its field
 * and everything the person typed; any other error propagates to the exception filter.
 */
export async function postForm<T>(
  pages: PageRenderer,
  request: FastifyRequest,
  reply: FastifyReply,
  post: FormPost<T>,
): Promise<unknown> {
  const rerender = async (errors: FieldErrors, status: number) => {
    const values = formValues(post.body);
    for (const field of post.secret ?? []) delete values[field];
    const model = await post.model(values, renameKeys(errors, post.errorKeys));
    return pages.render(request, reply, post.view, model, status);
  };
  const form = await read(post);
  if (!form.ok) return rerender(form.errors, 422);
  let done: FormDone;
  try {
    done = await post.submit(form.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (!errors) throw error;
    return rerender(errors, post.errorStatus ?? 422);
  }
  if ('redirect' in done) return redirectWithFlash(request, reply, done.redirect, done.flash);
  return pages.render(request, reply, done.view, done.model, done.status);
}

function read<T>(post: FormPost<T>): Promise<FormResult<T>> {
  const input = post.input ?? post.body;
  if (post.parse) return post.parse(input);
  if (post.dto) return validateForm(post.dto as new () => T & object, input);
  return Promise.resolve({ ok: true, value: undefined as T, errors: {} });
}

function renameKeys(errors: FieldErrors, keys?: Readonly<Record<string, string>>): FieldErrors {
  if (!keys) return errors;
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [keys[k] ?? k, v]));
}

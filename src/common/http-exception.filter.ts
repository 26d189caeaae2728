import '@fastify/view';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './database-unavailable';
import { DomainError, httpStatusOf } from './domain-error';

const wantsJson = (request: FastifyRequest) =>
  request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');

const TITLES: Record<number, string> = {
  400: 'That request could not be understood',
  401: 'Please sign in',
  403: 'You do not have access to this page',
  404: 'Page not found',
  409: 'That conflicts with the current state',
  410: 'This link is no longer active',
  413: 'That upload is too large',
  422: 'Please check what you entered',
  429: 'Too many attempts',
  503: 'Tandem is unavailable for a moment',
};

/** Seconds a client is asked to wait before trying again while the database is unreachable. */
const RETRY_AFTER_SECONDS = 30;

/** Maps domain error codes and HTTP exceptions to JSON for the API and friendly pages for people. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let status = 500;
    let code = 'INTERNAL';
    let message = 'Something went wrong on our side. Please try again.';
    let details: unknown;

    if (isDomainError(exception)) {
      status = httpStatusOf(exception.kind);
      code = exception.code;
      message = exception.message;
      details = exception.details;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      code = `HTTP_${status}`;
      if (typeof body === 'string') message = body;
      else if (body && typeof body === 'object') {
        const m = (body as { message?: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : exception.message;
        details = Array.isArray(m) ? m : undefined;
      }
    } else if (isDatabaseUnavailable(exception)) {
      status = 503;
      code = 'DATABASE_UNAVAILABLE';
      message =
        'The database cannot be reached right now. Nothing was changed; please try again in a minute.';
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
    } else if (isFastifyError(exception)) {
      status = exception.statusCode;
      code = exception.code ?? `HTTP_${status}`;
      message = exception.message;
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }

    if (reply.sent) return;
    if (status === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (status === 401 && !wantsJson(request)) {
      void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      return;
    }
    if (wantsJson(request)) {
      void reply.status(status).send({ statusCode: status, code, message, details });
      return;
    }
    void reply.status(status).view('errors/error', {
      title: TITLES[status] ?? 'Something went wrong',
      status,
      message,
    });
  }
}

function isFastifyError(e: unknown): e is { statusCode: number; code?: string; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { statusCode?: unknown }).statusCode === 'number'
  );
}

/** `instanceof` alone would type the error's code as `any`. */
function isDomainError(exception: unknown): exception is DomainError {
  return exception instanceof DomainError;
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, httpStatusOf } from '../common/domain-error';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { SCIM_CONTENT_TYPE } from './scim-schemas';
import { ScimError } from './scim.errors';

/** Directory conflicts that are a taken unique value (RFC 7644's `uniqueness`). */
const TAKEN = /_TAKEN$/;

/** Every error under /scim in the SCIM error format (RFC 7644 §3.12). */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ScimExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const error = this.toScimError(exception);
    if (error.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="SCIM"');
    if (error.status === 503) void reply.header('Retry-After', '30');
    void reply.status(error.status).header('Content-Type', SCIM_CONTENT_TYPE).send(error.body());
  }

  private toScimError(exception: unknown): ScimError {
    if (exception instanceof ScimError) return exception;
    if (exception instanceof DomainError) {
      const code: string = exception.code as string;
      const status = httpStatusOf(exception.kind);
      if (status === 409 && TAKEN.test(code)) return ScimError.uniqueness(exception.message);
      if (status === 422 || status === 400) return ScimError.invalidValue(exception.message);
      return new ScimError(status, exception.message);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return status === 400
        ? ScimError.invalidSyntax(exception.message)
        : new ScimError(status, exception.message);
    }
    if (isDatabaseUnavailable(exception))
      return new ScimError(503, 'The database cannot be reached right now; nothing was changed.');
    const fastify = exception as { statusCode?: unknown; message?: unknown };
    if (typeof fastify.statusCode === 'number' && fastify.statusCode < 500)
      return fastify.statusCode === 400
        ? ScimError.invalidSyntax(String(fastify.message))
        : new ScimError(fastify.statusCode, String(fastify.message));
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return new ScimError(500, 'Something went wrong on our side. Please try again.');
  }
}

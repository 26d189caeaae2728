import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { runInRequest } from './audit-context';

/**
 * Global: runs each request's handler inside the request's audit context, so services record
 * who and from where. Downloads are recorded by registerDownloadAudit.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // next.handle() binds the handler to the async context it is called in.
    return runInRequest(request, () => next.handle());
  }
}

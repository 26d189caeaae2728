import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { concatMap, from, map, Observable } from 'rxjs';
import { actorOf, runInRequest } from './audit-context';
import { AuditService } from './audit.service';

const ATTACHMENT = /^attachment;\s*filename="([^"]*)"/i;

/**
 * Global: runs each request's handler inside the request's audit context (so services record
 * who and from where), and records every file a signed-in person downloads — directory
 * exports, report tables, analysis bundles, follow-up lists, the audit log itself — as
 * `export.download`, once it was sent.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditContextInterceptor.name);

  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    // next.handle() binds the handler to the async context it is called in.
    const handled = runInRequest(request, () => next.handle());
    // Downloads are GETs; other requests pay for nothing more.
    if (request.method !== 'GET') return handled;
    return handled.pipe(
      concatMap((result: unknown) =>
        from(this.recordDownload(request, reply)).pipe(map(() => result)),
      ),
    );
  }

  private async recordDownload(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const disposition = reply.getHeader('content-disposition');
    const file = typeof disposition === 'string' ? ATTACHMENT.exec(disposition)?.[1] : undefined;
    if (file === undefined || !request.currentUser || reply.statusCode >= 400) return;
    const [path, query = ''] = request.url.split('?');
    try {
      await this.audit.record(
        'export.download',
        { type: 'file', id: path, label: file },
        {
          actor: actorOf(request),
          details: { path, query: Object.fromEntries(new URLSearchParams(query)) },
        },
      );
    } catch (error) {
      // The file is on its way already; a missing record is logged, never silent.
      this.logger.error(`Could not record the download of ${path}: ${String(error)}`);
    }
  }
}

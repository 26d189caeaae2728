import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { PageRenderer } from './page-renderer.service';

/** Adds the shared page context to the models that @Page handlers return (see page.decorator). */
@Injectable()
export class ViewContextInterceptor implements NestInterceptor {
  constructor(private readonly pages: PageRenderer) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((model: unknown) => {
        if (!model || typeof model !== 'object' || Array.isArray(model) || reply.sent) return model;
        return this.pages.context(request, reply, model);
      }),
    );
  }
}

import { applyDecorators, Render, UseInterceptors } from '@nestjs/common';
import { ViewContextInterceptor } from './view-context.interceptor';

/**
 * Renders `view` with the model the handler returns plus the shared page context. Used
 * instead of a global interceptor so that routes which render no page (survey submissions,
 * the API, health checks) don't pay for one on every request.
 */
export const Page = (view: string) =>
  applyDecorators(Render(view), UseInterceptors(ViewContextInterceptor));

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from './roles';

/** Who is asking, and which units they may see. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  /** null: every unit. Otherwise the manager's unit and its materialized path prefix. */
  scope: { unitId: string; path: string } | null;
  via: 'session' | 'api_key';
  /** The bearer key of an API request, for the audit log. */
  apiKeyId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    currentUser?: CurrentUser;
  }
  interface Session {
    userId?: string;
    flash?: string;
  }
}

export const Me = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CurrentUser | undefined => {
    return ctx.switchToHttp().getRequest<FastifyRequest>().currentUser;
  },
);

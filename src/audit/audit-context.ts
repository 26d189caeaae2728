import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { AuditActorKind } from './entities/audit-event.entity';

/** Who made a change and from where, as the audit log records them. */
export interface AuditActor {
  kind: AuditActorKind;
  userId: string | null;
  email: string | null;
  apiKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

/** Tandem itself: scheduled jobs, the command line, start-up. */
export const SYSTEM_ACTOR: AuditActor = {
  kind: 'system',
  userId: null,
  email: null,
  apiKeyId: null,
  ip: null,
  userAgent: null,
};

/**
 * The request a change is being made in, carried through the async calls of its handler
 * (AuditContextInterceptor starts it), so services record who without being told.
 */
const requests = new AsyncLocalStorage<FastifyRequest>();

export function runInRequest<T>(request: FastifyRequest, fn: () => T): T {
  return requests.run(request, fn);
}

/** The actor of the request being handled, or Tandem itself outside one. */
export function currentActor(): AuditActor {
  const request = requests.getStore();
  return request ? actorOf(request) : SYSTEM_ACTOR;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who acts, when a guard authenticated the request with a credential of its own rather
     * than a user's (the SCIM token): it names the actor here.
     */
    auditActor?: AuditActor;
  }
}

export function actorOf(request: FastifyRequest): AuditActor {
  if (request.auditActor) return request.auditActor;
  const user = request.currentUser;
  const agent = request.headers['user-agent'];
  const where = {
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, MAX_USER_AGENT) : null,
  };
  if (!user) return { ...SYSTEM_ACTOR, ...where };
  return {
    kind: user.via === 'api_key' ? 'api_key' : 'user',
    userId: user.id,
    email: user.email,
    apiKeyId: user.apiKeyId ?? null,
    ...where,
  };
}

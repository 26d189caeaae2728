import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-context';
import { ScimToken } from './entities/scim-token.entity';
import { ScimTokensService } from './scim-tokens.service';
import { ScimError } from './scim.errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The SCIM token a /scim request was made with. */
    scimToken?: ScimToken;
  }
}

const MAX_USER_AGENT = 512;

/**
 * /scim takes a SCIM token and nothing else: no session, no API key (the global AuthGuard
 * leaves these routes to this guard). A missing, unknown or revoked token is a 401.
 */
@Injectable()
export class ScimTokenGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer '))
      throw ScimError.unauthorized('Send a SCIM token as a bearer token.');
    const token = await this.tokens.resolve(header.slice(7).trim());
    if (!token) throw ScimError.unauthorized('That SCIM token is not valid.');
    request.scimToken = token;
    // The directory records the changes it makes for this request as made by the token.
    request.auditActor = scimActor(request);
    return true;
  }
}

/** Who the audit log names for a change made through SCIM: the token, from where. */
export function scimActor(request: FastifyRequest): AuditActor {
  const agent = request.headers['user-agent'];
  return {
    kind: 'scim_token',
    userId: null,
    email: null,
    apiKeyId: request.scimToken?.id ?? null,
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, MAX_USER_AGENT) : null,
  };
}

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from './api-keys.service';
import { CurrentUser } from './current-user';
import { OWN_CREDENTIALS_KEY, PUBLIC_KEY, ROLES_KEY } from './decorators';
import { Role } from './roles';
import { UsersService } from './users.service';

const PASSWORD_PAGE = '/account/password';

/**
 * Every route needs a signed-in user unless marked @Public(). The JSON API takes a bearer
 * API key (or, for reads, the browser session); pages take the session.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OWN_CREDENTIALS_KEY, targets)) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);

    const user = await this.identify(request);
    if (user) request.currentUser = user;
    if (isPublic) return true;
    if (!user) throw new UnauthorizedException('Please sign in.');

    const path = request.url.split('?')[0];
    if (
      user.mustChangePassword &&
      user.via === 'session' &&
      path !== PASSWORD_PAGE &&
      path !== '/logout'
    ) {
      await reply.redirect(PASSWORD_PAGE, 303);
      return false;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role))
      throw new ForbiddenException('Your role does not have access to this.');
    return true;
  }

  private async identify(request: FastifyRequest): Promise<CurrentUser | null> {
    if (request.currentUser) return request.currentUser;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const key = await this.apiKeys.resolve(header.slice(7).trim());
      if (!key) throw new UnauthorizedException('That API key is not valid.');
      const user = await this.users.loadCurrent(key.userId, 'api_key');
      return user && { ...user, apiKeyId: key.id };
    }
    const isApiWrite =
      request.url.startsWith('/api/') && request.method !== 'GET' && request.method !== 'HEAD';
    const userId = request.session?.userId;
    if (!userId || isApiWrite) return null;
    return this.users.loadCurrent(userId, 'session');
  }
}

import {
  applyDecorators,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Header,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { OwnCredentials } from '../auth/decorators';
import { ScimExceptionFilter } from './scim-exception.filter';
import { SCIM_BASE, SCIM_CONTENT_TYPE } from './scim-schemas';
import { ScimTokenGuard } from './scim-token.guard';
import type { ScimCaller } from './scim-users.service';

/** Per client address: ample for an identity provider's sync, a stop to a runaway loop. */
export const SCIM_RATE_LIMIT = { max: 600, timeWindow: '1 minute' };

/** A controller under /scim/v2: SCIM tokens only, errors in the SCIM format. */
export const ScimController = (path: string) =>
  applyDecorators(
    ApiExcludeController(),
    OwnCredentials(),
    UseGuards(ScimTokenGuard),
    UseFilters(ScimExceptionFilter),
    Controller(path ? `${SCIM_BASE.slice(1)}/${path}` : SCIM_BASE.slice(1)),
  );

/** A SCIM handler: rate limited, answering application/scim+json. */
export const ScimRoute = () =>
  applyDecorators(
    RouteConfig({ rateLimit: SCIM_RATE_LIMIT }),
    Header('Content-Type', SCIM_CONTENT_TYPE),
  );

/** The token a request came with. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): ScimCaller => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return { token: request.scimToken! };
});

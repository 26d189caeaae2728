import { Body, Injectable, OnModuleInit, PipeTransform } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonBodyParser, MAX_JSON_BYTES } from '../common/json-body';
import { ScimError } from './scim.errors';

export const SCIM_MEDIA_TYPE = 'application/scim+json';

/**
 * SCIM clients send JSON as application/scim+json (RFC 7644 §3.1); Fastify reads it as it reads
 * application/json, bounded the same way. Registered as the app starts, before it listens.
 * A body it cannot read is handed on as an UnreadableBody rather than failed here, before any
 * route: the route's ScimBody() then refuses it in the SCIM error format.
 */
@Injectable()
export class ScimBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    // The command line runs the app without HTTP: no server, no body to parse.
    const adapter = this.host.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (!adapter) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(SCIM_MEDIA_TYPE)) return;
    const parse = jsonBodyParser(fastify);
    fastify.addContentTypeParser(
      SCIM_MEDIA_TYPE,
      { parseAs: 'buffer', bodyLimit: MAX_JSON_BYTES },
      (
        request: FastifyRequest,
        body: Buffer,
        done: (error: Error | null, body?: unknown) => void,
      ) =>
        parse(request, body, (error, parsed) =>
          done(null, error ? new UnreadableBody(error.message) : parsed),
        ),
    );
  }
}

/** A SCIM body that is not JSON (or nests too deep), and why. */
export class UnreadableBody {
  constructor(readonly reason: string) {}
}

class RefuseUnreadable implements PipeTransform {
  transform(value: unknown): unknown {
    if (value instanceof UnreadableBody)
      throw ScimError.invalidSyntax(`The body is not valid JSON: ${value.reason}`);
    return value;
  }
}

/** The request body of a SCIM route, refused with invalidSyntax when it was not JSON. */
export const ScimBody = () => Body(new RefuseUnreadable());

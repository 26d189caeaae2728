import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { jsonBodyParser, MAX_JSON_BYTES } from '../common/json-body';

export const SCIM_MEDIA_TYPE = 'application/scim+json';

/**
 * SCIM clients send JSON as application/scim+json (RFC 7644 §3.1); Fastify reads it as it reads
 * application/json, bounded the same way. Registered as the app starts, before it listens.
 */
@Injectable()
export class ScimBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(SCIM_MEDIA_TYPE)) return;
    fastify.addContentTypeParser(
      SCIM_MEDIA_TYPE,
      { parseAs: 'buffer', bodyLimit: MAX_JSON_BYTES },
      jsonBodyParser(fastify),
    );
  }
}

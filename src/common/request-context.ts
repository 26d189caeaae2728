import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { compile } from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';

interface RequestContext {
  readonly reqId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * What a proxy's request id may look like: a UUID, a hex or base64url trace id, a few
 * separators. Anything else (too long, spaces, quotes, control characters) is replaced.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the request being handled where this runs; undefined outside a request. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.reqId;
}

/**
 * Fastify's genReqId: the X-Request-Id a trusted proxy (TRUSTED_PROXIES) sent, when it looks
 * like an id, so one id follows a request through the proxy's log and ours; otherwise a fresh
 * UUID. A client's own header is never taken: it could make its requests look like another's.
 */
export function requestIdGenerator(trustedProxies: string[]): (req: IncomingMessage) => string {
  // The very rule Fastify's trustProxy uses to decide the client address (proxy-addr).
  const trusts = trustedProxies.length ? compile(trustedProxies) : () => false;
  return (req) => {
    const sent = req.headers[REQUEST_ID_HEADER];
    const peer = req.socket.remoteAddress;
    if (typeof sent === 'string' && ACCEPTED_ID.test(sent) && peer && trusts(peer, 0)) return sent;
    return randomUUID();
  };
}

/**
 * Every request answers with its id (X-Request-Id), and everything that runs while it is
 * handled can read the id (currentRequestId), so each log line can carry it. The context is
 * entered again once the body is read: the parser's stream events run outside it.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    storage.run({ reqId: request.id }, done);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    storage.run({ reqId: request.id }, done);
  });
}

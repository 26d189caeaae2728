import fastifySession, { FastifySessionOptions } from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Paths that never use a session: survey and unsubscribe links carry their own capability
 * token, as the kiosk's posted code does (and a shared device should hold no cookie), and
 * provisioning (/scim) its bearer token. @fastify/session would otherwise start a session for every such request (random id,
 * signature and hash, hashed again on send), a visible share of a survey submission's CPU; and
 * an admin who answers a survey in the same browser should not have their session loaded.
 */
export const SESSIONLESS_PREFIXES = ['/s/', '/u/', '/kiosk', '/scim/'];

export const isSessionless = (url: string): boolean =>
  SESSIONLESS_PREFIXES.some((prefix) => url.startsWith(prefix));

type RequestHook = (req: FastifyRequest, reply: FastifyReply, done: () => void) => void;
type SendHook = (
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: Error | null, payload?: unknown) => void,
) => void;

/** The same hook, not run on sessionless paths. */
function skippingSessionless(name: string, hook: unknown): unknown {
  if (name === 'onRequest') {
    const run = hook as RequestHook;
    return function (this: FastifyInstance, req, reply, done) {
      if (isSessionless(req.url)) return done();
      run.call(this, req, reply, done);
    } satisfies RequestHook;
  }
  if (name === 'onSend') {
    const run = hook as SendHook;
    return function (this: FastifyInstance, req, reply, payload, done) {
      if (isSessionless(req.url)) return done(null, payload);
      run.call(this, req, reply, payload, done);
    } satisfies SendHook;
  }
  return hook;
}

/**
 * @fastify/session for every path except the sessionless ones. The plugin has no path filter,
 * so the hooks it adds are wrapped as it adds them; its decorators are untouched, so on a
 * sessionless path `request.session` keeps its default, null.
 */
export const sessionExceptSessionless = fp<FastifySessionOptions>(
  (fastify, options, done) => {
    const scoped = new Proxy(fastify, {
      get(target, key, receiver) {
        if (key !== 'addHook') return Reflect.get(target, key, receiver) as unknown;
        const addHook = target.addHook.bind(target) as (name: string, hook: unknown) => unknown;
        return (name: string, hook: unknown) => {
          addHook(name, skippingSessionless(name, hook));
          return receiver as FastifyInstance;
        };
      },
    });
    fastifySession(scoped, options, done);
  },
  { name: '@fastify/session', dependencies: ['@fastify/cookie'] },
);

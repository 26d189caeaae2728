import type { FastifyInstance } from 'fastify';
import { AppLogger } from './app-logger';

/** Route of a request no route matched: the raw path is never logged (links are secrets). */
const NO_ROUTE = '(no route)';

/**
 * One line per answered request: method, route pattern (/s/:token, never the path it was called
 * with), status and time. At log level with LOG_FORMAT=json, for log collectors; at debug level
 * as text, so a console stays calm.
 */
export function registerAccessLog(fastify: FastifyInstance, logger: AppLogger): void {
  const json = logger.json;
  if (!logger.isLevelEnabled(json ? 'log' : 'debug')) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? NO_ROUTE;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const msg = `${request.method} ${route} ${reply.statusCode} ${ms} ms`;
    if (json)
      logger.log(
        { msg, reqId: request.id, method: request.method, route, status: reply.statusCode, ms },
        'HTTP',
      );
    else logger.debug(msg, 'HTTP');
    done();
  });
}

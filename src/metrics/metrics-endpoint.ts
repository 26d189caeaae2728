import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config/app.config';
import { metricsAuthorizer, UNAUTHORIZED_HEADERS, UNAUTHORIZED_TEXT } from './metrics-access';
import { Metrics, UNMATCHED_ROUTE } from './metrics.service';

/**
 * GET /metrics on the application's own port, for holders of METRICS_TOKEN. A plain Fastify
 * route, outside Nest's guards: the bearer token is not an API key, and a staff session never
 * opens it. Not registered (a 404) without a token, or when METRICS_PORT serves it instead.
 */
export function registerMetricsRoute(
  fastify: FastifyInstance,
  metrics: Metrics,
  config: AppConfig['metrics'],
): void {
  if (config.port !== undefined || config.token === undefined) return;
  const authorized = metricsAuthorizer(config.token);
  fastify.get('/metrics', async (request, reply) => {
    if (!authorized(request.headers.authorization))
      return reply.code(401).headers(UNAUTHORIZED_HEADERS).send(UNAUTHORIZED_TEXT);
    const text = await metrics.exposition();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}

/**
 * Each answered request is timed under its route pattern (/s/:token, never the path it was
 * called with: survey and unsubscribe links are secrets).
 */
export function registerRequestTiming(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

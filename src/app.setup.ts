import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AuditService } from './audit/audit.service';
import { registerDownloadAudit } from './audit/download-audit';
import { csrfOptions } from './auth/csrf';
import { PgSessionStore } from './auth/pg-session.store';
import { resolveSessionSecret } from './auth/session-secret';
import { sessionExceptSessionless } from './auth/session-scope';
import { registerAccessLog } from './common/access-log';
import { AppLogger } from './common/app-logger';
import { registerHandlebarsHelpers } from './common/handlebars-helpers';
import { jsonBodyParser, MAX_JSON_BYTES } from './common/json-body';
import { registerRequestContext, requestIdGenerator } from './common/request-context';
import { AppConfig } from './config/app.config';
import { PROJECT_ROOT } from './config/project-root';
import { registerMetricsRoute, registerRequestTiming } from './metrics/metrics-endpoint';
import { MetricsServer } from './metrics/metrics-server';
import { Metrics } from './metrics/metrics.service';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Routes with their own protection: bearer keys (API), SCIM tokens (provisioning), capability
 * tokens (survey, unsubscribe, the kiosk's printed codes).
 */
const CSRF_EXEMPT = ['/api/', '/scim/', '/s/', '/u/', '/kiosk'];

function partials(): Record<string, string> {
  const dir = join(PROJECT_ROOT, 'views', 'partials');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [f.replace(/\.hbs$/, ''), `partials/${f}`]),
  );
}

/** Builds the Fastify-based Nest application with every plugin registered; not yet listening. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  // Only configured proxies may name the client address that rate limits count by.
  const trustProxy = config.trustedProxies.length > 0 ? config.trustedProxies : false;
  const adapter = new FastifyAdapter({
    trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    genReqId: requestIdGenerator(config.trustedProxies),
  });
  const logger =
    config.env === 'test'
      ? (['error'] as LogLevel[])
      : LEVELS.slice(0, LEVELS.indexOf(config.logLevel as LogLevel) + 1);
  const appLogger = new AppLogger({ logLevels: logger, json: config.logFormat === 'json' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: appLogger,
  });
  // First, so that everything after runs with the request's id, and every answer is timed.
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestContext(fastify);
  registerRequestTiming(fastify, app.get(Metrics));
  registerAccessLog(fastify, appLogger);
  registerMetricsRoute(fastify, app.get(Metrics), config.metrics);
  registerDownloadAudit(fastify, app.get(AuditService));

  // Nest's body parsers, then ours for JSON: bounded in size and nesting before it is parsed.
  adapter.registerParserMiddleware();
  adapter.getInstance().removeContentTypeParser('application/json');
  app.useBodyParser(
    'application/json',
    { bodyLimit: MAX_JSON_BYTES },
    jsonBodyParser(adapter.getInstance()),
  );

  const secure = config.appUrl.startsWith('https://');
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    hsts: secure,
  });
  const sessionSecret =
    config.sessionSecret ?? (await resolveSessionSecret(app.get(DataSource), config.dataDir));
  await app.register(cookie, { secret: sessionSecret });
  await app.register(sessionExceptSessionless, {
    secret: sessionSecret,
    cookieName: 'tandem.sid',
    saveUninitialized: false,
    store: new PgSessionStore(app.get(DataSource)),
    cookie: { secure, httpOnly: true, sameSite: 'lax', maxAge: 8 * 60 * 60 * 1000, path: '/' },
  });
  await app.register(csrf, csrfOptions(sessionSecret, secure));
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 100 * 1024 * 1024, files: 1, fields: 20 } });

  fastify.addHook(
    'preHandler',
    (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      const path = request.url.split('?')[0];
      if (!UNSAFE.has(request.method) || CSRF_EXEMPT.some((p) => path.startsWith(p))) return done();
      if (request.headers.authorization?.startsWith('Bearer ')) return done();
      fastify.csrfProtection(request, reply, done);
    },
  );

  app.useStaticAssets({ root: join(PROJECT_ROOT, 'public'), prefix: '/public/' });
  registerHandlebarsHelpers(Handlebars);
  app.setViewEngine({
    engine: { handlebars: Handlebars },
    templates: join(PROJECT_ROOT, 'views'),
    layout: 'layouts/main.hbs',
    viewExt: 'hbs',
    includeViewExtension: true,
    production: config.env !== 'development',
    options: { partials: partials() },
  });

  app.useGlobalPipes(
    new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tandem API')
      .setDescription(
        'Directory, surveys, cycles and linkage reports. Authenticate with a bearer API key.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  app.enableShutdownHooks();
  await app.init();
  await app.get(MetricsServer).listen();
  return app;
}

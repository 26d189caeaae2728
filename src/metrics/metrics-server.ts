import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppConfig } from '../config/app.config';
import { metricsAuthorizer, UNAUTHORIZED_HEADERS, UNAUTHORIZED_TEXT } from './metrics-access';
import { Metrics } from './metrics.service';

/**
 * /metrics on a listener of its own (METRICS_PORT, on METRICS_HOST: loopback unless set), apart
 * from everything people reach. It serves that one path; METRICS_TOKEN, when set, is required
 * here too. Started by the HTTP application only (createApp), never by a CLI command.
 */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Listens when METRICS_PORT is set; resolves to the port, or undefined when it is not. */
  async listen(): Promise<number | undefined> {
    const { port, host, token } = this.config.get('metrics', { infer: true });
    if (port === undefined) return undefined;
    const authorized = metricsAuthorizer(token);
    const server = createServer((req, res) => void this.answer(req, res, authorized));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`Metrics at http://${host}:${port}/metrics`);
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    authorized: (header?: string) => boolean,
  ): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    if (!authorized(req.headers.authorization)) {
      res.writeHead(401, UNAUTHORIZED_HEADERS).end(UNAUTHORIZED_TEXT);
      return;
    }
    try {
      const text = await this.metrics.exposition();
      res
        .writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' })
        .end(req.method === 'HEAD' ? undefined : text);
    } catch (error) {
      this.logger.error(`Could not collect the metrics: ${String(error)}`);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Failed.\n');
    }
  }
}

import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from './audit-context';
import { AuditService } from './audit.service';

const ATTACHMENT = /^attachment;\s*filename="([^"]*)"/i;

/**
 * Records every file a signed-in person downloads — directory exports, report tables,
 * analysis bundles, follow-up lists, the audit log itself — as `export.download`, before the
 * file leaves: a Fastify onSend hook, so it covers the handlers that send their reply
 * themselves, and a download never gets ahead of its record (a server stopping at that moment
 * lost the record when it was written after the file).
 */
@Injectable()
export class DownloadAudit implements OnModuleInit {
  private readonly logger = new Logger(DownloadAudit.name);

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // The command line runs the app without HTTP: nothing is downloaded there.
    const adapter = this.host.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (!adapter) return;
    adapter
      .getInstance<FastifyInstance>()
      .addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        await this.record(request, reply);
        return payload;
      });
  }

  private async record(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Downloads are GETs of a signed-in person that succeeded and name a file.
    if (request.method !== 'GET' || !request.currentUser || reply.statusCode >= 400) return;
    const disposition = reply.getHeader('content-disposition');
    const file = typeof disposition === 'string' ? ATTACHMENT.exec(disposition)?.[1] : undefined;
    if (file === undefined) return;
    const [path, query = ''] = request.url.split('?');
    try {
      await this.audit.record(
        'export.download',
        { type: 'file', id: path, label: file },
        {
          actor: actorOf(request),
          details: { path, query: Object.fromEntries(new URLSearchParams(query)) },
        },
      );
    } catch (error) {
      // The file still goes: a missing record is logged, never silent.
      this.logger.error(`Could not record the download of ${path}: ${String(error)}`);
    }
  }
}

import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from './audit-context';
import { AuditService } from './audit.service';

const ATTACHMENT = /^attachment;\s*filename="([^"]*)"/i;

/** The file a reply hands a signed-in person (a successful GET naming one), if it is one. */
function downloadedFile(request: FastifyRequest, reply: FastifyReply): string | undefined {
  if (request.method !== 'GET' || !request.currentUser || reply.statusCode >= 400) return;
  const disposition = reply.getHeader('content-disposition');
  return typeof disposition === 'string' ? ATTACHMENT.exec(disposition)?.[1] : undefined;
}

/**
 * Records every file a signed-in person downloads — directory exports, report tables,
 * analysis bundles, follow-up lists, the audit log itself — as `export.download`, before the
 * file leaves: an onSend hook, so it covers the handlers that send their reply themselves, and
 * a download never gets ahead of its record (a server stopping at that moment lost the record
 * when it was written after the file). Every other reply passes straight through.
 */
export function registerDownloadAudit(fastify: FastifyInstance, audit: AuditService): void {
  const logger = new Logger('DownloadAudit');
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const file = downloadedFile(request, reply);
    if (file === undefined) return done(null, payload);
    const [path, query = ''] = request.url.split('?');
    audit
      .record(
        'export.download',
        { type: 'file', id: path, label: file },
        {
          actor: actorOf(request),
          details: { path, query: Object.fromEntries(new URLSearchParams(query)) },
        },
      )
      // The file still goes: a missing record is logged, never silent.
      .catch((error: unknown) =>
        logger.error(`Could not record the download of ${path}: ${String(error)}`),
      )
      .finally(() => done(null, payload));
  });
}

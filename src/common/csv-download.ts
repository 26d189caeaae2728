import type { FastifyReply } from 'fastify';
import { toCsv } from './csv-cells';

/** Sends CSV rows as a download (cells neutralized against formula injection). */
export function sendCsv(reply: FastifyReply, fileName: string, rows: string[][]) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(toCsv(rows));
}

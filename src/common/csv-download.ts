import type { FastifyReply } from 'fastify';
import { toCsv } from './csv-cells';

/**
 * Sends CSV rows as a download (cells neutralized against formula injection). `bom`: start with
 * a UTF-8 byte-order mark, for files meant for a spreadsheet (the report tables); the directory
 * exports go back into the importers and stay byte-for-byte what they were.
 */
export function sendCsv(
  reply: FastifyReply,
  fileName: string,
  rows: readonly (readonly string[])[],
  options: { bom?: boolean } = {},
) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(toCsv(rows, options));
}

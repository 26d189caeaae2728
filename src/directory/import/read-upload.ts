import type { FastifyRequest } from 'fastify';
import { InputError } from '../../common/input-error';
import { decodeUtf8 } from '../../common/utf8-text';

/** The largest CSV a person may upload through the pages or the API. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Reads the single file of a multipart request as UTF-8 text (anything else is refused). Returns a message for the
 * person instead of throwing when there is no usable file.
 */
export async function readUpload(
  request: FastifyRequest,
): Promise<{ fileName: string; content: string } | { error: string }> {
  if (!request.isMultipart()) return { error: 'Choose a CSV file to upload.' };
  const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES } });
  if (!file) return { error: 'Choose a CSV file to upload.' };
  const buffer = await file.toBuffer();
  if (!file.filename && buffer.length === 0) return { error: 'Choose a CSV file to upload.' };
  if (buffer.length === 0) return { error: 'That file is empty.' };
  if (buffer.includes(0))
    return {
      error: 'That file is not a CSV text file. Save it from your spreadsheet as “CSV UTF-8”.',
    };
  try {
    return { fileName: file.filename || 'upload.csv', content: decodeUtf8(buffer) };
  } catch (error) {
    if (error instanceof InputError) return { error: error.message };
    throw error;
  }
}

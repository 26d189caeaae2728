import type { FastifyRequest } from 'fastify';
import { InputError } from '../common/input-error';
import { decodeUtf8 } from '../common/utf8-text';

/** The largest CSV of past waves the page and the API take (as the directory imports). */
export const MAX_RESPONSE_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface ResponseUpload {
  /** the text fields posted with the file (surveys, mapping) */
  fields: Record<string, string>;
  fileName: string;
  content: string;
  /** a message for the person when there is no usable file */
  error?: string;
}

/**
 * Reads a multipart post of past waves: its text fields in any order around the one file, the
 * file as UTF-8 text (anything else is refused with the line of the first bad byte).
 */
export async function readResponseUpload(request: FastifyRequest): Promise<ResponseUpload> {
  const upload: ResponseUpload = { fields: {}, fileName: '', content: '' };
  let buffer: Buffer | undefined;
  for await (const part of request.parts({ limits: { fileSize: MAX_RESPONSE_UPLOAD_BYTES } })) {
    if (part.type === 'file') {
      buffer = await part.toBuffer();
      upload.fileName = part.filename;
    } else if (typeof part.value === 'string') upload.fields[part.fieldname] = part.value;
  }
  if (buffer === undefined || (buffer.length === 0 && !upload.fileName))
    return { ...upload, error: 'Choose a CSV file to import.' };
  if (buffer.length === 0) return { ...upload, error: 'That file is empty.' };
  if (buffer.includes(0))
    return {
      ...upload,
      error: 'That file is not a CSV text file. Save it from your spreadsheet as “CSV UTF-8”.',
    };
  try {
    upload.content = decodeUtf8(buffer);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ...upload, error: error.message };
  }
  if (upload.content.trim() === '') return { ...upload, error: 'That file is empty.' };
  return upload;
}

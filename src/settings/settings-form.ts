import type { FastifyRequest } from 'fastify';
import type { FieldErrors } from '../common/form';

/** Bigger than any logo we keep, so the rest of the form is still read; checkLogo refuses it. */
const MAX_READ_BYTES = 2 * 1024 * 1024;

export interface PostedSettingsForm {
  fields: Record<string, string>;
  logo?: Buffer;
  errors: FieldErrors;
}

/**
 * Reads the settings page's multipart post: its text fields, and the logo file when one was
 * chosen. A file too large to read is the logo field's error, not a failed request.
 */
export async function readSettingsForm(request: FastifyRequest): Promise<PostedSettingsForm> {
  const form: PostedSettingsForm = { fields: {}, errors: {} };
  if (!request.isMultipart()) {
    form.fields = { ...((request.body ?? {}) as Record<string, string>) };
    return form;
  }
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_READ_BYTES } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === 'logo' && (part.filename || data.length > 0)) form.logo = data;
      } else if (typeof part.value === 'string') form.fields[part.fieldname] = part.value;
    }
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
    form.errors.logo = 'The logo must be at most 200 kB; save a smaller PNG or JPEG.';
  }
  return form;
}

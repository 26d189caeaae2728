import { createHash } from 'node:crypto';
import { SettingsError, SettingsErrorCode } from './settings.errors';

/** The largest logo stored: it is sent with every page view that shows it. */
export const MAX_LOGO_BYTES = 200 * 1024;

export interface LogoImage {
  data: Buffer;
  type: 'image/png' | 'image/jpeg';
  etag: string;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * Checks an uploaded logo by its bytes, not by the name or type the browser claimed: PNG or
 * JPEG only, at most MAX_LOGO_BYTES. SVG is refused by name because it can carry script.
 */
export function checkLogo(data: Buffer): LogoImage {
  if (data.length > MAX_LOGO_BYTES) throw new SettingsError(SettingsErrorCode.LOGO_TOO_LARGE);
  const type = data.subarray(0, 8).equals(PNG)
    ? 'image/png'
    : data.subarray(0, 3).equals(JPEG)
      ? 'image/jpeg'
      : null;
  if (!type) {
    const head = data.subarray(0, 1024).toString('utf8').toLowerCase();
    if (head.includes('<svg') || head.trimStart().startsWith('<?xml'))
      throw new SettingsError(SettingsErrorCode.LOGO_SVG);
    throw new SettingsError(SettingsErrorCode.LOGO_NOT_AN_IMAGE);
  }
  return { data, type, etag: createHash('sha256').update(data).digest('hex') };
}

/** A logo sent through the API: base64, or a data: URL of a PNG or JPEG. */
export function decodeLogo(text: string): Buffer {
  const match = /^data:([a-z/+.-]+);base64,(.*)$/is.exec(text.trim());
  if (match && /svg/i.test(match[1])) throw new SettingsError(SettingsErrorCode.LOGO_SVG);
  const base64 = (match ? match[2] : text).replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64))
    throw new SettingsError(SettingsErrorCode.LOGO_NOT_BASE64);
  return Buffer.from(base64, 'base64');
}

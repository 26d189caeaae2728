import { InputError, InputErrorCode } from './input-error';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Uploaded bytes as text, refusing anything that is not valid UTF-8 (a spreadsheet saved as
 * Latin-1 or Windows-1252 would otherwise import "Café" as "Caf�" without a word). A leading
 * byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    throw new InputError(
      InputErrorCode.NOT_UTF8,
      `The file is not UTF-8 (line ${line} has a byte sequence that is not valid UTF-8); ` +
        `save it as “CSV UTF-8” and upload it again. Nothing was imported.`,
      { field: 'file', line },
    );
  }
}

/** The 1-based line holding the first byte that does not start or continue valid UTF-8. */
export function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = sequenceLength(bytes, i);
    if (length === 0) return line;
    if (b === 0x0a) line += 1;
    i += length;
  }
  return line;
}

/** Bytes in the well-formed sequence starting at `i` (RFC 3629 table 3-7), or 0 if malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

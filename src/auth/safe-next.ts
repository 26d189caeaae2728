const BASE = 'http://tandem.invalid';

/** Percent-decodes until nothing changes (at most a few rounds); null if it is not decodable. */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < 4; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return null;
}

/** Control characters, which browsers drop or act on, and backslashes, which they read as "/". */
const hasControlOrBackslash = (value: string): boolean =>
  [...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Only printable ASCII is sent as it stands in a Location header. */
const isPrintableAscii = (value: string): boolean =>
  [...value].every((c) => c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f);

/**
 * Where to go after sign-in: only a path on this site. Anything a browser might read as
 * another origin — "//host", "/\host", schemes, their percent-encoded forms, control
 * characters or spaces — falls back to "/".
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  const decoded = fullyDecoded(next);
  if (decoded === null) return '/';
  if (!isPrintableAscii(next)) return '/';
  for (const candidate of [next, decoded]) {
    if (
      !candidate.startsWith('/') ||
      candidate.startsWith('//') ||
      hasControlOrBackslash(candidate)
    )
      return '/';
  }
  return new URL(next, BASE).origin === BASE ? next : '/';
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError, InputErrorCode } from './input-error';

/** Deeper than any body the API takes; validation of a deeper one would recurse without end. */
export const MAX_JSON_DEPTH = 32;
/** The largest JSON body the API takes (CSV files go as multipart uploads, with their own limit). */
export const MAX_JSON_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** How deeply arrays and objects nest in JSON text, counting brackets outside strings only. */
export function jsonDepth(text: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) deepest = Math.max(deepest, ++depth);
    else if (CLOSERS.has(c)) depth--;
  }
  return deepest;
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The JSON body parser: refuses nesting deeper than MAX_JSON_DEPTH before parsing, then parses
 * with Fastify's own parser (which rejects `__proto__` and `constructor.prototype` keys).
 */
export function jsonBodyParser(fastify: FastifyInstance) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: Done): void => {
    if (jsonDepth(body) > MAX_JSON_DEPTH) {
      done(
        new InputError(
          InputErrorCode.JSON_TOO_DEEP,
          `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
        ),
      );
      return;
    }
    void parse(request, body.toString('utf8'), done);
  };
}

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Longest value put in one cookie (browsers keep at least 4,096 bytes a cookie, name included). */
export const DRAFT_CHUNK_CHARS = 3_800;
/** At most this many cookies: about 11 kB of sealed answers, well inside request header limits. */
export const DRAFT_MAX_CHUNKS = 3;
/** A draft is good for this long after its last step; the link dies at close in any case. */
export const DRAFT_TTL_SECONDS = 12 * 60 * 60;

/** What the one-section-at-a-time form carries between steps: field name → what was posted. */
export type DraftValues = Record<string, string>;

interface DraftContent {
  values: DraftValues;
  /** ms since the epoch */
  expiresAt: number;
}

/**
 * The answers of earlier sections while a person answers one section at a time. They travel
 * with the person's browser, never stored on the server: sealed (AES-256-GCM, compressed first)
 * under a key derived from RESPONSE_KEY, bound to the link and the survey (associated data), so
 * a draft opens only on the page it was made for, and nothing can be read or changed in it.
 */
export class AnswerDraftSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`tandem-answer-draft:${secret}`).digest();
  }

  /** The sealed draft cut into cookie-sized pieces; null when it needs more than DRAFT_MAX_CHUNKS. */
  seal(binding: string, values: DraftValues, now = Date.now()): string[] | null {
    const content: DraftContent = { values, expiresAt: now + DRAFT_TTL_SECONDS * 1000 };
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const plain = deflateRawSync(Buffer.from(JSON.stringify(content), 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
    const chunks: string[] = [];
    for (let i = 0; i < sealed.length; i += DRAFT_CHUNK_CHARS)
      chunks.push(sealed.slice(i, i + DRAFT_CHUNK_CHARS));
    return chunks.length <= DRAFT_MAX_CHUNKS ? chunks : null;
  }

  /** The draft's values; empty when there is none, or it is expired, altered or not this page's. */
  open(binding: string, chunks: readonly string[], now = Date.now()): DraftValues {
    const sealed = Buffer.from(chunks.join(''), 'base64url');
    if (sealed.length < NONCE_BYTES + TAG_BYTES + 1) return {};
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(binding, 'utf8'));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      const content = JSON.parse(
        inflateRawSync(plain, { maxOutputLength: 1 << 20 }).toString('utf8'),
      ) as DraftContent;
      if (!(content.expiresAt > now) || typeof content.values !== 'object' || !content.values)
        return {};
      const values: DraftValues = {};
      for (const [name, value] of Object.entries(content.values))
        if (typeof value === 'string') values[name] = value;
      return values;
    } catch {
      return {};
    }
  }
}

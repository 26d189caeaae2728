import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** What is sealed per response: everything that must not be readable while the cycle is open. */
export interface SealedContent {
  answers: Record<string, number | string>;
  /** 'YYYY-MM-DD' (UTC) */
  submittedOn: string;
  /** The language answered in (absent in rows sealed before languages existed). */
  language?: string | null;
}

/**
 * AES-256-GCM under a key derived from RESPONSE_KEY. The key id is a fingerprint that tells
 * which key sealed a row without revealing the key.
 */
export class AnswerSeal {
  readonly keyId: Buffer;
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`tandem-answer-seal:${secret}`).digest();
    this.keyId = createHash('sha256').update(this.key).digest().subarray(0, 16);
  }

  seal(content: SealedContent): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  }

  /** Throws when the row was sealed with another key or altered. */
  open(sealed: Buffer): SealedContent {
    const nonce = sealed.subarray(0, NONCE_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as SealedContent;
  }
}

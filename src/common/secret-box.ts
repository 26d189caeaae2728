import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals and opens secrets Tandem must use again (webhook signing secrets, the single sign-on
 * client secret) with AES-256-GCM. The key is derived (HKDF-SHA256) from RESPONSE_KEY, which
 * never lives in the database, so a copy of the database alone opens none of them; each
 * purpose has its own key. The owner's id (`context`) is authenticated with the secret: a sealed
 * secret copied onto another row does not open.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(responseKey: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', responseKey, 'tandem', purpose, 32));
  }

  seal(context: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed].map(encode).join('.');
  }

  open(context: string, sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('Not a sealed secret.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  }
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}

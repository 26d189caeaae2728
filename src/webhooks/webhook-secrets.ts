import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: 256 bits from the CSPRNG, shown to the admin once. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function secretHint(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + 4);
}

/**
 * Seals and opens endpoint secrets with AES-256-GCM. The key is derived (HKDF-SHA256) from
 * RESPONSE_KEY, which never lives in the database, so a copy of the database alone cannot sign
 * as Tandem. The endpoint id is authenticated with the secret: a sealed secret copied onto
 * another endpoint's row does not open.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(responseKey: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', responseKey, 'tandem', 'webhook endpoint secrets', 32),
    );
  }

  seal(endpointId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(endpointId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed].map(encode).join('.');
  }

  open(endpointId: string, sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('Not a sealed webhook secret.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(endpointId));
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

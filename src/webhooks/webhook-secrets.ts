import { randomBytes } from 'node:crypto';
import { SecretBox } from '../common/secret-box';

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: 256 bits from the CSPRNG, shown to the admin once. */
export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function secretHint(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + 4);
}

/**
 * Endpoint secrets, sealed under their own key derived from RESPONSE_KEY; the endpoint id is
 * authenticated with the secret, so a sealed secret copied onto another endpoint does not open.
 */
export class WebhookSecretBox extends SecretBox {
  constructor(responseKey: string) {
    super(responseKey, 'webhook endpoint secrets');
  }
}

import { createHmac } from 'node:crypto';
import { newSecret, WebhookSecretBox } from './webhook-secrets';
import { signatureHeader, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"e1","type":"cycle.closed"}';
  const at = new Date('2026-03-01T12:00:00Z');

  it('signs `${t}.${body}` with HMAC-SHA256 under the secret, as README says', () => {
    const t = at.getTime() / 1000;
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, body, at)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies its own signature and refuses a changed body, another secret or an old timestamp', () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, body, header, at)).toBe(true);
    expect(verifySignature(secret, body.replace('closed', 'opened'), header, at)).toBe(false);
    expect(verifySignature('whsec_other', body, header, at)).toBe(false);
    expect(verifySignature(secret, body, header, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, body, 't=1,v1=zz', at)).toBe(false);
  });
});

describe(WebhookSecretBox.name, () => {
  const sut = new WebhookSecretBox('a-response-key-that-is-long-enough-0123456789');

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const secret = newSecret();
    const sealed = sut.seal('endpoint-1', secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sut.open('endpoint-1', sealed)).toBe(secret);
  });

  it('does not open a secret moved to another endpoint, or under another key', () => {
    const sealed = sut.seal('endpoint-1', newSecret());
    expect(() => sut.open('endpoint-2', sealed)).toThrow();
    const other = new WebhookSecretBox('another-response-key-long-enough-0123456789');
    expect(() => other.open('endpoint-1', sealed)).toThrow();
  });
});

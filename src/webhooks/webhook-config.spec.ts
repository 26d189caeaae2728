import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/app.config';

const base = { NODE_ENV: 'test', RESPONSE_KEY: 'a-response-key-that-is-long-enough-0123456789' };

describe('webhook settings', () => {
  it('default to public HTTPS only, retried 8 times from 30 seconds', () => {
    expect(loadConfig(base).webhooks).toEqual({
      allowLoopback: false,
      retryDelaySeconds: 30,
      retryLimit: 8,
      extraCa: undefined,
    });
  });

  it('refuse loopback delivery in production', () => {
    expect(() =>
      loadConfig({ ...base, NODE_ENV: 'production', WEBHOOK_ALLOW_LOOPBACK: 'true' }),
    ).toThrow(ConfigError);
  });

  it('read WEBHOOK_CA_FILE as PEM and name a file that is not one', () => {
    const pem = join(
      __dirname,
      '..',
      '..',
      'test',
      'fixtures',
      'webhooks',
      'webhook-receiver.cert.pem',
    );
    expect(loadConfig({ ...base, WEBHOOK_CA_FILE: pem }).webhooks.extraCa).toContain(
      'BEGIN CERTIFICATE',
    );
    expect(() => loadConfig({ ...base, WEBHOOK_CA_FILE: __filename })).toThrow(/WEBHOOK_CA_FILE/);
  });
});

import { ConfigError, loadConfig } from './app.config';

describe(loadConfig.name, () => {
  const base = { SESSION_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/tandem-config-spec' };

  it('starts with nothing set, using safe defaults', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.privacy).toEqual({
      anonymityMin: 5,
      commentMin: 10,
      minCustomerResponses: 5,
      responseKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
    });
    // Generated once into the data folder, then the same on every start.
    expect(loadConfig(base).privacy.responseKey).toBe(config.privacy.responseKey);
    expect(loadConfig({ ...base, RESPONSE_KEY: 'k'.repeat(32) }).privacy.responseKey).toBe(
      'k'.repeat(32),
    );
    expect(() => loadConfig({ ...base, RESPONSE_KEY: 'short' })).toThrow(/RESPONSE_KEY/);
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.database.url).toBeUndefined();
  });

  it('names the variable and what is expected when a value is bad', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL must be a postgres/,
    );
  });

  it('never lets the anonymity threshold fall below 3', () => {
    expect(() => loadConfig({ ...base, ANONYMITY_MIN: '2' })).toThrow(
      /ANONYMITY_MIN must be an integer of at least 3/,
    );
    expect(loadConfig({ ...base, ANONYMITY_MIN: '3', COMMENT_MIN: '3' }).privacy.anonymityMin).toBe(
      3,
    );
  });

  it('refuses a comment threshold below the anonymity threshold', () => {
    expect(() => loadConfig({ ...base, ANONYMITY_MIN: '7', COMMENT_MIN: '5' })).toThrow(
      /COMMENT_MIN/,
    );
  });

  it('trusts no proxy unless TRUSTED_PROXIES lists addresses or ranges', () => {
    expect(loadConfig(base).trustedProxies).toEqual([]);
    expect(
      loadConfig({ ...base, TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1 , fd00::/8,loopback' })
        .trustedProxies,
    ).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
    expect(() => loadConfig({ ...base, TRUSTED_PROXIES: 'proxy.example.com' })).toThrow(
      /TRUSTED_PROXIES must list IP addresses or CIDR ranges .*proxy\.example\.com/,
    );
    expect(() => loadConfig({ ...base, TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(
      /TRUSTED_PROXIES/,
    );
  });

  it('keeps /metrics off and logs as text unless told otherwise', () => {
    const config = loadConfig(base);
    expect(config.metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
    expect(config.logFormat).toBe('text');
    const token = 'm'.repeat(32);
    expect(
      loadConfig({ ...base, METRICS_TOKEN: token, METRICS_PORT: '9464', LOG_FORMAT: 'json' }),
    ).toMatchObject({ metrics: { token, port: 9464, host: '127.0.0.1' }, logFormat: 'json' });
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN must be at least 32 printable characters/,
    );
    expect(() => loadConfig({ ...base, METRICS_TOKEN: `${token} x` })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ ...base, METRICS_PORT: '3000' })).toThrow(
      /METRICS_PORT must differ from PORT/,
    );
    expect(() => loadConfig({ ...base, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('leaves the session secret to the database when SESSION_SECRET is unset', () => {
    expect(loadConfig({ DATA_DIR: base.DATA_DIR }).sessionSecret).toBeUndefined();
    expect(loadConfig(base).sessionSecret).toBe(base.SESSION_SECRET);
  });
});

import { ConfigError, loadConfig } from './app.config';

describe(loadConfig.name, () => {
  const base = { SESSION_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/tandem-config-spec' };

  it('starts with nothing set, using safe defaults', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.privacy).toEqual({ anonymityMin: 5, commentMin: 10, minCustomerResponses: 5 });
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.database.url).toBeUndefined();
  });

  it('names the variable and what is expected when a value is bad', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres/);
  });

  it('never lets the anonymity threshold fall below 3', () => {
    expect(() => loadConfig({ ...base, ANONYMITY_MIN: '2' })).toThrow(/ANONYMITY_MIN must be an integer of at least 3/);
    expect(loadConfig({ ...base, ANONYMITY_MIN: '3', COMMENT_MIN: '3' }).privacy.anonymityMin).toBe(3);
  });

  it('refuses a comment threshold below the anonymity threshold', () => {
    expect(() => loadConfig({ ...base, ANONYMITY_MIN: '7', COMMENT_MIN: '5' })).toThrow(/COMMENT_MIN/);
  });
});

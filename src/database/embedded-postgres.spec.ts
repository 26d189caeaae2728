import { EmbeddedStartError } from './embedded-postgres';

describe('EmbeddedStartError', () => {
  const summary = 'Could not start the embedded PostgreSQL in /data/pg on port 5544.';

  it("names the server's own cause, not initdb's progress lines", () => {
    const log = [
      'fixing permissions on existing directory /data/pg ... ok',
      'creating subdirectories ... ok',
      '2026-01-01 12:00:00.000 UTC [123] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      '2026-01-01 12:00:00.000 UTC [123] FATAL:  could not create any TCP/IP sockets',
    ];
    const error = new EmbeddedStartError(summary, '', log);
    expect(error.sentence).toBe(
      'Could not start the embedded PostgreSQL in /data/pg on port 5544: ' +
        'could not bind IPv4 address "127.0.0.1": Address already in use.',
    );
    expect(error.message.split('\n')).toEqual([summary, ...log]);
  });

  it('falls back to a FATAL line, then to the reason, then to the summary alone', () => {
    const fatal = new EmbeddedStartError(summary, '', [
      'fixing permissions on existing directory /data/pg ... ok',
      '2026-01-01 12:00:00.000 UTC [9] FATAL:  data directory "/data/pg" has wrong ownership',
    ]);
    expect(fatal.sentence).toBe(
      'Could not start the embedded PostgreSQL in /data/pg on port 5544: ' +
        'data directory "/data/pg" has wrong ownership.',
    );
    const reason = new EmbeddedStartError(summary, 'spawn postgres ENOENT\nat ...', [
      'fixing permissions on existing directory /data/pg ... ok',
    ]);
    expect(reason.sentence).toBe(
      'Could not start the embedded PostgreSQL in /data/pg on port 5544: spawn postgres ENOENT.',
    );
    expect(new EmbeddedStartError(summary, '', []).sentence).toBe(summary);
  });
});

import { metricsAuthorizer } from './metrics-access';

describe(metricsAuthorizer.name, () => {
  const token = 'a-metrics-token-of-at-least-32-chars!';
  const sut = metricsAuthorizer(token);

  it('lets the bearer of the token in', () => {
    expect(sut(`Bearer ${token}`)).toBe(true);
    expect(sut(`bearer ${token}`)).toBe(true);
  });

  it('keeps everyone else out', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Basic ${token}`,
      token,
      `Bearer ${token} extra`,
    ])
      expect(sut(header)).toBe(false);
  });

  it('lets everyone in when no token is configured (the loopback listener)', () => {
    expect(metricsAuthorizer(undefined)(undefined)).toBe(true);
  });
});

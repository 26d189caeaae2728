import { postWebhook } from './webhook-http';
import { addressAllowed, checkTarget, parseTarget, TargetRefused } from './webhook-target';

const strict = { allowLoopback: false };
const dev = { allowLoopback: true };

describe('webhook targets (SSRF guard)', () => {
  it.each([
    '10.0.0.5',
    '172.16.3.4',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.3.2.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::ffff:127.0.0.1',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
  ])('refuses %s', (address) => {
    expect(addressAllowed(address, strict)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111'])(
    'allows the public address %s',
    (address) => {
      expect(addressAllowed(address, strict)).toBe(true);
    },
  );

  it('allows loopback only when the development setting says so, and nothing private then either', () => {
    expect(addressAllowed('127.0.0.1', dev)).toBe(true);
    expect(addressAllowed('::1', dev)).toBe(true);
    expect(addressAllowed('10.0.0.1', dev)).toBe(false);
    expect(addressAllowed('169.254.169.254', dev)).toBe(false);
  });

  it.each([
    ['https://10.0.0.5/hook', 'private_address'],
    ['https://[::ffff:192.168.0.1]/hook', 'private_address'],
    ['https://169.254.169.254/latest/meta-data', 'private_address'],
    ['http://93.184.216.34/hook', 'not_https'],
    ['ftp://example.com/hook', 'not_a_url'],
    ['hooks.example.com', 'not_a_url'],
    ['https://user:pw@example.com/hook', 'credentials'],
  ])('refuses %s (%s)', (url, problem) => {
    expect(() => parseTarget(url, strict)).toThrow(TargetRefused);
    try {
      parseTarget(url, strict);
    } catch (error) {
      expect((error as TargetRefused).problem).toBe(problem);
    }
  });

  it('takes plain http only to loopback, and only with the development setting', () => {
    expect(() => parseTarget('http://127.0.0.1:4000/hook', strict)).toThrow(TargetRefused);
    expect(parseTarget('http://127.0.0.1:4000/hook', dev).port).toBe('4000');
    expect(() => parseTarget('http://93.184.216.34/hook', dev)).toThrow(TargetRefused);
  });

  it('checks the address each connection goes to, so a name resolving to loopback is not reached', async () => {
    const result = await postWebhook('https://localhost:9/hook', '{}', {}, strict, {
      timeoutMs: 5000,
    });
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/not a public internet address/);
  });

  it('resolves names and refuses one that points at a loopback or private address', async () => {
    await expect(checkTarget('https://localhost/hook', strict)).rejects.toMatchObject({
      problem: 'private_address',
    });
    await expect(checkTarget('http://localhost:4000/hook', dev)).resolves.toBeInstanceOf(URL);
  });
});

import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { lookup as lookupCallback } from 'node:dns';

/**
 * Where a webhook may go. Only public internet addresses, over HTTPS: an endpoint naming (or
 * resolving to) a private, loopback, link-local (cloud metadata), shared, documentation or
 * otherwise special address is refused, at registration and again at each connection (the
 * address actually connected to is checked, so a name that later resolves elsewhere gains
 * nothing). `allowLoopback` (WEBHOOK_ALLOW_LOOPBACK, for tests and local development) also
 * allows loopback addresses, over http or https.
 */
export interface TargetPolicy {
  allowLoopback: boolean;
}

export type TargetProblem =
  'not_a_url' | 'not_https' | 'credentials' | 'private_address' | 'unresolvable';

export class TargetRefused extends Error {
  constructor(
    readonly problem: TargetProblem,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * IANA special-purpose ranges (RFC 6890 and successors) plus private and multicast space.
 * IPv4-mapped IPv6 (::ffff:0:0/96) is unwrapped and checked as IPv4 instead: BlockList would
 * match every IPv4 address against that range.
 */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** Whether Tandem may connect to this address under the policy. */
export function addressAllowed(address: string, policy: TargetPolicy): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = family === 6 ? ipv4Mapped(address) : null;
  if (mapped) return addressAllowed(mapped, policy);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(address, type)) return policy.allowLoopback;
  return !NOT_PUBLIC.check(address, type);
}

/** The IPv4 address inside ::ffff:a.b.c.d (or its hex form), else null. */
function ipv4Mapped(address: string): string | null {
  const m = /^(?:0*:)*:?ffff:(.+)$/i.exec(address.replace(/^\[|\]$/g, ''));
  if (!m) return null;
  if (isIP(m[1]) === 4) return m[1];
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Parses and checks a URL an admin typed; resolves its host and checks every address. */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<URL> {
  const url = parseTarget(raw, policy);
  const host = hostOf(url);
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true, verbatim: true }).then(
        (found) => found.map((a) => a.address),
        () => {
          throw new TargetRefused('unresolvable', `${host} could not be found (DNS).`);
        },
      );
  if (addresses.length === 0 || !addresses.every((a) => addressAllowed(a, policy)))
    throw refusedAddress(host);
  return url;
}

/** The syntactic part of checkTarget (scheme, credentials, literal addresses). */
export function parseTarget(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TargetRefused(
      'not_a_url',
      'Enter a full URL, such as https://hooks.example.com/tandem.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TargetRefused('not_a_url', 'The URL must start with https://.');
  if (url.username || url.password)
    throw new TargetRefused('credentials', 'Put no user name or password in the URL.');
  const host = hostOf(url);
  const literal = isIP(host) !== 0;
  if (literal && !addressAllowed(host, policy)) throw refusedAddress(host);
  if (url.protocol === 'http:') {
    const loopback = literal && isLoopback(host);
    if (!policy.allowLoopback || !(loopback || host === 'localhost'))
      throw new TargetRefused(
        'not_https',
        'The URL must start with https:// (plain http is not sent).',
      );
  }
  return url;
}

function isLoopback(address: string): boolean {
  const mapped = isIP(address) === 6 ? ipv4Mapped(address) : null;
  const a = mapped ?? address;
  return LOOPBACK.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function refusedAddress(host: string): TargetRefused {
  return new TargetRefused(
    'private_address',
    `${host} is not a public internet address; webhooks go only to public HTTPS endpoints.`,
  );
}

/**
 * A `lookup` for http(s).request that refuses any address the policy does not allow: the check
 * is made on the address the socket is about to connect to.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const allowed = list.filter((a) => addressAllowed(a.address, policy));
      if (allowed.length === 0 || allowed.length !== list.length)
        return callback(refusedAddress(hostname), '', 0);
      if (options.all) return callback(null, allowed, 0);
      return callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

import { BlockList, isIP } from 'node:net';

/** The ranges proxy-addr (Fastify's trustProxy) means by these names. */
const NAMED_RANGES: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/**
 * Whether a connecting peer is one of TRUSTED_PROXIES (addresses, CIDR ranges or proxy-addr's
 * names, as validated by the config), for headers only a proxy may set. IPv4-mapped IPv6
 * peers (::ffff:10.0.0.1) are checked as IPv4, as proxy-addr does.
 */
export function trustedPeers(entries: string[]): (address: string | undefined) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const named = NAMED_RANGES[entry];
    if (named) {
      for (const [net, bits, family] of named) list.addSubnet(net, bits, family);
      continue;
    }
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    if (!address) return false;
    const unwrapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
    const family = isIP(unwrapped);
    return family !== 0 && list.check(unwrapped, family === 6 ? 'ipv6' : 'ipv4');
  };
}

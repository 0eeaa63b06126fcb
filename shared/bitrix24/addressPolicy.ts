import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where calls to portals may go: public addresses only. Loopback, private, shared (CGNAT), link-local (the
 * cloud metadata services at 169.254.169.254 among them), Azure's platform address, multicast, documentation
 * and reserved ranges are refused, for IPv4, IPv6 and IPv4 written inside IPv6. Checked when a host is
 * resolved for a connection, so a name that resolves to a public address for a check and to an internal one
 * for the call still cannot reach it. `allowLoopback` is for local testing (the simulator lives on 127.0.0.1).
 */
export interface AddressPolicy {
  allowLoopback: boolean;
}

export class AddressRefusedError extends Error {
  constructor(readonly host: string) {
    super('address not allowed for portal calls');
    this.name = 'AddressRefusedError';
  }
}

const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
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
  ['168.63.129.16', 32],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
// NAT64 and 6to4 reach any IPv4 address through a gateway: refused whole, whatever IPv4 address they carry.
for (const [network, prefix] of [
  ['::', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether a literal IP address may be called under the policy. */
export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) return policy.allowLoopback;
  if (type === 'ipv6' && carriesIpv4Unmapped(address)) return false;
  return !refused.check(address, type);
}

/**
 * IPv4-compatible (::/96, deprecated: `::127.0.0.1`, `::7f00:1`) and IPv4-translated (::ffff:0:0/96:
 * `::ffff:0:a9fe:a9fe`) addresses, which some stacks route to the IPv4 address inside: refused whole. (The
 * IPv4-mapped form, ::ffff:a.b.c.d, is judged as the IPv4 address it is.)
 */
function carriesIpv4Unmapped(address: string): boolean {
  const words = ipv6Words(address);
  if (!words) return true;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  return zeros(0, 6) || (zeros(0, 4) && words[4] === 0xffff && words[5] === 0);
}

/** The eight 16-bit words of an IPv6 literal (one `isIP` accepts), or null. */
function ipv6Words(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const first = parse(head);
  const last = tail === undefined ? [] : parse(tail);
  const words = tail === undefined ? first : [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  return words.length === 8 && words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : null;
}

/** A URL's host as an IP literal (`[::1]` → `::1`), or null when it is a name. */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for sockets (agents pass it to net.connect) that resolves as usual and refuses disallowed addresses. */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (list.length === 0 || list.some((entry) => !isAllowedAddress(entry.address, policy))) {
        return callback(Object.assign(new AddressRefusedError(hostname), { code: 'EADDRREFUSED' }), []);
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Resolves a host (or reads its IP literal) and refuses it unless every address it has is allowed. */
export async function assertAllowedHost(hostname: string, policy: AddressPolicy): Promise<void> {
  const literal = ipLiteralOf(hostname);
  if (literal !== null) {
    if (!isAllowedAddress(literal, policy)) throw new AddressRefusedError(hostname);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    guardedLookup(policy)(hostname, { all: true }, (error) => (error ? reject(error instanceof AddressRefusedError ? error : new AddressRefusedError(hostname)) : resolve()));
  });
}

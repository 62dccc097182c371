import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** An IPv4 address as a dual-stack socket reports it (`::ffff:127.0.0.1`) is the same address as `127.0.0.1`. */
export const plainAddress = (address: string): string =>
  /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;

/** One X-Forwarded-For entry as an address: some proxies add a port (`203.0.113.9:51234`, `[2001:db8::1]:443`) or quotes. */
function forwardedAddress(entry: string): string {
  const text = entry.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(text);
  return plainAddress(bracketed?.[1] ?? withPort?.[1] ?? text);
}

/**
 * The client's address: the socket's peer, or, only when that peer is one of `trustedProxies`,
 * the nearest entry in X-Forwarded-For that is not itself a trusted proxy. When that entry is not
 * an address, the peer: the entries left of it are the client's own words, never believed.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: readonly string[]): string {
  const trusted = new Set(trustedProxies.map(plainAddress));
  const peer = plainAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trusted.has(peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map(forwardedAddress)
    .filter((a) => a !== '');
  for (const address of forwarded.reverse()) if (!trusted.has(address)) return isIP(address) ? address : peer;
  return peer;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded; null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.replace(/%.*$/, ''); // a zone (fe80::1%eth0) names the interface, not the host
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text); // ::ffff:1.2.3.4 and the like: the last 32 bits
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const front = part(head);
  const back = part(tail);
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * Who a budget or a cap counts an address as: an IPv4 address alone, an IPv6 address by its /64
 * (one home or phone gets a whole /64, so counting single addresses would give it 2^64 budgets).
 */
export function addressBucket(address: string): string {
  const plain = plainAddress(address);
  const groups = ipv6Groups(plain);
  if (!groups) return plain;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

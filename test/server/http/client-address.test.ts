import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress } from '../../../src/server/http/client-address.ts';

/** A request from the proxy at 127.0.0.1 carrying `forwardedFor`. */
const viaProxy = (forwardedFor: string) =>
  ({
    socket: { remoteAddress: '127.0.0.1' },
    headers: { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('clientAddress behind a trusted proxy', () => {
  // Left of the proxy's own entry is whatever the client sent: a guesser writing a new address there each try.
  it('reads the entry the proxy added even with a port, never an address the client wrote before it', () => {
    const seen = (forwardedFor: string) => clientAddress(viaProxy(forwardedFor), ['127.0.0.1']);
    expect(seen('198.51.100.1, 203.0.113.9:51234')).toBe('203.0.113.9');
    expect(seen('198.51.100.2, [2001:db8::7]:443')).toBe('2001:db8::7');
    expect(seen('198.51.100.3, "[2001:db8::7]"')).toBe('2001:db8::7');
    expect(seen('198.51.100.4, unknown')).toBe('127.0.0.1'); // not an address: the proxy's, shared, not the client's pick
    expect(seen('198.51.100.5, 203.0.113.9, 127.0.0.1')).toBe('203.0.113.9');
  });
});

describe('addressBucket: who a budget counts an address as', () => {
  it('keeps an IPv4 address whole, however a dual-stack socket spells it', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('203.0.113.8')).not.toBe(addressBucket('203.0.113.7'));
  });

  it('counts every address of one IPv6 /64 as one client, and two /64s as two', () => {
    const home = addressBucket('2001:db8:1:2::1');
    expect(addressBucket('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe(home);
    expect(addressBucket('2001:0db8:0001:0002:0:0:0:9')).toBe(home);
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(home);
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe(addressBucket('fe80::2'));
  });

  it('leaves what is not an address as it is (a socket that already closed says "unknown")', () => {
    expect(addressBucket('unknown')).toBe('unknown');
  });
});

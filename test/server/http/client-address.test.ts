import { describe, expect, it } from 'vitest';
import { addressBucket } from '../../../src/server/http/client-address.ts';

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

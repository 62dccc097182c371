import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parsePushedIdPayload, type PushedIdRefusal } from '../../src/core/pushed-id.ts';

const ACCEPTED: [string, string][] = [
  ['AbC123xyz', 'AbC123xyz'],
  ['abcd', 'abcd'],
  ['1234', '1234'],
  ['ZZZZZZZZZZZZZZZZZZZZ', 'ZZZZZZZZZZZZZZZZZZZZ'],
  ['a'.repeat(64), 'a'.repeat(64)],
  ['  AbC123xyz  ', 'AbC123xyz'],
  ['\nAbC123xyz\r\n', 'AbC123xyz'],
  ['\tK9x2Lm\t', 'K9x2Lm'],
  ['https://pushed.co/guest?pushed_id=AbC123', 'AbC123'],
  ['https://example.com/?pushedId=AbC123', 'AbC123'],
  ['https://example.com/?id=AbC123', 'AbC123'],
  ['http://example.com/x?id=AbC123', 'AbC123'],
  ['https://example.com/?a=1&pushed_id=AbC123&b=2', 'AbC123'],
  ['https://example.com/?pushed_id=AbC123#frag', 'AbC123'],
  ['https://example.com/?pushed_id=%20AbC123%20', 'AbC123'],
  ['https://example.com/?pushed_id=AbC123&id=Other999', 'AbC123'],
  ['https://example.com/?pushedId=AbC123&id=Other999', 'AbC123'],
  ['HTTPS://EXAMPLE.COM/?id=AbC123', 'AbC123'],
  ['pushed://account?pushed_id=AbC123', 'AbC123'],
  ['https://pushed.co/s/?id=AbC123'.replace('/s/', '/u/'), 'AbC123'],
  ['  https://example.com/?id=AbC123  ', 'AbC123'],
];

const REFUSED: [string, PushedIdRefusal][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['\n\t', 'empty'],
  ['https://pushed.co/s/AbC1234', 'subscription_link'],
  ['http://pushed.co/s/AbC1234', 'subscription_link'],
  ['https://www.pushed.co/s/AbC1234', 'subscription_link'],
  ['https://PUSHED.CO/s/AbC1234', 'subscription_link'],
  ['https://pushed.co/s/AbC1234?id=AbC123', 'subscription_link'],
  ['https://example.com/', 'url_without_id'],
  ['https://example.com/?pid=AbC123', 'url_without_id'],
  ['https://example.com/AbC123', 'url_without_id'],
  ['https://example.com/?id=', 'bad_characters'],
  ['https://example.com/?id=Ab-C123', 'bad_characters'],
  ['https://example.com/?id=Ab%3CC123', 'bad_characters'],
  ['https://example.com/?pushed_id=ab', 'too_short'],
  [`https://example.com/?id=${'a'.repeat(65)}`, 'too_long'],
  ['abc', 'too_short'],
  ['a'.repeat(65), 'too_long'],
  ['x'.repeat(3000), 'too_long'],
  ['hello world', 'bad_characters'],
  ['Ab-C123', 'bad_characters'],
  ['AbC_123', 'bad_characters'],
  ['AbC123!', 'bad_characters'],
  ['<script>alert(1)</script>', 'bad_characters'],
  ['ÀbC123', 'bad_characters'],
  ['１２３４', 'bad_characters'], // full-width digits
  ['AbC\u200b123', 'bad_characters'], // zero-width space
  ['AbC 123', 'bad_characters'],
  ['mailto:someone@example.com', 'url_without_id'],
  ['javascript:alert(1)', 'url_without_id'],
  ['pushed.co/s/AbC1234', 'bad_characters'],
  ['{"pushed_id":"AbC123"}', 'bad_characters'],
  ['WIFI:S:guest;T:WPA;P:secret;;', 'url_without_id'],
];

describe('parsePushedIdPayload', () => {
  test.each(ACCEPTED)('accepts %j as %j', (text, id) => {
    expect(parsePushedIdPayload(text)).toEqual({ ok: true, value: id });
  });

  test.each(REFUSED)('refuses %j: %s', (text, reason) => {
    expect(parsePushedIdPayload(text)).toEqual({ ok: false, error: reason });
  });

  test('has at least 40 table cases', () => {
    expect(ACCEPTED.length + REFUSED.length).toBeGreaterThanOrEqual(40);
  });

  test('never throws, and never accepts anything but 4–64 letters and digits (10,000 seeded random strings)', () => {
    const tricky = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...'aZ09 :/?&=%#.-_\u0000\ud800\u200bé'.split('')), maxLength: 40 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .tuple(fc.constantFrom('https://x.io/?id=', 'https://pushed.co/s/', 'pushed://?pushed_id='), fc.string())
        .map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(tricky, (text) => {
        const result = parsePushedIdPayload(text);
        if (result.ok) expect(result.value).toMatch(/^[A-Za-z0-9]{4,64}$/);
      }),
      { seed: 20261128, numRuns: 10_000 },
    );
  });
});

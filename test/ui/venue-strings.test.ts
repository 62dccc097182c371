import { beforeAll, describe, expect, test } from 'vitest';
import { stringsFor, loadLanguage } from '../../src/ui/strings.ts';
import { enVenueOwner } from '../../src/ui/i18n/en-venue-owner.ts';
import { esVenueOwner } from '../../src/ui/i18n/es-venue-owner.ts';

beforeAll(() => loadLanguage('es')); // Spanish is a chunk of its own, loaded when spoken

const retryAt = new Date(2026, 10, 28, 20, 42).getTime();

describe('the venue server’s words, in both languages', () => {
  test('a message held back by the venue server says why it waits, not that it failed', () => {
    const [en, es] = [stringsFor('en'), stringsFor('es')];
    const held = (why: 'device_revoked' | 'venue_not_configured') =>
      ({ state: 'queued', since: 0, retryAt, unanswered: 'relay', held: why }) as const;
    expect(en.deliveryText(held('device_revoked'), true)).toBe(
      'Queued: this tablet was disconnected from the venue server. It goes once the tablet is connected again.',
    );
    expect(es.deliveryText(held('device_revoked'), true)).toMatch(/^En cola: esta tableta se desconectó/);
    expect(en.deliveryText(held('venue_not_configured'), true)).toMatch(/app key and secret are not set yet/);
    expect(en.deliveryText(held('device_revoked'), false)).toBe('Queued: waiting for internet');
  });

  test('a code for another server names that server', () => {
    const problem = { kind: 'other_origin', origin: 'https://venue.example' } as const;
    expect(stringsFor('en').venue.pairMessage(problem)).toBe(
      'This code is for the venue server at https://venue.example: open Waitbell from that address on this tablet, then connect.',
    );
    expect(stringsFor('es').venue.pairMessage(problem)).toContain('https://venue.example');
  });

  test('a server that does not take this tablet’s address: the address, and where to open Waitbell instead', () => {
    const problem = { kind: 'address_refused', origin: 'http://localhost:8787' } as const;
    expect(stringsFor('en').venue.pairMessage(problem)).toBe(
      'The venue server doesn’t take tablets opened at http://localhost:8787. Open Waitbell at the address the venue server was set up with, or ask whoever runs it to allow this one.',
    );
    expect(stringsFor('es').venue.pairMessage(problem)).toContain('http://localhost:8787');
    expect(stringsFor('en').venue.pairMessage({ ...problem, origin: '' })).toContain('tablets opened at this address.');
  });

  test('too many wrong codes: how long to wait, in whole minutes', () => {
    const wait = (ms: number | null) =>
      stringsFor('en').venue.pairMessage({ kind: 'too_many_attempts', retryAfterMs: ms });
    expect(wait(90_000)).toBe('Too many wrong codes from this network. Wait 2 minutes, then try again.');
    expect(wait(null)).toBe('Too many wrong codes from this network. Wait 1 minute, then try again.');
  });

  test('field problems from the venue server, under the field', () => {
    expect(enVenueOwner.account.fieldMessage('name', 'required')).toBe('Enter the venue name.');
    expect(enVenueOwner.account.fieldMessage('appKey', 'too_long')).toBe('The Pushed app key is too long.');
    expect(esVenueOwner.account.fieldMessage('appKey', 'required')).toBe('Este dato es obligatorio.');
  });
});

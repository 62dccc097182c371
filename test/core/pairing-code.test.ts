import { describe, expect, test } from 'vitest';
import {
  normalizePairingCode,
  pairingCodeFromLocation,
  parsePairingInput,
  relayUrlForPairing,
} from '../../src/core/pairing-code.ts';

describe('typed pairing codes', () => {
  test.each([
    ['K7QM-3XDP-9RTA', 'K7QM-3XDP-9RTA'],
    ['k7qm3xdp9rta', 'K7QM-3XDP-9RTA'],
    ['  k7qm 3xdp  9rta ', 'K7QM-3XDP-9RTA'],
    ['K7QM–3XDP—9RTA', 'K7QM-3XDP-9RTA'],
    ['-K7-QM3XDP9R-TA-', 'K7QM-3XDP-9RTA'],
  ])('%j reads as %s', (typed, code) => {
    expect(normalizePairingCode(typed)).toEqual({ ok: true, value: code });
  });

  test('letters that look like digits read as those digits (Crockford)', () => {
    expect(normalizePairingCode('KOQM-3XDP-9RTI')).toEqual({ ok: true, value: 'K0QM-3XDP-9RT1' });
    expect(normalizePairingCode('kLqm-3xdp-9rta')).toEqual({ ok: true, value: 'K1QM-3XDP-9RTA' });
  });

  test.each([
    ['K7QM-3XDP-9RT', 'too short'],
    ['K7QM-3XDP-9RTAA', 'too long'],
    ['K7QM-3XDP-9RTU', 'U is not in the alphabet'],
    ['K7QM-3XDP-9RT!', 'punctuation'],
    ['K7QM_3XDP_9RTA', 'underscores are not separators'],
  ])('%s is not a code (%s)', (typed) => {
    expect(normalizePairingCode(typed)).toEqual({ ok: false, error: { kind: 'not_a_code' } });
  });

  test('nothing typed says so', () => {
    expect(normalizePairingCode(' - ')).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(parsePairingInput('   ')).toEqual({ ok: false, error: { kind: 'empty' } });
  });
});

describe('pairing links from the QR', () => {
  test('a link gives its code and the server origin', () => {
    expect(parsePairingInput('http://127.0.0.1:4173/pair?code=K7QM-3XDP-9RTA')).toEqual({
      ok: true,
      value: { code: 'K7QM-3XDP-9RTA', origin: 'http://127.0.0.1:4173' },
    });
    expect(parsePairingInput('HTTPS://Venue.Example/pair/?code=k7qm3xdp9rta&x=1')).toEqual({
      ok: true,
      value: { code: 'K7QM-3XDP-9RTA', origin: 'https://venue.example' },
    });
  });

  test('a typed code has no origin: it pairs with the kiosk’s own server', () => {
    expect(parsePairingInput('k7qm 3xdp 9rta')).toEqual({ ok: true, value: { code: 'K7QM-3XDP-9RTA', origin: null } });
  });

  test.each([
    'https://pushed.co/s/WbDemo1',
    'https://venue.example/join?code=K7QM-3XDP-9RTA',
    'mailto:someone@example.com',
    'pushed://id/abc',
  ])('%s is not a pairing link', (text) => {
    expect(parsePairingInput(text)).toEqual({ ok: false, error: { kind: 'not_a_pairing_link' } });
  });

  test('a pairing link with a broken or missing code is not a code', () => {
    expect(parsePairingInput('https://venue.example/pair?code=K7QM')).toEqual({
      ok: false,
      error: { kind: 'not_a_code' },
    });
    expect(parsePairingInput('https://venue.example/pair')).toEqual({ ok: false, error: { kind: 'not_a_code' } });
  });
});

describe('where a paired tablet sends', () => {
  const KIOSK = 'http://127.0.0.1:4173';
  test('the kiosk’s own server, or a typed code: the same-origin path', () => {
    expect(relayUrlForPairing({ code: 'K7QM-3XDP-9RTA', origin: null }, KIOSK, [])).toEqual({
      ok: true,
      value: '/relay/1',
    });
    expect(relayUrlForPairing({ code: 'K7QM-3XDP-9RTA', origin: 'HTTP://127.0.0.1:4173' }, KIOSK, [])).toEqual({
      ok: true,
      value: '/relay/1',
    });
  });

  test('another server the build may connect to: the absolute URL', () => {
    const code = { code: 'K7QM-3XDP-9RTA', origin: 'https://venue.example' };
    expect(relayUrlForPairing(code, KIOSK, ['https://venue.example'])).toEqual({
      ok: true,
      value: 'https://venue.example/relay/1',
    });
  });

  test('another server the build may not connect to is named, so the owner knows where to open Waitbell', () => {
    const code = { code: 'K7QM-3XDP-9RTA', origin: 'https://venue.example' };
    expect(relayUrlForPairing(code, KIOSK, ['https://api.pushed.co'])).toEqual({
      ok: false,
      error: { kind: 'other_origin', origin: 'https://venue.example' },
    });
  });
});

describe('opening the app at /pair?code=…', () => {
  test('the code is read from the address', () => {
    expect(pairingCodeFromLocation('/pair', '?code=k7qm-3xdp-9rta')).toBe('K7QM-3XDP-9RTA');
    expect(pairingCodeFromLocation('/pair/', '?x=1&code=K7QM%203XDP%209RTA')).toBe('K7QM-3XDP-9RTA');
  });
  test.each([
    ['/', '?code=K7QM-3XDP-9RTA'],
    ['/pair', ''],
    ['/pair', '?code=nope'],
    ['/pair', '?code=%E0%A4%A'],
  ])('%s%s opens nothing', (path, search) => {
    expect(pairingCodeFromLocation(path, search)).toBeNull();
  });
});

import { err, ok, type Result } from './result.ts';

/** The symbols of a pairing code: Crockford base32 without I, L, O and U. */
export const PAIRING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A pairing code has this many symbols, shown in three groups of four (K7QM-3XDP-9RTA). */
export const PAIRING_CODE_LENGTH = 12;
/** Where a paired tablet sends, under the venue server's origin. */
export const VENUE_API_PATH = '/relay/1';

/** Why a scanned or typed text is not a pairing code the kiosk can use. */
export type PairingCodeProblem =
  | { kind: 'empty' }
  /** Not 12 symbols of the alphabet, or a link without a code. */
  | { kind: 'not_a_code' }
  /** A link to something else than a pairing page (a PushedID, a subscription link…). */
  | { kind: 'not_a_pairing_link' }
  /** A code for a venue server this kiosk cannot reach (its security policy): open Waitbell from that address. */
  | { kind: 'other_origin'; origin: string };

/** A pairing code read from a QR or typed: the code as the server prints it, and the server's origin if the text named one. */
export interface PairingCode {
  /** K7QM-3XDP-9RTA */
  code: string;
  /** scheme://host[:port] of the pairing link; null for a typed code (the kiosk's own server). */
  origin: string | null;
}

// Crockford's reading rules: the letters that look like digits are read as those digits.
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

/** A typed code as the server prints it (case, spaces and dashes do not matter; O reads as 0, I and L as 1). */
export function normalizePairingCode(text: string): Result<string, PairingCodeProblem> {
  const compact = text.replace(/[\s\-‐‑–—]+/g, '').toUpperCase();
  if (compact === '') return err({ kind: 'empty' });
  const symbols = [...compact].map((c) => LOOK_ALIKES[c] ?? c);
  if (symbols.length !== PAIRING_CODE_LENGTH || symbols.some((c) => !PAIRING_CODE_ALPHABET.includes(c)))
    return err({ kind: 'not_a_code' });
  const code = symbols.join('');
  return ok(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
}

/** Reads a pairing link (`<origin>/pair?code=…`, from the QR) or a typed code. */
export function parsePairingInput(text: string): Result<PairingCode, PairingCodeProblem> {
  const trimmed = text.trim();
  if (trimmed === '') return err({ kind: 'empty' });
  if (!/^https?:\/\//i.test(trimmed)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return err({ kind: 'not_a_pairing_link' }); // mailto:, pushed:, …
    const code = normalizePairingCode(trimmed);
    return code.ok ? ok({ code: code.value, origin: null }) : code;
  }
  if (!URL.canParse(trimmed)) return err({ kind: 'not_a_pairing_link' });
  const url = new URL(trimmed);
  if (!/\/pair\/?$/.test(url.pathname)) return err({ kind: 'not_a_pairing_link' });
  const code = normalizePairingCode(url.searchParams.get('code') ?? '');
  if (!code.ok) return err({ kind: 'not_a_code' });
  return ok({ code: code.value, origin: url.origin });
}

/**
 * The relay URL to save for a code: the same-origin path when the code is for the kiosk's own
 * server (or typed), else the absolute one — only if the kiosk's security policy lets it connect
 * there (`allowedOrigins`, lower-case scheme://host[:port]).
 */
export function relayUrlForPairing(
  code: PairingCode,
  kioskOrigin: string,
  allowedOrigins: readonly string[],
): Result<string, PairingCodeProblem> {
  const origin = code.origin?.toLowerCase() ?? null;
  if (origin === null || origin === kioskOrigin.toLowerCase()) return ok(VENUE_API_PATH);
  if (!allowedOrigins.includes(origin)) return err({ kind: 'other_origin', origin });
  return ok(`${origin}${VENUE_API_PATH}`);
}

/** The code as read from the app's own address (`/pair?code=…`, opened by the tablet's camera app); null otherwise. */
export function pairingCodeFromLocation(pathname: string, search: string): string | null {
  if (!/\/pair\/?$/.test(pathname)) return null;
  const match = /[?&]code=([^&#]*)/.exec(search);
  if (!match) return null;
  let text: string;
  try {
    text = decodeURIComponent(match[1]!.replace(/\+/g, ' ')); // the group always matches
  } catch {
    return null; // a broken %-escape
  }
  const code = normalizePairingCode(text);
  return code.ok ? code.value : null;
}

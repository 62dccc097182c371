import type { ErasureField } from './erasure.ts';
import { isErased, type Party } from './party.ts';

// The owner's search for a guest to erase: only the screens that search load it, never the board.

/** A name as two people would compare it: trimmed, spaces collapsed, without case, accents, wide letters or invisible characters. */
const plainName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLocaleLowerCase('und')
    .trim()
    .replace(/\s+/g, ' ');

const digitsOf = (phone: string): string => phone.replace(/\D/g, '');

/** The fewest trailing digits two phone numbers must share to be the same (a national number, with or without its country code). */
export const PHONE_MATCH_DIGITS = 9;

function samePhone(stored: string, typed: string): boolean {
  const a = digitsOf(stored);
  const b = digitsOf(typed);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  return n >= PHONE_MATCH_DIGITS && a.slice(-n) === b.slice(-n);
}

/**
 * Whether the owner's search finds this party: the whole name without case or accents; a phone by its
 * digits (the last nine or more equal, so "+34 600 123 456" finds "600123456"); an email without case;
 * a PushedID exactly. An empty search and an erased party never match.
 */
export function matchesGuest(party: Party, field: ErasureField, value: string): boolean {
  if (isErased(party)) return false;
  const typed = value.trim();
  if (typed === '') return false;
  switch (field) {
    case 'name':
      return plainName(party.name) !== '' && plainName(party.name) === plainName(typed);
    case 'phone':
      return typeof party.phone === 'string' && samePhone(party.phone, typed);
    case 'email':
      return party.email !== null && party.email.trim().toLowerCase() === typed.toLowerCase();
    case 'pushedId':
      return party.pushedId !== null && party.pushedId.trim() === typed;
  }
}

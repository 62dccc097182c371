import type { Party } from './party.ts';
import { parsePushedIdPayload, type PushedIdRefusal } from './pushed-id.ts';
import { err, ok, type Result } from './result.ts';

export const NAME_MAX_LENGTH = 60;
export const NOTE_MAX_LENGTH = 200;
export const PARTY_SIZE_MIN = 1;
export const PARTY_SIZE_MAX = 20;
export const QUOTE_MAX_MINUTES = 240;

/** What the Add party form holds, as typed. */
export interface PartyInput {
  name: string;
  size: string | number;
  note: string;
  quoteMinutes: string | number;
  pushedId: string;
  /** The email of the guest's Pushed account, instead of a PushedID (Pushed's Pro plan only). */
  email: string;
  /** A phone number for the host to call; left out where the form has no such field. */
  phone?: string;
}

/** Why one field was refused; the UI words it. */
export type FieldProblem =
  | { field: 'name'; problem: 'required' | 'too_long' }
  | { field: 'size'; problem: 'not_whole_number' | 'out_of_range' }
  | { field: 'note'; problem: 'too_long' }
  | { field: 'quoteMinutes'; problem: 'not_whole_number' | 'out_of_range' }
  | { field: 'pushedId'; problem: PushedIdRefusal }
  | { field: 'email'; problem: 'not_an_email' }
  | { field: 'phone'; problem: 'not_a_phone' };

/** A checked form, ready to become a party: exactly the party's fields the host types. */
export type ValidPartyInput = Pick<Party, 'name' | 'size' | 'note' | 'quoteMinutes' | 'pushedId' | 'email'> & {
  /** Only when the form had the field: an edit from a form without it keeps the party's own. */
  phone?: string | null;
};

export const PHONE_MIN_DIGITS = 7;
/** E.164's longest number. */
export const PHONE_MAX_DIGITS = 15;

/**
 * A phone number as one string to dial: an optional leading `+` and its digits, the spaces, dashes,
 * dots and brackets people type between them dropped. Null when it is not a phone number (letters,
 * too few or too many digits, a `+` anywhere but first).
 */
export function normalisePhone(raw: string): string | null {
  const text = raw.trim();
  if (text.length > 40 || !/^\+?[\d\s().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < PHONE_MIN_DIGITS || digits.length > PHONE_MAX_DIGITS) return null;
  return (text.startsWith('+') ? '+' : '') + digits;
}

// Counted in characters as a person sees them (code points), not UTF-16 units.
const length = (s: string) => [...s].length;

function wholeNumber(raw: string | number): number | null {
  const text = String(raw).trim();
  return /^\d{1,4}$/.test(text) ? Number(text) : null;
}

/** Checks every field of the Add party form; reports every problem at once, in form order. */
export function validatePartyInput(input: PartyInput): Result<ValidPartyInput, FieldProblem[]> {
  const problems: FieldProblem[] = [];

  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '') problems.push({ field: 'name', problem: 'required' });
  else if (length(name) > NAME_MAX_LENGTH) problems.push({ field: 'name', problem: 'too_long' });

  const size = wholeNumber(input.size);
  if (size === null) problems.push({ field: 'size', problem: 'not_whole_number' });
  else if (size < PARTY_SIZE_MIN || size > PARTY_SIZE_MAX) problems.push({ field: 'size', problem: 'out_of_range' });

  let quoteMinutes: number | null = null;
  if (String(input.quoteMinutes).trim() !== '') {
    quoteMinutes = wholeNumber(input.quoteMinutes);
    if (quoteMinutes === null) problems.push({ field: 'quoteMinutes', problem: 'not_whole_number' });
    else if (quoteMinutes > QUOTE_MAX_MINUTES) problems.push({ field: 'quoteMinutes', problem: 'out_of_range' });
  }

  const note = input.note.trim();
  if (length(note) > NOTE_MAX_LENGTH) problems.push({ field: 'note', problem: 'too_long' });

  let pushedId: string | null = null;
  if (input.pushedId.trim() !== '') {
    const parsed = parsePushedIdPayload(input.pushedId);
    if (parsed.ok) pushedId = parsed.value;
    else problems.push({ field: 'pushedId', problem: parsed.error });
  }

  let email: string | null = null;
  const emailText = input.email.trim();
  if (emailText !== '') {
    if (emailText.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(emailText)) email = emailText;
    else problems.push({ field: 'email', problem: 'not_an_email' });
  }

  let phone: string | null = null;
  const phoneText = (input.phone ?? '').trim();
  if (phoneText !== '') {
    phone = normalisePhone(phoneText);
    if (phone === null) problems.push({ field: 'phone', problem: 'not_a_phone' });
  }

  if (problems.length > 0 || size === null) return err(problems);
  return ok({ name, size, note, quoteMinutes, pushedId, email, ...(input.phone === undefined ? {} : { phone }) });
}

/** A new party from a checked form, waiting from `now`; its place when it joined is set as it is stored. */
export function createParty(input: ValidPartyInput, id: string, now: number): Party {
  return {
    ...input,
    id,
    status: 'waiting',
    joinedAt: now,
    updatedAt: now,
    finishedAt: null,
    previous: null,
    messages: {},
    lastMessage: null,
    joinedPosition: null,
    rank: now,
    calledAt: null,
    callCount: 0,
    finishReason: null,
    excusedAt: null,
  };
}

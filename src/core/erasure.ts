import type { GuestMessage, GuestMessages } from './guest-message.ts';
import { isActive, type Party, type PartyStatus } from './party.ts';
import { err, ok, type Result } from './result.ts';

/** What the owner searches a guest by, to erase their details. */
export type ErasureField = 'name' | 'pushedId' | 'phone' | 'email';

export const ERASURE_FIELDS = ['name', 'pushedId', 'phone', 'email'] as const satisfies readonly ErasureField[];

/**
 * The anonymous record that an erasure happened: when, searched by which field, how many parties it
 * reached, from which tablet. Never the value searched for, never a name.
 */
export interface ErasureRecord {
  id: string;
  at: number;
  field: ErasureField;
  parties: number;
  tablet: string | null;
}

/** A party the owner's search found: its name too, so that two guests of one name can be told apart. */
export interface ErasureMatch {
  partyId: string;
  joinedAt: number;
  size: number;
  status: PartyStatus;
  name: string;
}

// A message record's own words (a failure's text may quote the guest); kinds, rounds, states and times stay.
const withoutText = (record: GuestMessage): GuestMessage =>
  record.delivery.state === 'failed' ? { ...record, delivery: { ...record.delivery, message: '' } } : record;

/**
 * The party with everything that names or reaches the guest gone (name, note, PushedID, email, phone,
 * Pushed permission, the text of its message records), marked erased at `at`; a party still on the
 * board leaves it as removed. What counts for the report and history stays: size, times, quote,
 * outcome, how and where it joined, its calls.
 */
export function erasePersonalData(party: Party, at: number): Party {
  const messages: GuestMessages = {};
  for (const [kind, record] of Object.entries(party.messages) as [keyof GuestMessages, GuestMessage][])
    messages[kind] = withoutText(record);
  const erased: Party = {
    ...party,
    name: '',
    note: '',
    pushedId: null,
    email: null,
    phone: null,
    pushedUser: null,
    messages,
    previous: null,
    erasedAt: at,
  };
  if (!isActive(party.status)) return erased;
  return {
    ...erased,
    status: 'removed',
    finishReason: 'erased',
    finishedAt: at,
    updatedAt: Math.max(party.updatedAt, at),
  };
}

/** True once the party's details were erased. */
export const isErased = (party: Pick<Party, 'erasedAt'>): boolean =>
  party.erasedAt !== undefined && party.erasedAt !== null;

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

/** How long a venue keeps its guests' details, and how long the anonymous history of its evenings. */
export interface RetentionSettings {
  /** Days after a party finished that its guest's name, note and contacts are kept. */
  personalDataDays: number;
  /** Months the anonymous history (sizes, times, outcomes) is kept for the report. */
  historyMonths: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { personalDataDays: 30, historyMonths: 13 };
export const PERSONAL_DATA_DAYS = { min: 1, max: 365 };
export const HISTORY_MONTHS = { min: 1, max: 36 };

export type RetentionField = keyof RetentionSettings;
export type RetentionProblem = { field: RetentionField; problem: 'out_of_range' };

/** The retention form as typed (or as the wire carries it). */
export interface RetentionInput {
  personalDataDays: string | number;
  historyMonths: string | number;
}

const whole = (value: unknown, { min, max }: { min: number; max: number }): number | null => {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  return n >= min && n <= max ? n : null;
};

/** Checks the two retention numbers: 1–365 days of guests' details, 1–36 months of anonymous history. */
export function checkRetention(input: RetentionInput): Result<RetentionSettings, RetentionProblem[]> {
  const problems: RetentionProblem[] = [];
  const personalDataDays = whole(input.personalDataDays, PERSONAL_DATA_DAYS);
  if (personalDataDays === null) problems.push({ field: 'personalDataDays', problem: 'out_of_range' });
  const historyMonths = whole(input.historyMonths, HISTORY_MONTHS);
  if (historyMonths === null) problems.push({ field: 'historyMonths', problem: 'out_of_range' });
  if (personalDataDays === null || historyMonths === null) return err(problems);
  return ok({ personalDataDays, historyMonths });
}

/** Retention as it arrives from storage or the wire: checked, or the defaults when absent (saved before it existed). */
export function readRetention(value: unknown): Result<RetentionSettings, RetentionProblem[]> {
  if (value === undefined) return ok(DEFAULT_RETENTION);
  if (typeof value !== 'object' || value === null)
    return err([
      { field: 'personalDataDays', problem: 'out_of_range' },
      { field: 'historyMonths', problem: 'out_of_range' },
    ]);
  const given = value as Partial<Record<RetentionField, unknown>>;
  return checkRetention({
    personalDataDays: given.personalDataDays as number,
    historyMonths: given.historyMonths as number,
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Finished before this, a party's guest details are erased. */
export const personalDataCutoff = (retention: RetentionSettings, now: number): number =>
  now - retention.personalDataDays * DAY_MS;

/** Finished before this, a party leaves the anonymous history: whole calendar months back (UTC). */
export function historyCutoff(retention: RetentionSettings, now: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - retention.historyMonths);
  return d.getTime();
}

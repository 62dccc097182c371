import type { GuestMessage, GuestMessages } from './guest-message.ts';
import { isActive, type Party, type PartyStatus } from './party.ts';

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

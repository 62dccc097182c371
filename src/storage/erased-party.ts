import type { Delivery, OutboxEntry } from '../core/delivery.ts';
import type { GuestMessage, GuestMessages, MessageKind } from '../core/guest-message.ts';
import type { Party } from '../core/party.ts';

/** The outbox store as a scrub uses it, in whichever read-write transaction spans it. */
interface OutboxWrite {
  index(name: 'by-party'): { getAll(partyId: string): Promise<OutboxEntry[]> };
  delete(key: number): Promise<void>;
}

const NOT_SENT = (at: number): Delivery => ({ state: 'not_sent', at, why: 'left_board' });

// A message still waiting to go can no longer reach anyone: it ends as not sent, at the erasure.
const ended = (record: GuestMessage, at: number): GuestMessage =>
  record.delivery.state === 'queued' || record.delivery.state === 'sending'
    ? { ...record, delivery: NOT_SENT(at) }
    : record;

/**
 * Takes an erased party's traces out of this tablet's other stores, inside the caller's transaction (through its
 * outbox store): its outbox entries (recipient and text) are deleted, unsent. Returns the party with every message
 * that was still waiting to go, here or as the server had it, ended as not sent (the row says why).
 */
export async function scrubErased(outbox: OutboxWrite, party: Party): Promise<Party> {
  const at = party.erasedAt ?? party.updatedAt;
  const entries = await outbox.index('by-party').getAll(party.id);
  await Promise.all(entries.map((entry) => outbox.delete(entry.seq!))); // a stored entry has its key
  const messages: GuestMessages = {};
  for (const [kind, record] of Object.entries(party.messages) as [MessageKind, GuestMessage][])
    messages[kind] = ended(record, at);
  // One queued only here (the server refused it, or has not heard of it): its row says it never went.
  for (const entry of entries) {
    if (entry.kind === 'announcement') continue;
    const known = messages[entry.kind];
    if (known && known.round > entry.round) continue;
    messages[entry.kind] = { round: entry.round, at: entry.createdAt, delivery: NOT_SENT(at), sent: known?.sent ?? 0 };
  }
  return { ...party, messages };
}

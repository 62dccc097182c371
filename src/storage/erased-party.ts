import type { Delivery } from '../core/delivery.ts';
import type { GuestMessage, GuestMessages, MessageKind } from '../core/guest-message.ts';
import type { Party } from '../core/party.ts';

/** The outbox store as a scrub uses it, in whichever read-write transaction spans it. */
interface OutboxWrite {
  index(name: 'by-party'): { getAllKeys(partyId: string): Promise<number[]> };
  delete(key: number): Promise<void>;
}

// A message still waiting to go can no longer reach anyone: it ends as not sent, at the erasure.
const ended = (record: GuestMessage, at: number): GuestMessage => {
  const waiting: Delivery['state'][] = ['queued', 'sending'];
  return waiting.includes(record.delivery.state)
    ? { ...record, delivery: { state: 'not_sent', at, why: 'left_board' } }
    : record;
};

/**
 * Takes an erased party's traces out of this tablet's other stores, inside the caller's transaction (through its outbox store): its
 * outbox entries (recipient and text) are deleted, unsent. Returns the party with every message that was
 * still waiting to go ended as not sent (the row says why: the guest's details were erased).
 */
export async function scrubErased(outbox: OutboxWrite, party: Party): Promise<Party> {
  const at = party.erasedAt ?? party.updatedAt;
  const keys = await outbox.index('by-party').getAllKeys(party.id);
  await Promise.all(keys.map((key) => outbox.delete(key)));
  const messages: GuestMessages = {};
  for (const [kind, record] of Object.entries(party.messages) as [MessageKind, GuestMessage][])
    messages[kind] = ended(record, at);
  return { ...party, messages };
}

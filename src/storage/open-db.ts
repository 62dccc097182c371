import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { compareByPlace } from '../core/board.ts';
import { deliveryTime, type Delivery, type GuestEntry } from '../core/delivery.ts';
import { isActive, type Party } from '../core/party.ts';
import { addQuoteHistory } from './history-store.ts';
import { DB_NAME, DB_VERSION, type WaitbellSchema } from './schema.ts';
import { StorageError, guarded } from './storage-error.ts';

/** An open Waitbell database. */
export type WaitbellDb = IDBPDatabase<WaitbellSchema>;

/** What the app hears about other tabs while the database is open. */
export interface OpenDbEvents {
  /** Another tab holds an older version open; this open waits until it closes. */
  onBlocked?(): void;
  /** Another tab needs a newer version; this connection has been closed and the page must reload. */
  onOutdated?(): void;
}

/** A party as v3 to v5 stored it: Table ready's delivery on the party itself. */
type PartyV5 = Omit<Party, 'messages' | 'lastMessage' | 'joinedPosition'> & {
  delivery: Delivery | null;
  notifyCount: number;
};

/** Opens (creating or upgrading) the Waitbell database. The only place that calls openDB. */
export function openWaitbellDb(name = DB_NAME, events: OpenDbEvents = {}): Promise<WaitbellDb> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new StorageError('unavailable'));
  return guarded(() =>
    openDB<WaitbellSchema>(name, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        // A failed step aborts the upgrade, so the open fails and the app says so; the old data stays as it was.
        upgradeSteps(db, oldVersion, tx).catch(() => {
          try {
            tx.abort();
          } catch {
            // already finished: its own error ends the open
          }
        });
      },
      blocked() {
        events.onBlocked?.();
      },
      blocking(_current, _blocked, event) {
        // Step aside so the newer tab can upgrade, and tell this one to reload.
        (event.target as IDBDatabase).close(); // the event's target is the connection being asked to close
        events.onOutdated?.();
      },
    }),
  );
}

/** The schema's history, one `if (oldVersion < N)` step per version; never edit an old step. */
async function upgradeSteps(
  db: IDBPDatabase<WaitbellSchema>,
  oldVersion: number,
  tx: IDBPTransaction<WaitbellSchema, StoreNames<WaitbellSchema>[], 'versionchange'>,
): Promise<void> {
  if (oldVersion < 1) {
    const parties = db.createObjectStore('parties', { keyPath: 'id' });
    parties.createIndex('by-status-joined', ['status', 'joinedAt']);
  }
  if (oldVersion < 2) {
    tx.objectStore('parties').createIndex('by-finished', 'finishedAt');
  }
  if (oldVersion < 3) {
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
    outbox.createIndex('by-key', 'key', { unique: true });
    outbox.createIndex('by-party', 'partyId');
    db.createObjectStore('settings');
    // Parties from v2 gain the delivery fields (only IndexedDB requests are awaited here).
    let cursor = await tx.objectStore('parties').openCursor();
    while (cursor) {
      const { email = null, delivery = null, notifyCount = 0 } = cursor.value as Partial<PartyV5>;
      await cursor.update({ ...cursor.value, email, delivery, notifyCount } as unknown as Party); // a v5 shape until v6
      cursor = await cursor.continue();
    }
  }
  if (oldVersion < 4) {
    db.createObjectStore('security');
  }
  if (oldVersion < 5) {
    // Parties gain a place in line (their join time), and what is known of their calls.
    let cursor = await tx.objectStore('parties').openCursor();
    while (cursor) {
      const party = cursor.value as unknown as Omit<
        PartyV5,
        'rank' | 'calledAt' | 'callCount' | 'finishReason' | 'excusedAt'
      > &
        Partial<PartyV5>; // a v4 record lacks the v5 fields
      const called = party.status === 'notified' || party.notifyCount > 0;
      await cursor.update({
        ...party,
        rank: party.rank ?? party.joinedAt,
        calledAt: party.calledAt ?? (called ? party.updatedAt : null),
        callCount: party.callCount ?? (called ? Math.max(1, party.notifyCount) : 0),
        finishReason: party.finishReason ?? null,
        excusedAt: party.excusedAt ?? null,
        previous: null, // an undo snapshot from before the upgrade lacks the new fields; its 8 s are long gone
      } as unknown as Party); // a v5 shape until v6
      cursor = await cursor.continue();
    }
  }
  if (oldVersion < 6) {
    // Announcements: staff messages to the channel or the app, newest first.
    db.createObjectStore('announcements', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
    await addQuoteHistory(db, tx); // the quotes' history store, with copies of the parties that finished before it
    await upgradeToGuestMessages(tx); // awaits: stores this version adds are created before it
  }
  if (oldVersion < 7) {
    // Sync with the venue server: the changes waiting to go, the server's copy of each party, and where sync stands.
    const pending = db.createObjectStore('pending', { keyPath: 'seq', autoIncrement: true });
    pending.createIndex('by-id', 'id', { unique: true });
    pending.createIndex('by-party', 'partyId');
    db.createObjectStore('synced');
    db.createObjectStore('sync-meta');
  }
}

/**
 * v6: a party keeps every kind of message (its Table ready delivery and count become that message), and
 * its place when it joined (for those on the board, their place now); entries queued before are "Table
 * ready" for the party's latest call.
 */
async function upgradeToGuestMessages(
  tx: IDBPTransaction<WaitbellSchema, StoreNames<WaitbellSchema>[], 'versionchange'>,
): Promise<void> {
  const parties = tx.objectStore('parties');
  const stored = (await parties.getAll()) as unknown as (PartyV5 & Partial<Party>)[]; // v5 records, without the v6 fields
  const board = stored.filter((p) => isActive(p.status)).sort(compareByPlace);
  for (const { delivery = null, notifyCount = 0, ...party } of stored) {
    const round = Math.max(1, party.callCount);
    const upgraded: Party = {
      ...party,
      messages: delivery ? { table_ready: { round, at: deliveryTime(delivery), delivery, sent: notifyCount } } : {},
      lastMessage: delivery ? 'table_ready' : null,
      joinedPosition: isActive(party.status) ? board.findIndex((p) => p.id === party.id) + 1 : null,
    };
    await parties.put(upgraded);
  }
  let cursor = await tx.objectStore('outbox').openCursor();
  while (cursor) {
    const entry = cursor.value as Omit<GuestEntry, 'kind' | 'round'> & Partial<GuestEntry>; // a v5 entry lacks them
    const party = await tx.objectStore('parties').get(entry.partyId);
    await cursor.update({
      ...entry,
      kind: entry.kind ?? 'table_ready',
      round: entry.round ?? Math.max(1, party?.callCount ?? 1),
    });
    cursor = await cursor.continue();
  }
}

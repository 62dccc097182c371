import type { IDBPTransaction } from 'idb';
import {
  checkStillWanted,
  settleInterrupted,
  type DeliveryRoute,
  type OutboxEntry,
  type Settlement,
} from '../core/delivery.ts';
import { dueForGettingClose, isReachable, withMessageSettled, type MessageKind } from '../core/guest-message.ts';
import {
  prepareAlmostReady,
  prepareAutomaticMessage,
  prepareNotification,
  type NotifyProblem,
  type PreparedMessage,
} from '../core/notify.ts';
import type { Party } from '../core/party.ts';
import { err, ok, type Result } from '../core/result.ts';
import { SANDBOX_SETTINGS, withDefaults, type VenueSettings } from '../core/settings.ts';
import type { WaitbellDb } from './open-db.ts';
import { countBoardFrom, readBoardFrom, type NotFound } from './parties-store.ts';
import { SETTINGS_KEY, type WaitbellSchema } from './schema.ts';
import { guarded } from './storage-error.ts';
import { RECORDING_STORES, recordChange, recordMessages, type MutationDraft } from './tablet-sync-store.ts';

type OutboxAndParties = IDBPTransaction<
  WaitbellSchema,
  ('outbox' | 'parties' | 'announcements' | 'settings' | 'pending' | 'sync-meta' | 'synced')[],
  'readwrite'
>;

/** The stores an entry's fate is written to: the outbox, and the party or the announcement it is for (and its mutation). */
const SETTLED_IN = ['outbox', 'parties', 'announcements', ...RECORDING_STORES] as const;
type WithSettings = IDBPTransaction<
  WaitbellSchema,
  ('parties' | 'outbox' | 'settings' | 'pending' | 'sync-meta' | 'synced')[],
  'readwrite'
>;
/** The stores a host's message and a new party are written to, with their mutation when the tablet is paired. */
const HOST_WRITE = ['parties', 'outbox', ...RECORDING_STORES] as const;

/** What the sender should do next. */
export type NextSend =
  { kind: 'send'; entry: OutboxEntry & { seq: number } } | { kind: 'wait'; until: number } | { kind: 'idle' };

/** The outbox: notifications waiting to go, and the parties' delivery state, changed together. */
export interface OutboxStore {
  /**
   * "Table ready": the party's change and its outbox entry in ONE transaction (transactional outbox); its
   * key is derived. `position` (the party's place on the board as the host sees it) fills `{position}`.
   */
  enqueue(
    partyId: string,
    now: number,
    position?: number | null,
    record?: MutationDraft,
  ): Promise<Result<Party, NotifyProblem | NotFound>>;
  /** "Almost ready", by the host: the next round of Getting close, queued with the party's change in one transaction. */
  almostReady(partyId: string, now: number, position: number | null): Promise<Result<Party, NotifyProblem | NotFound>>;
  /**
   * Stores a new party, with its place in line when it joined and, when the venue wants it and the guest
   * can be reached, its "On the list" message: one transaction. Returns the party as stored.
   */
  addParty(party: Party, now: number, record?: MutationDraft): Promise<Party>;
  /**
   * Queues "Getting close" for every party that has just reached the venue's position (checked again
   * inside the transaction, so two tabs send it once). Returns the parties changed.
   */
  sendGettingClose(now: number): Promise<Party[]>;
  /** Marks the oldest due entry in flight (committed before anything is sent) and returns it. */
  takeNext(now: number): Promise<NextSend>;
  /** Writes an attempt's outcome on the entry and its party. */
  settle(seq: number, settlement: Settlement): Promise<void>;
  /** Entries left in flight by a sender that died: settled by the route's rule. Call only while holding the send lock. */
  recoverInterrupted(now: number, random: number, route: DeliveryRoute): Promise<number>;
  /** How many notifications are waiting or being sent. */
  count(): Promise<number>;
}

/** The venue's settings as stored, or the sandbox's while none are. */
const settingsIn = async (tx: WithSettings): Promise<VenueSettings> => {
  const saved = await tx.objectStore('settings').get(SETTINGS_KEY);
  return saved ? withDefaults(saved) : SANDBOX_SETTINGS;
};

/** The outbox store over an open database. */
export function outboxStore(db: WaitbellDb, newId: () => string = () => crypto.randomUUID()): OutboxStore {
  // Applies a settlement inside a transaction that already spans outbox and parties.
  async function apply(tx: OutboxAndParties, entry: OutboxEntry & { seq: number }, s: Settlement) {
    if (s.entry) await tx.objectStore('outbox').put(s.entry);
    else await tx.objectStore('outbox').delete(entry.seq);
    await writeBack(tx, entry, s);
  }

  // What an entry's fate changes besides the outbox, by kind: a guest message's party, an announcement's record.
  async function writeBack(tx: OutboxAndParties, entry: OutboxEntry, s: Settlement) {
    if (entry.kind === 'announcement') {
      const announcement = await tx.objectStore('announcements').get(entry.announcementId);
      if (announcement) await tx.objectStore('announcements').put({ ...announcement, delivery: s.delivery });
      return;
    }
    const party = await tx.objectStore('parties').get(entry.partyId);
    if (!party) return;
    const settled = withMessageSettled(party, entry.kind, entry.round, s.delivery, s.sent);
    await tx.objectStore('parties').put(settled);
    await recordMessages(tx, party, settled, newId); // every tablet shows it, whichever sent it
  }

  // Writes a prepared message: the party and its entry, in the caller's transaction.
  async function write(tx: WithSettings, prepared: PreparedMessage, before?: Party): Promise<Party> {
    await tx.objectStore('parties').put(prepared.party);
    if (prepared.entry) await tx.objectStore('outbox').add(prepared.entry);
    if (before) await recordMessages(tx, before, prepared.party, newId);
    return prepared.party;
  }

  // A message the host asked for: refused while the same kind still waits to go for this party.
  const hostMessage =
    (kind: MessageKind, prepare: (party: Party, settings: VenueSettings) => Result<PreparedMessage, NotifyProblem>) =>
    (partyId: string, record?: MutationDraft) =>
      guarded(async () => {
        const tx = db.transaction(HOST_WRITE, 'readwrite');
        tx.done.catch(() => {}); // a write that fails throws its own error below
        const [party, settings, queued] = await Promise.all([
          tx.objectStore('parties').get(partyId),
          settingsIn(tx),
          tx.objectStore('outbox').index('by-party').getAll(partyId),
        ]);
        let result: Result<Party, NotifyProblem | NotFound>;
        if (!party) result = err({ kind: 'not_found' });
        else if (queued.some((e) => e.kind === kind)) result = err({ kind: 'already_queued' });
        else {
          const prepared = prepare(party, settings);
          if (prepared.ok) {
            const changed = await write(tx, prepared.value);
            await recordChange(tx, party, changed, record); // the host's Table ready, then where its message stands
            await recordMessages(tx, party, changed, newId);
            result = ok(changed);
          } else result = prepared;
        }
        await tx.done;
        return result;
      });

  return {
    enqueue: (partyId, now, position = null, record) =>
      hostMessage('table_ready', (party, settings) => prepareNotification(party, settings, now, position))(
        partyId,
        record,
      ),

    almostReady: (partyId, now, position) =>
      hostMessage('getting_close', (party, settings) => prepareAlmostReady(party, settings, now, position))(partyId),

    addParty: (party, now, record) =>
      guarded(async () => {
        const tx = db.transaction(HOST_WRITE, 'readwrite');
        tx.done.catch(() => {}); // a write that fails throws its own error below
        const [settings, ahead] = await Promise.all([
          settingsIn(tx),
          countBoardFrom(tx.objectStore('parties').index('by-status-joined')),
        ]);
        const joined = { ...party, joinedPosition: ahead + 1 }; // a new party joins at the end of the line
        const stored =
          settings.onListMessage && isReachable(joined)
            ? await write(
                tx,
                prepareAutomaticMessage('on_list', joined, settings, { round: 1, position: ahead + 1, now }),
              )
            : (await tx.objectStore('parties').add(joined), joined);
        await recordChange(tx, undefined, stored, record);
        await tx.done;
        return stored;
      }),

    sendGettingClose: (now) =>
      guarded(async () => {
        const tx = db.transaction(HOST_WRITE, 'readwrite');
        const [settings, board] = await Promise.all([
          settingsIn(tx),
          readBoardFrom(tx.objectStore('parties').index('by-status-joined')),
        ]);
        const changed: Party[] = [];
        for (const party of dueForGettingClose(board, settings.gettingClosePosition)) {
          const position = board.indexOf(party) + 1;
          const prepared = prepareAutomaticMessage('getting_close', party, settings, { round: 1, position, now });
          changed.push(await write(tx, prepared, party));
        }
        await tx.done;
        return changed;
      }),

    takeNext: (now) =>
      guarded(async () => {
        const tx = db.transaction(SETTLED_IN, 'readwrite');
        let cursor = await tx.objectStore('outbox').openCursor();
        let next: NextSend = { kind: 'idle' };
        for (; cursor; cursor = await cursor.continue()) {
          const entry = cursor.value as OutboxEntry & { seq: number }; // stored entries always have their key
          if (entry.state === 'in_flight') continue; // another sender's, or recovered under the lock
          const party = entry.kind === 'announcement' ? undefined : await tx.objectStore('parties').get(entry.partyId);
          const unwanted = checkStillWanted(entry, party, now);
          if (unwanted) {
            await apply(tx, entry, unwanted);
            continue;
          }
          if (entry.notBefore > now) {
            next = { kind: 'wait', until: entry.notBefore }; // first in line is backing off: the rest wait behind it
            break;
          }
          const inFlight = { ...entry, state: 'in_flight' as const, attempts: entry.attempts + 1 };
          await cursor.update(inFlight);
          await writeBack(tx, entry, { entry: inFlight, delivery: { state: 'sending', since: now }, sent: 0 });
          next = { kind: 'send', entry: inFlight };
          break;
        }
        await tx.done;
        return next;
      }),

    settle: (seq, settlement) =>
      guarded(async () => {
        const tx = db.transaction(SETTLED_IN, 'readwrite');
        const entry = await tx.objectStore('outbox').get(seq);
        if (entry) await apply(tx, { ...entry, seq }, settlement);
        await tx.done;
      }),

    recoverInterrupted: (now, random, route) =>
      guarded(async () => {
        const tx = db.transaction(SETTLED_IN, 'readwrite');
        const stored = (await tx.objectStore('outbox').getAll()) as (OutboxEntry & { seq: number })[]; // stored entries have their seq
        const stuck = stored.filter((e) => e.state === 'in_flight');
        for (const entry of stuck) await apply(tx, entry, settleInterrupted(entry, now, random, route));
        await tx.done;
        return stuck.length;
      }),

    count: () => guarded(() => db.count('outbox')),
  };
}

import { computed, signal } from '@preact/signals';
import { boardTotals, patchBoard } from '../core/board.ts';
import { applyAction, undoLast, UNDO_WINDOW_MS, type PartyAction, type TransitionError } from '../core/lifecycle.ts';
import { HISTORY_RETENTION_MS, type Party } from '../core/party.ts';
import { createParty, validatePartyInput, type FieldProblem, type PartyInput } from '../core/party-input.ts';
import type { Clock, NewId } from '../core/ports.ts';
import type { Result } from '../core/result.ts';
import type { ChangeFeed } from '../platform/change-feed.ts';
import type { NotifyProblem } from '../core/notify.ts';
import type { Connectivity } from '../platform/connectivity.ts';
import type { OutboxStore } from '../storage/outbox-store.ts';
import type { NotFound, PartyStore } from '../storage/parties-store.ts';
import { toStorageError, type StorageProblem } from '../storage/storage-error.ts';

export type { StorageProblem };

/** Something the host should be told about, in place of a change that did not happen. */
export type Problem =
  | { kind: 'storage'; problem: StorageProblem }
  | { kind: 'refused'; error: Refusal; partyName: string };

/** Why a change to a party was not made. */
export type Refusal = TransitionError | NotFound | NotifyProblem;

/** The last change, while it can be undone. */
export interface UndoOffer {
  partyId: string;
  partyName: string;
  action: PartyAction;
  expiresAt: number;
}

/** What the board model is built from. */
export interface BoardModelDeps {
  store: PartyStore;
  outbox: OutboxStore;
  connectivity: Connectivity;
  /** Asks the delivery loop to send what is queued. */
  deliver(): void;
  clock: Clock;
  newId: NewId;
  feed: ChangeFeed;
}

/** The result of submitting the Add party form; `fields` is empty when storage failed (see `problem`). */
export type AddOutcome = { ok: true; party: Party } | { ok: false; fields: FieldProblem[] };

/** The waitlist board's state and the host's actions on it. */
export type BoardModel = ReturnType<typeof createBoardModel>;

/** Builds the board model: signals over the pure core, writes through the party store. */
export function createBoardModel({ store, outbox, connectivity, deliver, clock, newId, feed }: BoardModelDeps) {
  const parties = signal<Party[]>([]);
  const online = signal(connectivity.isOnline());
  /** Notifications waiting to go (or going), for the connection badge. */
  const waitingToSend = signal(0);
  const loaded = signal(false);
  const now = signal(clock.now());
  const problem = signal<Problem | null>(null);
  const undoOffer = signal<UndoOffer | null>(null);
  const totals = computed(() => boardTotals(parties.value));
  let undoTimer: ReturnType<typeof setTimeout> | undefined;

  const offerUndo = (offer: UndoOffer | null) => {
    clearTimeout(undoTimer);
    undoOffer.value = offer;
    if (offer) undoTimer = setTimeout(() => (undoOffer.value = null), offer.expiresAt - clock.now());
  };

  const fail = (error: unknown) => {
    problem.value = { kind: 'storage', problem: toStorageError(error).problem };
  };

  // Reads never clear a problem about a write; they keep the board as it was on failure.
  // Bumped by every local patch: a whole-board read that started before it is out of date.
  let version = 0;
  const patch = (party: Party) => {
    version += 1;
    parties.value = patchBoard(parties.value, party);
  };

  async function readOnce(): Promise<void> {
    const startedAt = version;
    try {
      const [board, queued] = await Promise.all([store.readBoard(), outbox.count()]);
      if (startedAt !== version) return void refresh(); // a patch landed meanwhile: read again rather than undo it
      parties.value = board;
      waitingToSend.value = queued;
      loaded.value = true;
    } catch (error) {
      fail(error);
    }
  }

  // At most one read in flight and one queued behind it: a burst of changes (a replay of the
  // outbox, say) costs two reads, not one per change, and every caller still sees its own write.
  let reading: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  function refresh(): Promise<void> {
    if (!reading) return (reading = readOnce().finally(() => (reading = null)));
    return (queued ??= reading.then(() => {
      queued = null;
      return refresh();
    }));
  }

  /** Re-reads one party (and the outbox count) after a change to it: far cheaper than the whole board. */
  async function refreshParty(id: string): Promise<void> {
    try {
      const [party, queued] = await Promise.all([store.get(id), outbox.count()]);
      waitingToSend.value = queued;
      if (party) patch(party);
    } catch (error) {
      fail(error);
    }
  }

  /** Runs one write; a refusal or failure is shown to the host, success is announced to the other tabs. */
  async function write(id: string, run: () => Promise<Result<Party, Refusal>>): Promise<Party | null> {
    const name = parties.value.find((p) => p.id === id)?.name ?? '';
    try {
      const result = await run();
      if (!result.ok) {
        problem.value = { kind: 'refused', error: result.error, partyName: name };
        await refresh(); // another tab probably got there first: show what is true now
        return null;
      }
      problem.value = null;
      feed.announce(id);
      patch(result.value);
      waitingToSend.value = await outbox.count();
      return result.value;
    } catch (error) {
      fail(error);
      return null;
    }
  }

  const change = (id: string, apply: (party: Party) => ReturnType<typeof applyAction>) => write(id, () => store.change(id, apply));

  return {
    parties,
    online,
    waitingToSend,
    loaded,
    now,
    problem,
    undoOffer,
    totals,
    refresh,
    refreshParty,

    /** Checks the form and, when every field is right, adds the party. Nothing is written otherwise. */
    async add(input: PartyInput): Promise<AddOutcome> {
      const checked = validatePartyInput(input);
      if (!checked.ok) return { ok: false, fields: checked.error };
      const party = createParty(checked.value, newId(), clock.now());
      try {
        await store.add(party);
      } catch (error) {
        fail(error);
        return { ok: false, fields: [] };
      }
      problem.value = null;
      feed.announce(party.id);
      patch(party);
      return { ok: true, party };
    },

    /** Seated, No-show, Remove (and, later, Table ready); offers an undo for the finishing ones. */
    async act(id: string, action: PartyAction): Promise<void> {
      const changed = await change(id, (party) => applyAction(party, action, clock.now()));
      if (changed && action !== 'notify') {
        offerUndo({ partyId: id, partyName: changed.name, action, expiresAt: clock.now() + UNDO_WINDOW_MS });
      }
    },

    /** "Table ready" (and Retry, Resend): notified, and the notification queued, in one transaction; then sent. */
    async notify(id: string): Promise<void> {
      const changed = await write(id, () => outbox.enqueue(id, newId(), clock.now()));
      if (changed) deliver();
    },

    /** Undoes the offered change. */
    async undo(): Promise<void> {
      const offer = undoOffer.value;
      if (!offer) return;
      offerUndo(null);
      await change(offer.partyId, (party) => undoLast(party, clock.now()));
    },

    dismissUndo(): void {
      offerUndo(null);
    },

    /** Shows a storage problem that arrived from outside an action (another tab upgraded, say). */
    reportStorageProblem(kind: StorageProblem): void {
      problem.value = { kind: 'storage', problem: kind };
    },

    dismissProblem(): void {
      problem.value = null;
    },

    /** Keeps the board live: moves its clock (the minutes waited) and re-reads when other tabs change things. */
    start(tickMs = 15_000): () => void {
      // Guests' names are kept only as long as the privacy promise in the README says.
      store.purgeFinishedBefore(clock.now() - HISTORY_RETENTION_MS).catch(() => {}); // retried next start
      const timer = setInterval(() => (now.value = clock.now()), tickMs);
      const stopListening = feed.listen((partyId) => void (partyId ? refreshParty(partyId) : refresh()));
      const stopWatching = connectivity.onChange((isOnline) => (online.value = isOnline));
      return () => {
        clearInterval(timer);
        stopListening();
        stopWatching();
      };
    },
  };
}

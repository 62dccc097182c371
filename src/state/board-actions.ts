import { applyEdit, applyRequote } from '../core/edit-party.ts';
import { applyAction, undoLast, UNDO_WINDOW_MS, type FinishAction } from '../core/lifecycle.ts';
import { applyMove, planMove, type MoveDirection } from '../core/move.ts';
import type { Party } from '../core/party.ts';
import { createParty, validatePartyInput, type FieldProblem, type PartyInput } from '../core/party-input.ts';
import type { Clock, NewId } from '../core/ports.ts';
import { ok, type Result } from '../core/result.ts';
import type { ChangeFeed } from '../platform/change-feed.ts';
import type { OutboxStore } from '../storage/outbox-store.ts';
import type { PartyStore } from '../storage/parties-store.ts';
import type { MutationDraft } from '../storage/tablet-sync-store.ts';
import type { MutationChange } from '../core/sync/mutation.ts';
import type { BoardSignals } from './board-signals.ts';
import type { FinishedToday } from './finished-today.ts';
import type { ProblemReport, Refusal } from './problem.ts';
import type { UndoOfferSlot } from './undo-offer.ts';

/** The result of submitting the Add party form; `fields` is empty when storage failed (see the model's `problem`). */
export type AddOutcome = { ok: true; party: Party } | { ok: false; fields: FieldProblem[] };

/** What the host's actions write through, and who hears of them. */
export interface BoardActionDeps {
  store: PartyStore;
  outbox: OutboxStore;
  /** Asks the delivery loop to send what is queued. */
  deliver(): void;
  clock: Clock;
  newId: NewId;
  feed: ChangeFeed;
  /** Asks the sync engine to push what a change recorded (only ever called while paired with a venue server). */
  recorded?(): void;
}

const EDITABLE = ['name', 'size', 'note', 'quoteMinutes', 'pushedId', 'email', 'phone'] as const;

/** An edit's mutation: only the fields that changed (null when none did). */
export function editChange(before: Party | undefined, after: Party): MutationChange | null {
  const changes = Object.fromEntries(
    EDITABLE.filter((k) => (before?.[k] ?? null) !== (after[k] ?? null)).map((k) => [k, after[k]]),
  );
  return Object.keys(changes).length > 0 ? { kind: 'edit', changes } : null;
}

/** The parts of the board model the actions update. */
export interface BoardActionParts {
  sync: BoardSignals;
  problems: ProblemReport;
  undo: UndoOfferSlot;
  finished: FinishedToday;
}

/** The recorded mutation's id, for an Undo offer to remember. */
export const recordedAs = (record: MutationDraft): { mutationId?: string } =>
  record.recorded ? { mutationId: record.recorded } : {};

/** The host's actions on the board: each writes through a store, then shows the outcome or the problem. */
export function createBoardActions(
  { store, outbox, deliver, clock, newId, feed, recorded }: BoardActionDeps,
  { sync, problems, undo, finished }: BoardActionParts,
) {
  /** What a change records while paired: `change` made from the party before and after. */
  const draft = (change: MutationDraft['change']): MutationDraft => ({ newId, at: clock.now(), change });
  /** Tells the sync engine when a draft was recorded. */
  const pushed = (...drafts: (MutationDraft | undefined)[]) => {
    if (drafts.some((d) => d?.recorded)) recorded?.();
  };
  /** Runs one write; a refusal or failure is shown to the host, success is announced to the other tabs. */
  async function write(
    id: string,
    run: () => Promise<Result<Party, Refusal>>,
    record?: MutationDraft,
  ): Promise<Party | null> {
    const name = [...sync.parties.value, ...finished.parties.value].find((p) => p.id === id)?.name ?? '';
    try {
      const result = await run();
      if (!result.ok) {
        problems.report({ kind: 'refused', error: result.error, partyName: name });
        await sync.refresh(); // another tab probably got there first: show what is true now
        return null;
      }
      problems.clear();
      feed.announce(id);
      pushed(record);
      sync.patch(result.value);
      finished.patch(result.value);
      await sync.recount();
      return result.value;
    } catch (error) {
      problems.fail(error);
      return null;
    }
  }

  /** The party's place on the board as the host sees it (1 = next), for the message's {position}; null if not on it. */
  const positionOf = (id: string): number | null => {
    const index = sync.parties.value.findIndex((p) => p.id === id);
    return index < 0 ? null : index + 1;
  };

  /** One place up or down the line; an Undo (which moves it back) is offered unless this is that Undo. */
  async function move(id: string, direction: MoveDirection, offerUndo = true): Promise<void> {
    const name = sync.parties.value.find((p) => p.id === id)?.name ?? '';
    const plan = planMove(sync.parties.value, id, direction);
    if (!plan.ok) return problems.report({ kind: 'refused', error: plan.error, partyName: name });
    const now = clock.now();
    // The mover's change is undoable; others only change when the board is spaced out again.
    const changes = new Map(
      plan.value.map(({ id: partyId, rank }) => [
        partyId,
        (p: Party) => (partyId === id ? applyMove(p, rank, now) : ok({ ...p, rank, updatedAt: now })),
      ]),
    );
    const records = new Map(
      plan.value.map(
        ({ id: partyId }) =>
          [
            partyId,
            draft((before, after) => (before?.rank === after.rank ? null : { kind: 'move', rank: after.rank })),
          ] as const,
      ),
    );
    try {
      const result = await store.changeMany(changes, records);
      if (!result.ok) {
        problems.report({ kind: 'refused', error: result.error, partyName: name });
        return await sync.refresh();
      }
      problems.clear();
      pushed(...records.values());
      for (const party of result.value) {
        sync.patch(party);
        feed.announce(party.id);
      }
      if (offerUndo)
        undo.set({ partyId: id, partyName: name, action: 'move', direction, expiresAt: now + UNDO_WINDOW_MS });
    } catch (error) {
      problems.fail(error);
    }
  }

  return {
    /** "Table ready" (and Retry, Resend): notified, and the notification queued, in one transaction; then sent. */
    async notify(id: string): Promise<void> {
      const record = draft((_, after) => ({ kind: 'act', action: 'notify', round: after.callCount }));
      const changed = await write(id, () => outbox.enqueue(id, clock.now(), positionOf(id), record), record);
      if (changed) deliver();
    },

    /** "Almost ready": Getting close again, on purpose (its next round); then sent. */
    async almostReady(id: string): Promise<void> {
      const changed = await write(id, () => outbox.almostReady(id, clock.now(), positionOf(id)));
      if (changed) deliver();
    },

    /**
     * Checks the form and, when every field is right, adds the party (and queues "On the list"), noting
     * what Waitbell suggested quoting (null: nothing) for the report. Nothing is written otherwise.
     */
    async add(input: PartyInput, suggestedMinutes: number | null = null): Promise<AddOutcome> {
      const checked = validatePartyInput(input);
      if (!checked.ok) return { ok: false, fields: checked.error };
      const made = createParty(checked.value, newId(), clock.now());
      let party: Party = suggestedMinutes === null ? made : { ...made, suggestedMinutes };
      const record = draft((_, after) => ({ kind: 'add', party: after }));
      try {
        party = await outbox.addParty(party, clock.now(), record);
      } catch (error) {
        problems.fail(error);
        return { ok: false, fields: [] };
      }
      problems.clear();
      feed.announce(party.id);
      pushed(record);
      sync.patch(party);
      if (party.lastMessage) {
        deliver();
        await sync.recount().catch(problems.fail); // the party is stored: a failed count only leaves the badge behind
      }
      return { ok: true, party };
    },

    /** Seated, No-show, Remove: the party leaves the board, with an undo offered for a while. */
    async act(id: string, action: FinishAction): Promise<void> {
      const record = draft(() => ({ kind: 'act', action }));
      const changed = await write(
        id,
        () => store.change(id, (party) => applyAction(party, action, clock.now()), record),
        record,
      );
      if (!changed) return;
      const expiresAt = clock.now() + UNDO_WINDOW_MS;
      undo.set({ partyId: id, partyName: changed.name, action, expiresAt, ...recordedAs(record) });
    },

    /** Puts one of today's finished parties back on the board, in its original place (called again if it had been). */
    async recall(id: string): Promise<void> {
      const record = draft(() => ({ kind: 'act', action: 'recall' }));
      const changed = await write(
        id,
        () => store.change(id, (party) => applyAction(party, 'recall', clock.now()), record),
        record,
      );
      if (!changed) return;
      const expiresAt = clock.now() + UNDO_WINDOW_MS;
      undo.set({ partyId: id, partyName: changed.name, action: 'recall', expiresAt, ...recordedAs(record) });
    },

    /** Corrects a party's details; its place in line, join time and calls stay. */
    async edit(id: string, input: PartyInput): Promise<AddOutcome> {
      const checked = validatePartyInput(input);
      if (!checked.ok) return { ok: false, fields: checked.error };
      const record = draft(editChange);
      const changed = await write(
        id,
        () => store.change(id, (party) => applyEdit(party, checked.value, clock.now()), record),
        record,
      );
      return changed ? { ok: true, party: changed } : { ok: false, fields: [] };
    },

    move,

    /** A new quote for a waiting party whose wait runs long (the row's re-quote), with Undo back to the old one. */
    async requote(id: string, minutes: number): Promise<void> {
      const before = sync.parties.value.find((p) => p.id === id)?.quoteMinutes ?? null;
      const record = draft(editChange);
      const changed = await write(
        id,
        () => store.change(id, (party) => applyRequote(party, minutes, clock.now()), record),
        record,
      );
      if (!changed) return;
      const expiresAt = clock.now() + UNDO_WINDOW_MS;
      undo.set({ partyId: id, partyName: changed.name, action: 'requote', quoteBefore: before, expiresAt });
    },

    /** Undoes the offered change. */
    async undo(): Promise<void> {
      const offer = undo.offer.value;
      if (!offer) return;
      undo.set(null);
      // A move is undone by moving back: the board may have been spaced out again since its rank was taken.
      if (offer.direction) return move(offer.partyId, offer.direction === 'up' ? 'down' : 'up', false);
      if (offer.action === 'requote') {
        const quote = offer.quoteBefore ?? null;
        const record = draft(editChange);
        await write(
          offer.partyId,
          () => store.change(offer.partyId, (p) => applyRequote(p, quote, clock.now()), record),
          record,
        );
        return;
      }
      for (const { id, mutationId } of [{ id: offer.partyId, mutationId: offer.mutationId }, ...(offer.others ?? [])]) {
        // The server takes it back only while the change undone is still the party's last one.
        const record = draft(() => (mutationId ? { kind: 'undo', undoes: mutationId } : null));
        await write(id, () => store.change(id, (party) => undoLast(party, clock.now()), record), record);
      }
    },
  };
}

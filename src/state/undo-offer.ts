import { signal } from '@preact/signals';
import type { FinishAction } from '../core/lifecycle.ts';
import type { MoveDirection } from '../core/move.ts';
import type { Clock } from '../core/ports.ts';

/** Changes the undo bar offers to take back: a party leaving, coming back, moving, or marked late by itself. */
export type UndoableChange = FinishAction | 'recall' | 'move' | 'late' | 'requote';

/** The last change, while it can be undone. */
export interface UndoOffer {
  partyId: string;
  partyName: string;
  action: UndoableChange;
  expiresAt: number;
  /** For a move: which way it went, so Undo moves it back. */
  direction?: MoveDirection;
  /** For a re-quote: the quote it replaced, which Undo puts back. */
  quoteBefore?: number | null;
  /** Other parties changed the same way at the same moment (several late parties at once), undone together. */
  others?: { id: string; name: string; mutationId?: string }[];
  /** The change's mutation, when the tablet recorded one (paired with a venue server): its Undo names it. */
  mutationId?: string;
}

/** The undo bar's offer: one at a time, withdrawn by itself when its window closes. */
export function createUndoOffer(clock: Clock) {
  const offer = signal<UndoOffer | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    offer,
    /** Offers an undo (replacing any other), or withdraws it with null. */
    set(next: UndoOffer | null): void {
      clearTimeout(timer);
      offer.value = next;
      if (next) timer = setTimeout(() => (offer.value = null), next.expiresAt - clock.now());
    },
    /** Withdraws the offer when it names this party (its guest's details were erased: nothing of it to take back). */
    withdrawParty(partyId: string): void {
      const o = offer.value;
      if (o && (o.partyId === partyId || o.others?.some((p) => p.id === partyId))) this.set(null);
    },
    /** Withdraws the offer when the venue server refused the change it would take back: there is nothing here to undo. */
    withdrawRefused(mutationIds: readonly string[]): void {
      const id = offer.value?.mutationId;
      if (id !== undefined && mutationIds.includes(id)) this.set(null);
    },
  };
}

/** The undo bar's offer. */
export type UndoOfferSlot = ReturnType<typeof createUndoOffer>;

import { signal } from '@preact/signals';
import { DEFAULT_LATE_AFTER_MINUTES, lateParties, markLate } from '../core/calls.ts';
import { UNDO_WINDOW_MS } from '../core/lifecycle.ts';
import type { Clock } from '../core/ports.ts';
import type { ChangeFeed } from '../platform/change-feed.ts';
import type { PartyStore } from '../storage/parties-store.ts';
import type { BoardSignals } from './board-signals.ts';
import type { FinishedToday } from './finished-today.ts';
import type { UndoOfferSlot } from './undo-offer.ts';
import { recordedAs } from './board-actions.ts';
import type { NewId } from '../core/ports.ts';
import type { MutationDraft } from '../storage/tablet-sync-store.ts';

/** The venue's rules for called parties: when they count as late, and whether a late one becomes a no-show by itself. */
export interface CallRules {
  lateAfterMinutes: number;
  autoNoShow: boolean;
}

/** Called parties that do not come: shown late after the grace period, and marked no-show by themselves if the venue wants it. */
export function createLateCalls(
  {
    store,
    clock,
    feed,
    newId,
    recorded,
  }: { store: PartyStore; clock: Clock; feed: ChangeFeed; newId: NewId; recorded?(): void },
  {
    sync,
    undo,
    finished,
    fail,
  }: { sync: BoardSignals; undo: UndoOfferSlot; finished: FinishedToday; fail(error: unknown): void },
) {
  const rules = signal<CallRules>({ lateAfterMinutes: DEFAULT_LATE_AFTER_MINUTES, autoNoShow: false });
  return {
    rules,
    /** Marks late called parties no-show, if the rules say so; quietly skips any another tab got to first. Never rejects. */
    async closeLate(): Promise<void> {
      const { lateAfterMinutes, autoNoShow } = rules.value;
      if (!autoNoShow) return;
      const late = lateParties(sync.parties.value, clock.now(), lateAfterMinutes);
      const marked: { id: string; name: string; mutationId?: string }[] = [];
      for (const party of late) {
        try {
          // Recorded as the No-show it is, when the tablet is paired.
          const record: MutationDraft = { newId, at: clock.now(), change: () => ({ kind: 'act', action: 'no_show' }) };
          // Checked again inside the transaction: called again meanwhile means not late any more.
          const result = await store.change(party.id, (p) => markLate(p, clock.now(), lateAfterMinutes), record);
          if (!result.ok) continue;
          feed.announce(party.id);
          if (record.recorded) recorded?.();
          sync.patch(result.value);
          finished.patch(result.value);
          marked.push({ id: party.id, name: party.name, ...recordedAs(record) });
        } catch (error) {
          fail(error);
        }
      }
      const [first, ...others] = marked;
      // One offer names them all and takes them all back: none leaves the board unsaid.
      if (first) {
        undo.set({
          partyId: first.id,
          partyName: first.name,
          ...(first.mutationId ? { mutationId: first.mutationId } : {}),
          action: 'late',
          expiresAt: clock.now() + UNDO_WINDOW_MS,
          ...(others.length > 0 ? { others } : {}),
        });
      }
    },
  };
}

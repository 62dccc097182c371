import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { bucketCounts, filterBoard, type BoardFilter } from '../core/board-filter.ts';
import type { Party } from '../core/party.ts';

/** What the host sees of the board: narrowed by a size chip and a search, each row keeping its real place in line. */
export function createBoardView(parties: ReadonlySignal<Party[]>) {
  const filter = signal<BoardFilter>({ bucket: null, query: '' });
  return {
    filter,
    entries: computed(() => filterBoard(parties.value, filter.value)),
    counts: computed(() => bucketCounts(parties.value)),
    clearFilter(): void {
      filter.value = { bucket: null, query: '' };
    },
  };
}

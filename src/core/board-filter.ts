import type { Party } from './party.ts';

/** The party-size chips above the board. */
export const SIZE_BUCKETS = ['1-2', '3-4', '5-6', '7+'] as const;
export type SizeBucket = (typeof SIZE_BUCKETS)[number];

/** What the host narrowed the board to: a size chip and/or a search; null and '' show everyone. */
export interface BoardFilter {
  bucket: SizeBucket | null;
  query: string;
}

/** A party on the board with its real place in line, which stays the same under a filter. */
export interface BoardEntry {
  party: Party;
  position: number;
}

/** Which chip a party of `size` falls under. */
export function sizeBucketOf(size: number): SizeBucket {
  if (size <= 2) return '1-2';
  if (size <= 4) return '3-4';
  if (size <= 6) return '5-6';
  return '7+';
}

/** How many parties each chip would show. */
export function bucketCounts(parties: readonly Party[]): Record<SizeBucket, number> {
  const counts: Record<SizeBucket, number> = { '1-2': 0, '3-4': 0, '5-6': 0, '7+': 0 };
  for (const p of parties) counts[sizeBucketOf(p.size)] += 1;
  return counts;
}

/** Text as search compares it: case, accents and runs of spaces ignored ("José" is found by "jose"). */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True when every word of the query is found in the party's name or note. */
export function matchesSearch(party: Party, query: string): boolean {
  const words = searchKey(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${searchKey(party.name)} ${searchKey(party.note)}`;
  return words.every((w) => haystack.includes(w));
}

/** The board (already in board order) numbered 1, 2, 3 … then narrowed by the filter. */
export function filterBoard(board: readonly Party[], filter: BoardFilter): BoardEntry[] {
  return board
    .map((party, i) => ({ party, position: i + 1 }))
    .filter(
      ({ party }) =>
        (filter.bucket === null || sizeBucketOf(party.size) === filter.bucket) && matchesSearch(party, filter.query),
    );
}

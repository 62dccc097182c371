import { expect, test } from 'vitest';
import { placeAmong, placesAmong, type PlaceKey } from '../../../src/server/guest/guest-status.ts';

test("many pages' places from one sorted line are each page's own count of the parties before it", () => {
  // Ties of rank and of joinedAt, as a re-spaced board and two same-millisecond joins make them.
  const line: PlaceKey[] = Array.from({ length: 60 }, (_, i) => ({
    id: `p${(i * 37) % 60}`,
    rank: Math.floor(i / 3),
    joinedAt: 1_000 + (i % 2),
  }));
  const placeOf = placesAmong(line);
  for (const party of line) expect(placeOf(party)).toBe(placeAmong(line, party));
  // A party read newer than its row in the line (moved to the front since), and one not in it at all.
  const moved = { ...line[40]!, rank: -1 };
  expect(placeOf(moved)).toBe(1);
  expect(placeOf(moved)).toBe(placeAmong(line, moved));
  const outside = { id: 'zz', rank: 10, joinedAt: 1_000 };
  expect(placeOf(outside)).toBe(placeAmong(line, outside));
});

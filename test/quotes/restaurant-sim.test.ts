import { expect, test } from 'vitest';
import { historyCsv } from '../support/history-csv-writer.ts';
import { randomVenue, simulateVenue, VENUES, type TableAudit } from './restaurant-sim.ts';

test('the same seed gives the same file, another seed another', () => {
  const venue = VENUES[0]!;
  const once = historyCsv(simulateVenue(venue, 1, 42));
  expect(historyCsv(simulateVenue(venue, 1, 42))).toBe(once);
  expect(historyCsv(simulateVenue(venue, 1, 43))).not.toBe(once);
  expect(once.split('\r\n').length).toBeGreaterThan(50);
});

const drawn = [1, 2, 3, 4, 5, 6].map((seed) => randomVenue(seed));

test('venues drawn at random differ, and the same seed draws the same venue', () => {
  expect(randomVenue(3)).toEqual(randomVenue(3));
  expect(new Set(drawn.map((v) => JSON.stringify(v.tables))).size).toBe(drawn.length);
  for (const v of drawn) {
    expect(v.lastJoin).toBeGreaterThan(v.opens);
    expect(v.sizes.length).toBe(Math.max(...Object.keys(v.tables).map(Number)));
  }
});

test.each([...VENUES, ...drawn].map((v) => [v.name, v] as const))(
  'a %s: nobody seated before joining, every kind of ending, no table used twice at once',
  (_name, venue) => {
    const uses = new Map<string, { from: number; until: number }[]>();
    const audit: TableAudit = (use) => {
      expect(use.size).toBeLessThanOrEqual(use.capacity);
      uses.set(use.table, [...(uses.get(use.table) ?? []), use]);
    };
    const rows = simulateVenue(venue, 2, 9, audit);
    for (const p of rows) {
      const end = p.seatedAt ?? p.leftAt!;
      expect(end).toBeGreaterThanOrEqual(p.joinedAt);
      expect(p.outcome === 'seated' ? p.leftAt : p.seatedAt).toBeNull();
    }
    for (const list of uses.values()) {
      const sorted = list.sort((a, b) => a.from - b.from);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from).toBeGreaterThanOrEqual(sorted[i - 1]!.until);
    }
    // Every kind of ending happens.
    expect(new Set(rows.map((p) => p.outcome))).toEqual(new Set(['seated', 'no_show', 'removed']));
  },
);

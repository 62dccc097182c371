import { describe, expect, test } from 'vitest';
import { bucketCounts, filterBoard, matchesSearch, searchKey, sizeBucketOf } from '../../src/core/board-filter.ts';
import { aParty } from '../support/parties.ts';

describe('size chips and search', () => {
  test('each size falls under exactly one chip', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12, 20].map(sizeBucketOf)).toEqual([
      '1-2',
      '1-2',
      '3-4',
      '3-4',
      '5-6',
      '5-6',
      '7+',
      '7+',
      '7+',
    ]);
  });

  test('chip counts add up to the board', () => {
    const board = [2, 2, 4, 8, 5, 1].map((size) => aParty({ size }));
    expect(bucketCounts(board)).toEqual({ '1-2': 3, '3-4': 1, '5-6': 1, '7+': 1 });
    expect(bucketCounts([])).toEqual({ '1-2': 0, '3-4': 0, '5-6': 0, '7+': 0 });
  });

  test('search ignores case, accents and extra spaces, and looks in the note too', () => {
    const party = aParty({ name: 'José  Núñez', note: 'Birthday, high chair' });
    expect(searchKey('  JOSÉ   Núñez ')).toBe('jose nunez');
    expect(matchesSearch(party, 'jose')).toBe(true);
    expect(matchesSearch(party, 'nunez jos')).toBe(true);
    expect(matchesSearch(party, 'chair')).toBe(true);
    expect(matchesSearch(party, 'jose garcia')).toBe(false);
    expect(matchesSearch(party, '   ')).toBe(true);
  });

  test('filtered rows keep their real place in line', () => {
    const board = [
      aParty({ name: 'Ana', size: 2 }),
      aParty({ name: 'Bo', size: 6 }),
      aParty({ name: 'Cy', size: 2 }),
      aParty({ name: 'Di', size: 5 }),
    ];
    const bigTables = filterBoard(board, { bucket: '5-6', query: '' });
    expect(bigTables.map((e) => [e.party.name, e.position])).toEqual([
      ['Bo', 2],
      ['Di', 4],
    ]);
    expect(filterBoard(board, { bucket: '1-2', query: 'cy' }).map((e) => e.position)).toEqual([3]);
    expect(filterBoard(board, { bucket: null, query: '' }).map((e) => e.position)).toEqual([1, 2, 3, 4]);
    expect(filterBoard(board, { bucket: '7+', query: '' })).toEqual([]);
  });
});

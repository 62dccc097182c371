import { describe, expect, test } from 'vitest';
import { say, WORDS } from '../../src/guest/words.ts';
// Each page's own words, added as its chunk loads.
import '../../src/guest/check-in-words.ts';
import '../../src/guest/status-words.ts';

/** Words that are the same in both languages: the switch's own labels. */
const SAME_IN_BOTH = ['langEn', 'langEs'];

describe('the guest pages’ words', () => {
  test('English and Spanish have the same keys', () => {
    expect(Object.keys(WORDS.es).sort()).toEqual(Object.keys(WORDS.en).sort());
  });

  test('no Spanish text is left in English', () => {
    const untranslated = Object.entries(WORDS.en)
      .filter(([key, text]) => !SAME_IN_BOTH.includes(key) && WORDS.es[key as keyof typeof WORDS.es] === text)
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  test('each language fills the same values', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(WORDS.en))
      expect(names(WORDS.es[key as keyof typeof WORDS.es]), key).toEqual(names(text));
  });

  test('values are filled in', () => {
    expect(say('en', 'waitAbout', { min: 25, size: 2 })).toBe('About 25\u00a0min for a party of\u00a02');
    expect(say('es', 'yourPlace', { place: 3 })).toBe('Eres el n.º 3 de la fila');
  });
});

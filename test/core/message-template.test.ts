import { describe, expect, test } from 'vitest';
import {
  characterCount,
  checkTemplate,
  CONTENT_LIMIT_MAX,
  DEFAULT_MESSAGE_TEMPLATES,
  DEFAULT_TEMPLATE,
  longestMessageLength,
  renderMessage,
  WORST_CASE_NAME_LENGTH,
  WORST_CASE_POSITION,
  WORST_CASE_QUOTE,
  WORST_CASE_SIZE,
} from '../../src/core/message-template.ts';

describe('message templates', () => {
  test('fills {name}, {venue} and {size}, each as often as it appears', () => {
    expect(renderMessage('{name}: table for {size} at {venue}. {name}!', { name: 'Ana', venue: 'Casa', size: 4 })).toBe(
      'Ana: table for 4 at Casa. Ana!',
    );
    expect(renderMessage(DEFAULT_TEMPLATE, { name: 'Ana', venue: 'Demo Bistro', size: 2 })).toBe(
      'Ana, your table at Demo Bistro is ready! Please come to the host stand.',
    );
  });

  test('a name that looks like a placeholder is not filled in again', () => {
    expect(renderMessage('{name} at {venue}', { name: '{venue}', venue: 'Casa', size: 1 })).toBe('{venue} at Casa');
  });

  test('refuses empty templates and unknown placeholders, naming the culprit', () => {
    expect(checkTemplate('  ')).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(checkTemplate('Hi {nmae}')).toEqual({
      ok: false,
      error: { kind: 'unknown_placeholder', placeholder: '{nmae}' },
    });
    expect(checkTemplate('Hi {}')).toEqual({ ok: false, error: { kind: 'unknown_placeholder', placeholder: '{}' } });
    expect(checkTemplate(' {name} ')).toEqual({ ok: true, value: '{name}' });
  });

  test('counts characters as people do', () => {
    expect(characterCount('José 👍')).toBe(6);
  });
});

describe('the longest message a template can make', () => {
  test('is the message for a 30-character name and a party of 20 at the venue as typed (trimmed)', () => {
    expect(longestMessageLength('{name}', 'Casa')).toBe(WORST_CASE_NAME_LENGTH);
    expect(longestMessageLength(' {name} · {size} · {venue} ', '  Casa  ')).toBe(30 + 3 + 2 + 3 + 4);
    expect(longestMessageLength(DEFAULT_TEMPLATE, 'Demo Bistro')).toBe(
      characterCount(renderMessage(DEFAULT_TEMPLATE, { name: 'x'.repeat(30), venue: 'Demo Bistro', size: 20 })),
    );
  });

  test('Pushed’s 140 is the most a venue may set', () => {
    expect(CONTENT_LIMIT_MAX).toBe(140);
  });
});

describe('templates of every kind: {position} and {quote}', () => {
  test('fill the place in line and the quote; with no quote, the part of the sentence holding it is left out', () => {
    const onList = DEFAULT_MESSAGE_TEMPLATES.on_list.en!;
    const values = { name: 'Ana', venue: 'Demo Bistro', size: 2, position: 3 };
    expect(renderMessage(onList, { ...values, quote: 25 })).toBe("You're on the list at Demo Bistro: #3, about 25 min");
    expect(renderMessage(onList, { ...values, quote: null })).toBe("You're on the list at Demo Bistro: #3");
    expect(renderMessage(DEFAULT_MESSAGE_TEMPLATES.on_list.es!, { ...values, quote: null })).toBe(
      'Estás en la lista de Demo Bistro: puesto 3',
    );
    expect(renderMessage('{name}, about {quote} min. See you soon!', { ...values, quote: null })).toBe(
      'Ana. See you soon!',
    );
    expect(renderMessage('About {quote} min, {name}', { ...values, quote: null })).toBe('Ana');
    expect(renderMessage('{quote} min', { ...values, quote: null })).toBe('? min'); // nothing else to say: never empty
  });

  test('the worst case has a 30-character name, a party of 20, place 99 and a 999-minute quote: one set of constants', () => {
    expect([WORST_CASE_NAME_LENGTH, WORST_CASE_SIZE, WORST_CASE_POSITION, WORST_CASE_QUOTE]).toEqual([
      30,
      '20',
      '99',
      '999',
    ]);
    expect(longestMessageLength('{name}|{size}|{position}|{quote}|{venue}', 'Casa')).toBe(30 + 2 + 2 + 3 + 4 + 4);
    // With no quote a message is only shorter: the worst case keeps it.
    const template = DEFAULT_MESSAGE_TEMPLATES.on_list.en!;
    expect(longestMessageLength(template, 'Demo Bistro')).toBe(
      characterCount(
        renderMessage(template, { name: 'x'.repeat(30), venue: 'Demo Bistro', size: 20, position: 99, quote: 999 }),
      ),
    );
  });

  test('every standard message, in both languages, fits Pushed’s 140 at a 40-character venue', () => {
    for (const [kind, byLanguage] of Object.entries(DEFAULT_MESSAGE_TEMPLATES))
      for (const [language, template] of Object.entries(byLanguage)) {
        expect(checkTemplate(template), `${kind} ${language}`).toEqual({ ok: true, value: template });
        expect(longestMessageLength(template, 'v'.repeat(40)), `${kind} ${language}`).toBeLessThanOrEqual(140);
      }
  });
});

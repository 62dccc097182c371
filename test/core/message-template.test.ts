import { describe, expect, test } from 'vitest';
import {
  characterCount,
  checkTemplate,
  CONTENT_LIMIT_MAX,
  DEFAULT_TEMPLATE,
  longestMessageLength,
  renderMessage,
  WORST_CASE_NAME_LENGTH,
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

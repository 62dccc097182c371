import { beforeAll, describe, expect, test } from 'vitest';
import { stringsFor, loadLanguage } from '../../src/ui/strings.ts';

beforeAll(() => loadLanguage('es')); // Spanish is a chunk of its own, loaded when spoken

const retryAt = new Date(2026, 10, 28, 20, 42).getTime();

describe('the words on a delivery row, in both languages', () => {
  test('a retry says who did not answer: the venue server, or Pushed', () => {
    const [en, es] = [stringsFor('en'), stringsFor('es')];
    const queued = (unanswered?: 'relay' | 'pushed') =>
      ({ state: 'queued', since: 0, retryAt, ...(unanswered ? { unanswered } : {}) }) as const;
    expect(en.deliveryText(queued('relay'), true)).toMatch(
      /^Queued: the venue server didn’t answer, trying again at \d/,
    );
    expect(en.deliveryText(queued('pushed'), true)).toMatch(/^Queued: Pushed didn’t answer, trying again at \d/);
    expect(en.deliveryText(queued(), true)).toMatch(/^Queued: trying again at \d/);
    expect(es.deliveryText(queued('relay'), true)).toMatch(
      /^En cola: el servidor del local no respondió, otro intento a las \d/,
    );
    expect(es.deliveryText(queued('pushed'), true)).toMatch(/^En cola: Pushed no respondió, otro intento a las \d/);
    expect(en.deliveryText(queued('relay'), false)).toBe('Queued: waiting for internet');
  });

  test('refused settings are named in the host’s words', () => {
    expect(stringsFor('en').settingsRefused(['Venue name', 'Channel alias'])).toBe(
      'Not saved. Check: Venue name, Channel alias.',
    );
    expect(stringsFor('es').settingsRefused(['Nombre del local'])).toBe('No se guardó. Revisa: Nombre del local.');
  });
});

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

  test('a guest’s Pushed permission missing, lost, not subscribed, or out of a direct tablet’s reach: said in words, never the raw type', () => {
    const failed = (errorType: string) => ({ state: 'failed', at: 0, errorType, message: 'raw' }) as const;
    // The row shows the first words only: they say what went wrong; the details show the whole advice.
    const cases = {
      pushed_permission_missing: [
        /^Not sent: No Pushed permission.*tap ‘Notify me with Pushed’ on their page/,
        /^No enviado: El servidor del local no tiene permiso de Pushed.*«Avisarme con Pushed» en su página/,
      ],
      pushed_permission_lost: [
        /^Not sent: Pushed permission lost: the venue changed its Pushed app/,
        /^No enviado: Permiso de Pushed perdido: el local cambió su app de Pushed/,
      ],
      user_not_subscribed: [
        /^Not sent: Guest isn’t subscribed to your channel yet, though they allowed Pushed.*scan the Pushed code/,
        /^No enviado: El cliente aún no está suscrito a tu canal, aunque permitió Pushed/,
      ],
      needs_venue_server: [
        /^Not sent: Needs the venue server.*Settings → Venue server/,
        /^No enviado: Hace falta el servidor del local.*Ajustes → Servidor del local/,
      ],
    };
    for (const [type, [en, es]] of Object.entries(cases)) {
      expect(stringsFor('en').deliveryText(failed(type), true)).toMatch(en!);
      expect(stringsFor('es').deliveryText(failed(type), true)).toMatch(es!);
      for (const lang of ['en', 'es'] as const)
        expect(stringsFor(lang).deliveryText(failed(type), true)).not.toMatch(/raw|_/);
    }
  });

  test('refused settings are named in the host’s words', () => {
    expect(stringsFor('en').settingsRefused(['Venue name', 'Channel alias'])).toBe(
      'Not saved. Check: Venue name, Channel alias.',
    );
    expect(stringsFor('es').settingsRefused(['Nombre del local'])).toBe('No se guardó. Revisa: Nombre del local.');
  });
});

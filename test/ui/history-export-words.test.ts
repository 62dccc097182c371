import { describe, expect, test } from 'vitest';
import type { VenueProblem } from '../../src/core/venue.ts';
import { enHistoryExport } from '../../src/ui/i18n/en-history-export.ts';
import { esHistoryExport } from '../../src/ui/i18n/es-history-export.ts';

/** Every refusal the history download can meet. */
const REFUSALS: VenueProblem[] = [
  { kind: 'staff_pin_required' },
  { kind: 'staff_pin_wrong', triesLeft: 2 },
  { kind: 'staff_pin_locked', retryAfterMs: 120_000 },
  { kind: 'revoked' },
  { kind: 'unauthorized' },
  { kind: 'not_found' },
  { kind: 'unreachable', cause: 'network' },
  { kind: 'unreachable', cause: 'timeout' },
  { kind: 'not_allowed', origin: 'https://venue.example' },
  { kind: 'address_refused', origin: 'http://localhost:8787' },
  { kind: 'too_many_attempts', retryAfterMs: 60_000 },
  { kind: 'server_error', status: 503 },
];

describe('the history download’s refusals, in words', () => {
  test('each is said in English and in Spanish, and differently for each cause', () => {
    for (const words of [enHistoryExport, esHistoryExport]) {
      const said = REFUSALS.map((p) => words.problem(p));
      for (const message of said) expect(message.length).toBeGreaterThan(20);
      // The two unreachable causes say the same thing; every other refusal its own.
      expect(new Set(said).size).toBe(REFUSALS.length - 1);
    }
    expect(REFUSALS.map((p) => esHistoryExport.problem(p))).not.toEqual(
      REFUSALS.map((p) => enHistoryExport.problem(p)),
    );
  });

  test('offline, it says the history is on the venue server; a wrong PIN, how many tries are left', () => {
    expect(enHistoryExport.problem({ kind: 'unreachable', cause: 'network' })).toBe(
      'The venue’s history is kept on the venue server: connect this tablet to the internet, then try again.',
    );
    expect(esHistoryExport.problem({ kind: 'unreachable', cause: 'network' })).toContain('servidor del local');
    expect(enHistoryExport.problem({ kind: 'staff_pin_wrong', triesLeft: 2 })).toContain('2 tries left');
    expect(esHistoryExport.problem({ kind: 'staff_pin_wrong', triesLeft: 2 })).toContain('Quedan 2 intentos');
  });
});

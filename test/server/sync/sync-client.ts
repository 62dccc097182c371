import type { Party } from '../../../src/core/party.ts';
import { mutation, type Mutation, type MutationChange } from '../../../src/core/sync/mutation.ts';
import { aParty } from '../../support/parties.ts';
import { api, type ApiAnswer } from '../venue/venue-client.ts';

let n = 0;
/** A mutation as a tablet makes it (a fresh id; `tablet` is whatever the tablet thinks, the server overrides it). */
export const change = (partyId: string, c: MutationChange, at = 1_800_000_000_000 + n): Mutation =>
  mutation(`mut-${process.pid}-${++n}`, 'tablet-claims', at, partyId, c);

/** An add of a new waiting party named `name`. */
export function addOf(name: string, overrides: Partial<Party> = {}): { party: Party; add: Mutation } {
  const party = aParty({ name, ...overrides });
  return { party, add: change(party.id, { kind: 'add', party }) };
}

/** POST /1/sync/push as a tablet. */
export const syncPush = (base: string, token: string, mutations: unknown[]): Promise<ApiAnswer> =>
  api(base, '/1/sync/push', { token, body: { mutations } });

/** GET /1/sync/changes as a tablet. */
export const syncChanges = (base: string, token: string, query = 'since=0'): Promise<ApiAnswer> =>
  api(base, `/1/sync/changes?${query}`, { token });

/**
 * GET /1/sync/events read as the kiosk reads it (fetch and a stream reader): the versions announced
 * so far, a wait for one, and whether the server ended the stream (cleanly, or cut it).
 */
export async function openEvents(base: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/1/sync/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const versions: number[] = [];
  let pings = 0;
  let settings = 0;
  let replaced = false;
  let ended: 'clean' | 'cut' | null = null;
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const w of waiters) w();
  };
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let at: number;
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            if (frame.startsWith(': ping')) pings += 1;
            if (/^event: settings$/m.test(frame)) settings += 1;
            if (/^event: replaced$/m.test(frame)) replaced = true;
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (/^event: version$/m.test(frame) && data)
              versions.push((JSON.parse(data) as { version: number }).version);
          }
          changed();
        }
        ended = 'clean';
      } catch {
        ended = 'cut';
      }
      changed();
    })();
  }
  /** Resolves once `check` holds (it is asked after every frame), or fails after `timeoutMs` saying what it waited for. */
  const until = (check: () => boolean, what: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`Gave up waiting for ${what}; versions seen: ${versions.join(',')}, ended: ${ended}`));
      }, timeoutMs);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve();
      };
      waiters.add(waiter);
    });
  return {
    response,
    versions,
    pings: () => pings,
    ended: () => ended,
    /** Whether the server said a newer stream of the same tablet took this one's place. */
    replaced: () => replaced,
    /** Resolves once the venue's settings were said to have changed `count` times. */
    settings: (count = 1) => until(() => settings >= count, `${count} settings event(s)`),
    /** Resolves once a version ≥ `version` was announced. */
    version: (version: number) => until(() => versions.some((v) => v >= version), `version ${version}`),
    /** Resolves once the server has ended the stream. */
    end: () => until(() => ended !== null, 'the stream to end'),
    close: () => controller.abort(),
  };
}

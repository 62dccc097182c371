import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ONLINE_JOINS_DEFAULTS } from '../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { sharedSettings } from '../../src/core/shared-settings.ts';
import { STAFF_PIN_HEADER } from '../../src/core/wire/protocol.ts';
import type { VenueServer } from '../e2e/venue-server.ts';
import { api } from '../server/venue/venue-client.ts';
import type { StreamsAnswer, StreamsRequest } from './guest-streams-process.ts';

/** A tablet paired over HTTP, as the kiosk pairs (`POST /1/pair` with a code from `venue pair`): its device token. */
export async function pairOverHttp(server: VenueServer, label: string): Promise<string> {
  const pair = await server.cli(['venue', 'pair', 'Casa Prueba']);
  const code = /\/pair\?code=([0-9A-Z-]+)/.exec(pair.out)?.[1];
  expect(code, pair.out).toBeDefined();
  const paired = await api(server.url, '/1/pair', { body: { code, label } });
  expect(paired.status, paired.text).toBe(200);
  return paired.json.deviceToken as string;
}

/** Turns the venue's online joins on, as a tablet's Settings would (with the staff PIN once a tablet set one); the venue's check-in code. */
export async function openOnlineJoins(base: string, token: string, maxWaiting: number, pin?: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = await api(base, '/1/venue/settings', { token });
    const settings = now.json.settings ?? sharedSettings({ ...SANDBOX_SETTINGS, venueName: 'Casa Prueba' });
    const put = await api(base, '/1/venue/settings', {
      token,
      method: 'PUT',
      headers: pin ? { [STAFF_PIN_HEADER]: pin } : {},
      body: {
        revision: now.json.revision,
        settings: { ...settings, onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true, maxWaiting } },
      },
    });
    // A paired tablet may upload its own settings meanwhile: read them again and retry.
    if (put.status === 409) continue;
    expect(put.status, put.text).toBe(200);
    const venue = await api(base, '/1/venue', { token });
    return venue.json.checkIn.code as string;
  }
  throw new Error('the venue settings kept changing under the bench');
}

/** A guest's join from the check-in page (its own Origin), timed by the caller: the ticket. */
export async function joinOnline(base: string, code: string, name: string): Promise<string> {
  const joined = await api(base, `/1/guest/venues/${code}/join`, {
    body: { name, size: 2, language: 'en' },
    headers: { Origin: new URL(base).origin },
  });
  expect(joined.status, joined.text).toBe(201);
  return joined.json.ticket as string;
}

/** The resident memory of process `pid`, in MB (VmRSS). */
export async function rssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kB / 1024;
}

/**
 * `count` guest status streams over `tickets` (several pages per ticket when fewer), held by a process of its own
 * (guest-streams-process.ts) so that reading them never delays the bench's own loop; resolves once every one has had
 * its first status. `mark()` notes every stream's place; `report(moves)` says how the `moves` changes since were told.
 */
export async function guestStreamsProcess(base: string, tickets: string[], count: number, batch = 100) {
  const child = fork(fileURLToPath(new URL('./guest-streams-process.ts', import.meta.url)), [], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T extends StreamsAnswer['type']>(request: StreamsRequest, expected: T) =>
    new Promise<Extract<StreamsAnswer, { type: T }>>((resolve, reject) => {
      const gone = () => reject(new Error('the guest streams process exited'));
      child.once('exit', gone);
      child.once('message', (message: StreamsAnswer) => {
        child.off('exit', gone);
        if (message.type === expected) resolve(message as Extract<StreamsAnswer, { type: T }>);
        else reject(new Error(message.type === 'failed' ? message.message : `unexpected ${message.type}`));
      });
      child.send(request);
    });
  try {
    const { seconds } = await ask({ type: 'open', base, tickets, count, batch }, 'opened');
    return {
      /** Seconds it took to open them all, batch after batch. */
      openedIn: seconds,
      mark: () => ask({ type: 'mark' }, 'marked').then(() => {}),
      report: (moves: number, timeoutMs = 30_000) =>
        ask({ type: 'report', moves, timeoutMs }, 'report').then((answer) => answer.report),
      close: async () => {
        if (child.connected) child.send({ type: 'close' } satisfies StreamsRequest);
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { ONLINE_JOINS_DEFAULTS } from '../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { sharedSettings } from '../../src/core/shared-settings.ts';
import { GUEST_TICKET_HEADER } from '../../src/core/wire/guest.ts';
import { STAFF_PIN_HEADER } from '../../src/core/wire/protocol.ts';
import type { VenueServer } from '../e2e/venue-server.ts';
import { api } from '../server/venue/venue-client.ts';

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

/** One frame of an event stream, and when (performance.now()) it arrived. */
export interface Frame {
  event: string;
  data: string;
  at: number;
}

/**
 * An event stream read from Node over its own socket (no pool), from client address `localAddress`:
 * every frame is handed to `onFrame` as it arrives. Resolves once the response's head is in.
 */
export function openStream(
  url: string,
  headers: Record<string, string>,
  onFrame: (frame: Frame) => void,
  localAddress = '127.0.0.1',
): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, localAddress, agent: false }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const text = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(text)?.[1];
          const data = /^data: (.*)$/m.exec(text)?.[1];
          if (event && data) onFrame({ event, data, at });
        }
      });
      res.on('error', () => {}); // closed by the bench
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A guest's status stream: the places (null once called or finished) and states it was told, in order. */
export interface GuestStream {
  places: (number | null)[];
  close(): void;
}

/**
 * Opens `count` status streams over `tickets` (several pages per ticket when fewer), `batch` at a time, each from one of
 * the loopback addresses 127.0.0.2–127.0.0.200 so the per-address caps see a restaurant's worth of networks; resolves
 * once every one has had its first status.
 */
export async function openGuestStreams(base: string, tickets: string[], count: number, batch = 100) {
  const streams: GuestStream[] = [];
  for (let from = 0; from < count; from += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, count - from) }, async (_, j) => {
        const i = from + j;
        const places: (number | null)[] = [];
        let first!: () => void;
        const told = new Promise<void>((resolve) => (first = resolve));
        const stream = await openStream(
          `${base}/1/guest/ticket/events`,
          { [GUEST_TICKET_HEADER]: tickets[i % tickets.length]! },
          (frame) => {
            if (frame.event !== 'status') return;
            places.push((JSON.parse(frame.data) as { place: number | null }).place);
            first();
          },
          `127.0.0.${2 + (i % 199)}`,
        );
        expect(stream.status, `guest stream ${i}`).toBe(200);
        await told;
        return { places, close: stream.close };
      }),
    );
    streams.push(...opened);
  }
  return streams;
}

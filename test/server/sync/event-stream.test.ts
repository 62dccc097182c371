import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Device } from '../../../src/server/venue/device-store.ts';
import { afterEach, expect, test } from 'vitest';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { openEventStream, type EventStreamDeps } from '../../../src/server/sync/event-stream.ts';
import { streamCaps } from '../../../src/server/sync/stream-caps.ts';
import type { StreamListener } from '../../../src/server/sync/sync-hub.ts';
import { head, openSocket } from '../raw-http.ts';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));

const DEVICE: Device = {
  id: 'dev_slow',
  venueId: 'ven_1',
  label: 'Door',
  pairedAt: new Date(),
  lastSeenAt: null,
  revokedAt: null,
  pairedBy: null,
  revokedBy: null,
  ownerAction: null,
};

test('a tablet that stops reading has its stream cut once what waits for it passes the bound: the server keeps nothing for it', async () => {
  const lines: string[] = [];
  let listener: StreamListener | null = null;
  const caps = streamCaps({ perTablet: 4, perVenue: 64, total: 400 });
  const deps: EventStreamDeps = {
    // The stream reads only the venue's version from the store, and refuses nothing through the gate here.
    sync: { version: () => Promise.resolve(0) } as unknown as EventStreamDeps['sync'],
    gate: {} as EventStreamDeps['gate'],
    hub: {
      subscribe: (_venue, stream) => ((listener = stream), () => (listener = null)),
      ready: () => Promise.resolve(),
      wake: () => {},
      stop: () => Promise.resolve(),
    },
    caps,
    log: serverLogger((line) => lines.push(line)),
    stillPaired: () => Promise.resolve(true),
    heartbeatMs: 60_000,
    recheckMs: 60_000,
    maxAgeMs: 600_000,
    maxBufferedBytes: 64 * 1024,
    random: () => 0,
  };
  const server = createServer((req, res) => void openEventStream(deps, req, res, DEVICE, {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => server.close());
  const socket = await openSocket((server.address() as AddressInfo).port, '127.0.0.2');
  cleanup.push(() => socket.destroy());
  socket.on('error', () => {}); // the server's cut may arrive as a reset
  socket.write(head(['GET /1/sync/events HTTP/1.1', 'Host: 127.0.0.1']));
  await new Promise((resolve) => socket.once('data', resolve));
  socket.pause(); // the tablet reads nothing more: its kernel buffers fill, then the server's

  // Several megabytes of events, a little at a time so the socket can flush between them, until the stream is gone.
  for (let version = 1; listener && version <= 300_000; version++) {
    (listener as StreamListener).version(version);
    if (version % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  expect(listener).toBeNull(); // no longer told of versions: nothing more is written or kept for it
  expect(caps.size()).toBe(0); // its slot is free for another stream
  expect(lines.join('')).toContain('"msg":"event stream cut: its tablet does not read"');
  expect(lines.join('')).toContain('"device":"dev_slow"');
});

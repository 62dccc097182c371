import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { PushTarget } from '../../../src/core/push-target.ts';
import { createVenuePushClient } from '../../../src/pushed/venue-push-client.ts';
import { createSandbox } from '../../../src/server/sandbox/sandbox.ts';
import { TOKEN } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';

// Announcements go to a channel or the whole app: the relay must carry both to Pushed, and the
// sandbox must deliver them to every subscribed phone (and, for the app, to every channel's).
const ALIAS = 'VenueChannel';
const sandbox = createSandbox({
  appKey: 'RelayAppKey000000001',
  appSecret: 'RelaySecret0123456789abcdefABCDEF',
  channels: [ALIAS, 'OtherVenue'],
  contentLimit: 140,
});
let server: Server;
let relay: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  server = createServer((req, res) => void sandbox.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay = await startRelayServer(`http://127.0.0.1:${(server.address() as AddressInfo).port}/1`);
});
afterAll(async () => {
  await relay.close();
  await new Promise((resolve) => server.close(resolve));
});
// Each test announces afresh: the venue's 10-minute rule has its own tests (venue-announcements.test.ts).
beforeEach(async () => {
  sandbox.state.reset();
  await relay.store.db.query('DELETE FROM announcements');
});

const client = () =>
  createVenuePushClient({ baseUrl: `${relay.url}/1`, fetch: (url, init) => fetch(url, init), deviceToken: TOKEN });
const push = (target: PushTarget, content: string, key: string) =>
  client().push({ idempotencyKey: key, target, content, options: { limit: 140 } });
const guest = (...channels: string[]) => {
  const g = sandbox.state.createGuest();
  channels.forEach((c) => g.channels.add(c));
  return g;
};
const inbox = (g: ReturnType<typeof guest>) => g.notifications.map((n) => n.content);

describe('announcements through the relay, to the sandbox', () => {
  test('to the channel: every guest subscribed to it gets it once, even when the kiosk sends it twice with its key', async () => {
    const [ana, bo, cy] = [guest(ALIAS), guest(ALIAS), guest(ALIAS)];
    const elsewhere = guest('OtherVenue');
    const stranger = guest();
    const first = await push({ type: 'channel', alias: ALIAS }, 'Kitchen closes in 30 minutes', 'announce-key-0001');
    const again = await push({ type: 'channel', alias: ALIAS }, 'Kitchen closes in 30 minutes', 'announce-key-0001');
    expect(first).toMatchObject({ kind: 'delivered' });
    expect(again).toEqual(first);
    for (const g of [ana, bo, cy]) expect(inbox(g)).toEqual(['Kitchen closes in 30 minutes']);
    expect(inbox(elsewhere)).toEqual([]);
    expect(inbox(stranger)).toEqual([]);
    expect(sandbox.state.shipments).toMatchObject([{ targetType: 'channel', targetAlias: ALIAS }]);
  });

  test('to the app: every guest subscribed to any of its channels, once', async () => {
    const [ana, other, stranger] = [guest(ALIAS), guest('OtherVenue'), guest()];
    expect(await push({ type: 'app' }, 'We’re seating walk-ins now', 'announce-key-0002')).toMatchObject({
      kind: 'delivered',
    });
    expect(inbox(ana)).toEqual(['We’re seating walk-ins now']);
    expect(inbox(other)).toEqual(['We’re seating walk-ins now']);
    expect(inbox(stranger)).toEqual([]);
    expect(sandbox.state.shipments).toMatchObject([{ targetType: 'app', targetAlias: null }]);
  });

  test('a channel nobody subscribed to is refused, in Pushed’s words, and nothing is delivered', async () => {
    guest('OtherVenue');
    expect(await push({ type: 'channel', alias: ALIAS }, 'Hello', 'announce-key-0003')).toMatchObject({
      kind: 'refused',
      errorType: 'target_has_no_subscribers',
    });
    expect(sandbox.state.shipments).toEqual([]);
  });
});

import { expect, test } from 'vitest';
import type { AnnouncementEntry } from '../../src/core/delivery.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { pushSender } from '../../src/delivery/push-sender.ts';
import type { FetchLike } from '../../src/pushed/send-push.ts';
import type { JsonFetch } from '../../src/pushed/venue-announcements-client.ts';

const T = 1_700_000_000_000;
const entry: AnnouncementEntry = {
  key: 'announce-key-1',
  kind: 'announcement',
  announcementId: 'announcement-1',
  recipient: { type: 'channel' },
  content: 'The kitchen closes in 30 minutes.',
  createdAt: T,
  state: 'in_flight',
  attempts: 0,
  notBefore: T,
};
const settings = { ...SANDBOX_SETTINGS, route: 'relay' as const, relayUrl: '/relay/1', deviceToken: 'tok-123' };

/** A venue server that records each request: `announcements` answers the announcements route, /1/push answers 200. */
function venueServer(announcements: { status: number; body: unknown }) {
  const seen: string[] = [];
  const json: JsonFetch = async (url, init) => {
    seen.push(`${init.method} ${url}`);
    return {
      status: announcements.status,
      headers: new Headers(),
      text: async () => JSON.stringify(announcements.body),
    };
  };
  const push: FetchLike = async (url, init) => {
    seen.push(`POST ${url} ${init.body.get('target_type')}`);
    return { status: 200, headers: new Headers(), text: async () => '{"response":{"data":{"shipment":"S1"}}}' };
  };
  return { seen, send: pushSender(push, (url) => `https://venue.test${url}`, undefined, json) };
}

test("a paired tablet's announcement goes to the venue's announcements, with its id, key, target and time", async () => {
  const body = {
    announcement: {
      ...{ id: entry.announcementId, key: entry.key, target: 'channel', text: entry.content },
      ...{ createdAt: T, receivedAt: T + 5, tablet: 'Front stand', mine: true },
      delivery: { state: 'sent', at: T + 10, shipmentId: 'S9' },
    },
  };
  const server = venueServer({ status: 201, body });
  const result = await server.send(entry, settings, new AbortController().signal);
  expect(result).toEqual({ kind: 'delivered', shipmentId: 'S9' });
  expect(server.seen).toEqual(['POST https://venue.test/relay/1/announcements']);
});

test('a venue server of before, without the announcements route, gets it as a push, as it did', async () => {
  const server = venueServer({ status: 404, body: { error: { type: 'not_found', message: 'No such route.' } } });
  const result = await server.send(entry, settings, new AbortController().signal);
  expect(result).toMatchObject({ kind: 'delivered' });
  expect(server.seen).toEqual([
    'POST https://venue.test/relay/1/announcements',
    'POST https://venue.test/relay/1/push channel',
  ]);
});

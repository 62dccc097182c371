import { afterAll, beforeAll, expect, test } from 'vitest';
import { ONLINE_JOINS_DEFAULTS } from '../../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import { sharedSettingsStore } from '../../../src/server/venue/shared-settings-store.ts';
import { startRelayServer } from '../in-process-server.ts';
import { TOKEN } from '../server-process.ts';
import { addOf, change, syncChanges, syncPush } from '../sync/sync-client.ts';
import { guestPhone, openStatusStream } from './guest-client.ts';

const NOWHERE = 'http://127.0.0.1:9/1';
let server!: Awaited<ReturnType<typeof startRelayServer>>;
let code!: string;

beforeAll(async () => {
  server = await startRelayServer(NOWHERE, { guest: { joinsPerAddress: 1_000 } });
  await sharedSettingsStore(server.store.db).save(server.venue.id, null, 0, {
    settings: sharedSettings({
      ...SANDBOX_SETTINGS,
      venueName: server.venue.name,
      onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true, maxWaiting: 200 },
    }),
  });
  code = (await server.store.venues.code(server.venue.id))!;
}, 60_000);
afterAll(() => server?.close());

const join = async (base: string, name: string) =>
  (await guestPhone(base).join(code, { name, size: 2, language: 'en' })).json.ticket as string;
const partyOf = async (name: string) =>
  ((await syncChanges(server.url, TOKEN)).json.parties as { party: { id: string; name: string } }[]).find(
    (r) => r.party.name === name,
  )!.party.id;

test('the status stream says each change: a tablet calling the party ahead, then this one, on this copy and another', async () => {
  const ahead = addOf('Host Added');
  await syncPush(server.url, TOKEN, [ahead.add]);
  const ticket = await join(server.url, 'Eva Stream');
  const copy = await startRelayServer(NOWHERE, { copyOf: server });
  const here = await openStatusStream(server.url, ticket);
  const there = await openStatusStream(copy.url, ticket);
  try {
    expect(here.response.headers.get('content-type')).toContain('text/event-stream');
    await here.until((s) => s.place === 2, 'place 2 at once');
    await there.until((s) => s.place === 2, 'place 2 at once, on the other copy');

    // Pushed to the first copy: the other copy's stream hears it through the database.
    await syncPush(server.url, TOKEN, [change(ahead.party.id, { kind: 'act', action: 'seat' })]);
    await there.until((s) => s.place === 1, 'place 1 on the other copy');
    await syncPush(copy.url, TOKEN, [change(await partyOf('Eva Stream'), { kind: 'act', action: 'notify' })]);
    await here.until((s) => s.state === 'called', 'called, pushed on the other copy');
    // Only changes are sent: nothing twice for one state.
    const states = here.statuses.map((s) => `${s.state}:${s.place}`);
    expect(new Set(states).size).toBe(states.length);
  } finally {
    here.close();
    there.close();
    await copy.close();
  }
});

test('status streams are capped per address and per copy, in words, with Retry-After; tablets still sync meanwhile', async () => {
  const tickets = await Promise.all(['Fa', 'Gu', 'Ha', 'Io', 'Ju'].map((n) => join(server.url, n)));
  // Three connections for the address, four status streams: the streams never hold the tablets' connections.
  const small = await startRelayServer(
    NOWHERE,
    { copyOf: server, guestStreams: { perAddress: 4, perCopy: 100, perVenue: 100 } },
    { maxConnectionsPerAddress: 3 },
  );
  const tiny = await startRelayServer(NOWHERE, { copyOf: server, guestStreams: { perAddress: 10, perCopy: 1 } });
  const opened: Awaited<ReturnType<typeof openStatusStream>>[] = [];
  try {
    for (const t of tickets.slice(0, 4)) {
      const stream = await openStatusStream(small.url, t);
      opened.push(stream);
      await stream.until(() => true, 'its first status');
    }
    for (let i = 0; i < 3; i += 1) expect((await syncChanges(small.url, TOKEN)).status).toBe(200);
    const fifth = await fetch(`${small.url}/1/guest/ticket/events`, { headers: { 'Waitbell-Ticket': tickets[4]! } });
    expect(fifth.status).toBe(429);
    expect((await fifth.json()).error.code).toBe('too_many_streams');
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    const refusals = small.logs().filter((l) => l.type === 'too_many_streams');
    expect(refusals).toHaveLength(1);
    expect(JSON.stringify(refusals)).not.toContain(tickets[4]);

    opened.push(await openStatusStream(tiny.url, tickets[0]!));
    const past = await fetch(`${tiny.url}/1/guest/ticket/events`, { headers: { 'Waitbell-Ticket': tickets[1]! } });
    expect(past.status).toBe(503);
    expect(Number(past.headers.get('retry-after'))).toBeGreaterThan(0);
  } finally {
    opened.forEach((s) => s.close());
    await small.close();
    await tiny.close();
  }
});

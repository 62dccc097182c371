import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ONLINE_JOINS_DEFAULTS, ONLINE_MAX_WAITING } from '../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { sharedSettings } from '../../src/core/shared-settings.ts';
import { GUEST_TICKET_HEADER } from '../../src/core/wire/guest.ts';
import { createSandbox } from '../../src/server/sandbox/sandbox.ts';
import { sharedSettingsStore } from '../../src/server/venue/shared-settings-store.ts';
import { guestPhone } from '../server/guest/guest-client.ts';
import { APP_KEY, startRelayServer } from '../server/in-process-server.ts';
import { SECRET, TOKEN } from '../server/server-process.ts';
import { addOf, syncChanges, syncPush } from '../server/sync/sync-client.ts';
import { api, pushAs } from '../server/venue/venue-client.ts';
import { report, summarize } from './stats.ts';

const GUESTS = 200;
const PUBLIC = 'https://waitlist.example';

let sandbox: ReturnType<typeof createSandbox>;
let sandboxUrl: string;
let close: () => Promise<void>;
let server: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  sandbox = createSandbox({ appKey: APP_KEY, appSecret: SECRET, channels: ['Venue'], contentLimit: 140 });
  const http = createServer((req, res) => void sandbox.handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  sandboxUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve())));
  server = await startRelayServer(`${sandboxUrl}/1`, {
    publicUrl: PUBLIC,
    ratePerMinute: 100_000,
    guest: { joinsPerAddress: 100_000, joinsPerVenue: 100_000, readsPerMinute: 1_000_000 },
  });
  await sharedSettingsStore(server.store.db).save(server.venue.id, null, 0, {
    settings: sharedSettings({
      ...SANDBOX_SETTINGS,
      venueName: server.venue.name,
      onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true, maxWaiting: ONLINE_MAX_WAITING.max },
    }),
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await close?.();
});

const sandboxApi = async (path: string) =>
  (await fetch(`${sandboxUrl}/sandbox/api${path}`, { method: 'POST' })).json() as Promise<Record<string, string>>;

test('Notify me with Pushed: the trip back from Pushed, and Table ready through the user target against a PushedID', async () => {
  const code = (await server.store.venues.code(server.venue.id))!;
  const phone = guestPhone(server.url, { Origin: PUBLIC });
  const trips: number[] = [];
  const online: string[] = [];
  for (let i = 0; i < GUESTS; i++) {
    const joined = await phone.join(code, { name: `Online ${i}`, size: 2, language: 'en' });
    if (joined.status !== 201) throw new Error(`join ${joined.status}`);
    const ticket = joined.json.ticket as string;
    const { pushedId } = await sandboxApi('/guests');
    await sandboxApi(`/guests/${pushedId}/subscribe`);
    const started = await api(server.url, '/1/guest/pushed', {
      method: 'POST',
      headers: { Origin: PUBLIC, [GUEST_TICKET_HEADER]: ticket },
    });
    const back = new URL(new URL(started.json.url as string).searchParams.get('redirect_uri')!);
    back.searchParams.set('code', (await sandboxApi(`/guests/${pushedId}/authorize`)).code!);
    const t = performance.now();
    const answer = await fetch(`${server.url}/oauth/pushed${back.search}`, { redirect: 'manual' });
    trips.push(performance.now() - t);
    expect(answer.headers.get('location')).toContain('pushed=allowed');
  }
  const changes = await syncChanges(server.url, TOKEN);
  const parties = (changes.json as { parties: { party: { id: string; name: string } }[] }).parties.map((r) => r.party);
  for (const p of parties) if (p.name.startsWith('Online ')) online.push(p.id);
  expect(online).toHaveLength(GUESTS);

  // As many parties added at the stand, each with a PushedID: the push the venue server makes today.
  const stand: { id: string; pushedId: string }[] = [];
  for (let i = 0; i < GUESTS; i++) {
    const pushedId = (await sandboxApi('/guests')).pushedId!;
    await sandboxApi(`/guests/${pushedId}/subscribe`);
    const { party, add } = addOf(`Stand ${i}`, { pushedId });
    expect((await syncPush(server.url, TOKEN, [add])).status).toBe(200);
    stand.push({ id: party.id, pushedId });
  }

  const push = async (fields: Record<string, string>, key: string) => {
    const t = performance.now();
    const answer = await pushAs(server.url, TOKEN, key, fields);
    if (answer.status !== 200) throw new Error(`push ${answer.status} ${answer.text}`);
    return performance.now() - t;
  };
  // Interleaved, one at a time, so the machine's noise falls on both alike.
  const user: number[] = [];
  const pushedId: number[] = [];
  for (let i = 0; i < GUESTS; i++) {
    user.push(await push({ target_type: 'user', target_alias: 'Venue', party_id: online[i]! }, `bench-user-${i}`));
    const { id, pushedId: guest } = stand[i]!;
    pushedId.push(
      await push(
        { target_type: 'pushed_id', target_alias: 'Venue', pushed_id: guest, party_id: id },
        `bench-stand-${i}`,
      ),
    );
  }
  const trip = summarize(trips);
  const viaUser = summarize(user);
  const viaPushedId = summarize(pushedId);
  report(`Notify me with Pushed (${GUESTS} guests, in process, PGlite in memory, the sandbox as Pushed)`, {
    'the way back from Pushed (state spent, code exchanged, token sealed)': trip,
    'Table ready, user target (token opened, status link minted)': viaUser,
    'Table ready, PushedID of a party added at the stand': viaPushedId,
  });
  console.log(`  user / PushedID, median: ${(viaUser.median / viaPushedId.median).toFixed(2)}×\n`);
  const { shipments } = sandbox.state.stats();
  expect(shipments).toBeGreaterThanOrEqual(2 * GUESTS);
});

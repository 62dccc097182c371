import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ONLINE_JOINS_DEFAULTS } from '../../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import { GUEST_TICKET_HEADER } from '../../../src/core/wire/guest.ts';
import { newDeviceToken } from '../../../src/server/venue/venue-store.ts';
import { sharedSettingsStore } from '../../../src/server/venue/shared-settings-store.ts';
import { startRelayServer } from '../in-process-server.ts';
import { change, syncChanges, syncPush } from '../sync/sync-client.ts';
import { api } from '../venue/venue-client.ts';
import { guestPhone } from './guest-client.ts';

// What the public could try against the guest side: each test from an address of its own (X-Forwarded-For).
const NOWHERE = 'http://127.0.0.1:9/1'; // no test here sends to Pushed
const PUBLIC = 'https://waitlist.example';
const READS_PER_MINUTE = 10;
let server!: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  server = await startRelayServer(NOWHERE, {
    publicUrl: PUBLIC,
    trustedProxies: ['127.0.0.1'],
    guest: { joinsPerAddress: 1_000, joinsPerVenue: 1_000, readsPerMinute: READS_PER_MINUTE },
  });
}, 60_000);
afterAll(() => server?.close());

let addresses = 0;
/** A phone on the guest page from an address no other test uses. */
const newPhone = () => {
  const address = `203.0.113.${++addresses}`;
  return { address, phone: guestPhone(server.url, { Origin: PUBLIC, 'X-Forwarded-For': address }) };
};

/** A venue taking online joins; its code and its tablet's token. */
async function openVenue() {
  const venue = await server.store.venues.createVenue(`Casa ${addresses}`);
  const token = newDeviceToken();
  await server.store.venues.addDevice(venue.id, 'Front stand', token);
  await sharedSettingsStore(server.store.db).save(venue.id, null, 0, {
    settings: sharedSettings({
      ...SANDBOX_SETTINGS,
      venueName: venue.name,
      onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true },
    }),
  });
  return { venueId: venue.id, code: (await server.store.venues.code(venue.id))!, token };
}

describe('guessing tickets', () => {
  test("status streams asked with guessed tickets spend the address's reads: past them, 429 in words with Retry-After", async () => {
    const { address } = newPhone();
    const guess = () =>
      api(server.url, '/1/guest/ticket/events', {
        headers: { [GUEST_TICKET_HEADER]: 'A'.repeat(43), 'X-Forwarded-For': address },
      });
    const answers = [];
    for (let i = 0; i < READS_PER_MINUTE + 2; i++) answers.push(await guess());
    expect(answers.slice(0, READS_PER_MINUTE).map((a) => a.status)).toEqual(Array(READS_PER_MINUTE).fill(404));
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/wait a moment/);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
  });
});

describe("a guest's own changes", () => {
  test('"I\'m on my way" before the host called is refused with the status as it is: once called, the guest is still alerted and the row says nothing early', async () => {
    const { code, token } = await openVenue();
    const { phone } = newPhone();
    const { ticket } = (await phone.join(code, { name: 'Ana Torres', size: 2, language: 'en' })).json;
    const early = await phone.onMyWay(ticket);
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({
      code: 'not_called_yet',
      message: expect.stringMatching(/not called you yet/),
      status: { state: 'waiting', onMyWayAt: null },
    });
    const row = (await syncChanges(server.url, token)).json.parties[0].party;
    expect(row.onMyWayAt ?? null).toBeNull();

    await syncPush(server.url, token, [change(row.id, { kind: 'act', action: 'notify' })]);
    expect((await phone.status(ticket)).json).toMatchObject({ state: 'called', onMyWayAt: null });
    const coming = await phone.onMyWay(ticket);
    expect(coming.status).toBe(200);
    expect(coming.json).toMatchObject({ state: 'called', onMyWayAt: expect.any(Number) });
  });
});

import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeUpstream, push, SECRET, TOKEN, TOKEN_B } from '../server-process.ts';
import { APP_KEY, startRelayServer } from '../in-process-server.ts';
import { api, pushAs, secondVenue } from './venue-client.ts';

// The issue: "a token of venue A can neither read, replay nor block anything of venue B".
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let server: Awaited<ReturnType<typeof startRelayServer>>;
let b: Awaited<ReturnType<typeof secondVenue>>;

beforeEach(async () => {
  upstream = await fakeUpstream();
  server = await startRelayServer(upstream.url);
  b = await secondVenue(server);
}, 60_000); // the first makes the migrated database template
afterEach(async () => {
  await server.close();
  await upstream.close();
});

describe("venue B's tablet", () => {
  test("reads and changes only its own venue, never A's", async () => {
    const seen = await api(server.url, '/1/venue', { token: b.token });
    expect(seen.json.venue.id).toBe(b.venue.id);
    expect(seen.text).not.toContain(server.venue.id);
    expect(seen.text).not.toContain('Casa Prueba');

    const put = await api(server.url, '/1/venue', {
      token: b.token,
      method: 'PUT',
      body: { name: 'Pwned', appSecret: 'Evil1' },
    });
    expect(put.json.venue.id).toBe(b.venue.id);
    const a = await api(server.url, '/1/venue', { token: TOKEN });
    expect(a.json.venue).toMatchObject({ name: 'Casa Prueba', appKey: APP_KEY });
    await pushAs(server.url, TOKEN, 'a-after-b-put-01');
    expect(upstream.calls[0]).toMatchObject({ app_key: APP_KEY, app_secret: SECRET });
  });

  test("lists only B's tablets, and cannot revoke A's (404 not_found, as for an unknown id; A unchanged)", async () => {
    const list = await api(server.url, '/1/devices', { token: b.token });
    expect((list.json.devices as { id: string }[]).map((d) => d.id)).toEqual([b.device.id]);
    for (const device of server.devices) {
      const revoke = await api(server.url, `/1/devices/${device.id}/revoke`, { token: b.token, method: 'POST' });
      expect([revoke.status, revoke.json.error.type]).toEqual([404, 'not_found']);
      expect(revoke.text).not.toContain(device.label);
    }
    const unknown = await api(server.url, '/1/devices/dev_doesnotexist/revoke', { token: b.token, method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe(
      (await api(server.url, `/1/devices/${server.devices[0]!.id}/revoke`, { token: b.token, method: 'POST' })).json
        .error.message,
    ); // never says which
    expect((await server.store.venues.devices(server.venue.id)).every((d) => d.revokedAt === null)).toBe(true);
    expect((await api(server.url, '/1/venue', { token: TOKEN })).status).toBe(200);
  });

  test("cannot replay A's key: the same Idempotency-Key from B is B's own push, and A's answer is never shown to B", async () => {
    const a = await pushAs(server.url, TOKEN, 'shared-key-00001');
    expect(a.status).toBe(200);
    const fromB = await pushAs(server.url, b.token, 'shared-key-00001');
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('idempotent-replayed')).toBeNull();
    expect(fromB.text).not.toBe(a.text); // A's shipment S1 is not B's
    expect(fromB.json.response.data.shipment).toBe('S2');
    expect(upstream.calls).toHaveLength(2);
    expect(upstream.calls[1]).toMatchObject({ app_key: b.appKey, app_secret: b.appSecret });
    // Each venue's retry replays its own answer.
    const retryA = await pushAs(server.url, TOKEN, 'shared-key-00001');
    const retryB = await pushAs(server.url, b.token, 'shared-key-00001');
    expect([retryA.json.response.data.shipment, retryB.json.response.data.shipment]).toEqual(['S1', 'S2']);
    expect(retryA.headers.get('idempotent-replayed')).toBe('true');
    expect(upstream.calls).toHaveLength(2);
  });

  test("cannot block A's key: B using key K first (even with another body) does not stop A sending K", async () => {
    const fromB = await pushAs(server.url, b.token, 'blocking-key-001', { content: 'Something else' });
    expect(fromB.status).toBe(200);
    const a = await pushAs(server.url, TOKEN, 'blocking-key-001');
    expect(a.status).toBe(200);
    expect(a.headers.get('idempotent-replayed')).toBeNull();
    expect(upstream.calls).toHaveLength(2);
    expect(upstream.calls[1]).toMatchObject({ app_key: APP_KEY, content: 'Table ready' });
  });

  test("cannot block A's key while B's call with it is still in flight", async () => {
    await server.close();
    await upstream.close();
    let slow = true;
    upstream = await fakeUpstream(() => (slow ? 1_500 : 0));
    server = await startRelayServer(upstream.url);
    b = await secondVenue(server);
    const fromB = pushAs(server.url, b.token, 'inflight-key-001');
    await expect.poll(() => upstream.calls.length).toBe(1);
    slow = false;
    const a = await pushAs(server.url, TOKEN, 'inflight-key-001');
    expect(a.status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
    expect((await fromB).status).toBe(200);
  });

  test("A's pairing code pairs into A only, even when B's tablet hands it in", async () => {
    const code = (await api(server.url, '/1/pairing-codes', { token: TOKEN, method: 'POST' })).json.code;
    const paired = await api(server.url, '/1/pair', { body: { code }, token: b.token });
    expect(paired.json.venue.id).toBe(server.venue.id);
    expect((await server.store.venues.devices(b.venue.id)).map((d) => d.id)).toEqual([b.device.id]);
  });
});

// A push key is kept in the database: on PostgreSQL too (the node-postgres project runs this file).
test("keys belong to their venue: its other tablet replaying a key gets the first answer; another venue's same key is a new push", async () => {
  const other = await server.store.venues.createVenue('Otra Casa', {
    appKey: 'OtherAppKey000000002',
    appSecret: 'OtherSecret0123456789',
  });
  const { token } = await server.store.venues.addDevice(other.id, 'Their stand');
  const asB = { Authorization: `Bearer ${TOKEN_B}` }; // the same venue's other tablet
  const asOther = { Authorization: `Bearer ${token}` };
  const a = await (await push(server.url, 'shared-key-001')).text();
  const replayed = await push(server.url, 'shared-key-001', {}, asB);
  expect([replayed.status, replayed.headers.get('idempotent-replayed'), await replayed.text()]).toEqual([
    200,
    'true',
    a,
  ]);
  expect((await push(server.url, 'shared-key-001', { content: 'Another text' }, asB)).status).toBe(422);
  const theirs = await push(server.url, 'shared-key-001', {}, asOther);
  expect([theirs.status, theirs.headers.get('idempotent-replayed')]).toEqual([200, null]);
  expect(await theirs.text()).not.toBe(a);
  expect((await push(server.url, 'shared-key-002', { content: 'Theirs first' }, asOther)).status).toBe(200);
  expect((await push(server.url, 'shared-key-002', { content: 'Ours second' })).status).toBe(200);
  expect(upstream.calls.map((c) => c.app_key)).toEqual([
    'RelayAppKey000000001',
    'OtherAppKey000000002',
    'OtherAppKey000000002',
    'RelayAppKey000000001',
  ]);
});

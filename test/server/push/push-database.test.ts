import { afterEach, expect, test } from 'vitest';
import { DatabaseError } from '../../../src/server/db/database.ts';
import { fakeUpstream, push, TOKEN_B } from '../server-process.ts';
import { startRelayServer, withFaults } from '../in-process-server.ts';
import { ONLINE_JOINS_DEFAULTS } from '../../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import { sharedSettingsStore } from '../../../src/server/venue/shared-settings-store.ts';
import { guestPhone } from '../guest/guest-client.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const RESERVE = /^\s*INSERT INTO idempotency_keys/;
const RECORD = /^\s*UPDATE idempotency_keys/;

test('a key whose reservation cannot be written is not reserved: 503 with Retry-After, Pushed not called, the retry goes through', async () => {
  const upstream = await fakeUpstream();
  let failures = 1;
  const relay = await startRelayServer(upstream.url, {
    // The database refuses the next reservation, as a full disk does.
    wrapDb: (db) =>
      withFaults(db, (sql) => {
        if (RESERVE.test(sql) && failures-- > 0) throw new DatabaseError('53100');
      }),
  });
  cleanup.push(upstream.close, relay.close);
  const refused = await push(relay.url, 'disk-full-key-1');
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(await refused.json()).toMatchObject({ error: { type: 'relay_unavailable' } });
  expect(upstream.calls).toEqual([]);
  expect(relay.logs()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'key write failed' }));
  expect(await relay.store.keys.lookup(relay.venue.id, 'disk-full-key-1')).toBeUndefined(); // the key stayed free
  const retried = await push(relay.url, 'disk-full-key-1');
  expect([retried.status, retried.headers.get('idempotent-replayed')]).toEqual([200, null]);
  expect(upstream.calls).toHaveLength(1);
});

test("a push whose outcome cannot be recorded: the host gets Pushed's answer, a retry says outcome_unknown, never a second call", async () => {
  const upstream = await fakeUpstream();
  let failing = true;
  const relay = await startRelayServer(upstream.url, {
    upstreamTimeoutMs: 300, // how long another copy's call may still be running: then the key counts as lost
    wrapDb: (db) =>
      withFaults(db, (sql) => {
        if (failing && RECORD.test(sql)) throw new DatabaseError('57P01');
      }),
  });
  cleanup.push(upstream.close, relay.close);
  const first = await push(relay.url, 'unrecorded-key-1');
  expect(first.status).toBe(200); // Pushed took it: the guest was told
  expect(upstream.calls).toHaveLength(1);
  expect(relay.logs()).toContainEqual(expect.objectContaining({ level: 'error', msg: 'key write failed' }));
  failing = false;
  const retry = await push(relay.url, 'unrecorded-key-1');
  expect(retry.status).toBe(409);
  expect(await retry.json()).toMatchObject({ error: { type: 'outcome_unknown' } });
  expect(retry.headers.get('idempotent-replayed')).toBeNull();
  const again = await push(relay.url, 'unrecorded-key-1', {}, { Authorization: `Bearer ${TOKEN_B}` }); // the venue's other tablet
  expect(again.status).toBe(409);
  expect(upstream.calls).toHaveLength(1);
});

test('the database down: /readyz 503 while /healthz 200, pushes 503 with Retry-After and none sent; all back once it answers', async () => {
  const upstream = await fakeUpstream();
  let down = false;
  const relay = await startRelayServer(upstream.url, {
    wrapDb: (db) =>
      withFaults(db, () => {
        if (down) throw new DatabaseError('ECONNREFUSED');
      }),
  });
  cleanup.push(upstream.close, relay.close);
  expect((await push(relay.url, 'before-down-key-1')).status).toBe(200); // this tablet's token is now known
  down = true;
  const readyz = await fetch(`${relay.url}/readyz`);
  expect([readyz.status, await readyz.json()]).toEqual([503, { ready: false }]);
  expect(readyz.headers.get('retry-after')).toBe('5');
  expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
  // A tablet whose token was just checked, and one whose token must be looked up: both told to retry, not a 500.
  for (const answer of [
    await push(relay.url, 'while-down-key-1'),
    await push(relay.url, 'while-down-key-2', {}, { Authorization: `Bearer ${TOKEN_B}` }),
  ]) {
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await answer.json()).toMatchObject({ error: { type: 'relay_unavailable' } });
  }
  expect(upstream.calls).toHaveLength(1);
  expect(relay.text()).not.toContain(TOKEN_B);
  down = false;
  expect((await fetch(`${relay.url}/readyz`)).status).toBe(200);
  expect((await push(relay.url, 'while-down-key-1')).status).toBe(200);
  expect((await push(relay.url, 'while-down-key-2', {}, { Authorization: `Bearer ${TOKEN_B}` })).status).toBe(200);
  expect(upstream.calls).toHaveLength(3);
});

test('a guest’s status link that cannot be made (its ticket not written) leaves Table ready going, without the link', async () => {
  const upstream = await fakeUpstream();
  let failing = false;
  const PUBLIC = 'https://waitlist.example';
  const relay = await startRelayServer(upstream.url, {
    publicUrl: PUBLIC,
    wrapDb: (db) =>
      withFaults(db, (sql) => {
        if (failing && /^\s*INSERT INTO guest_tickets/.test(sql)) throw new DatabaseError('53100');
      }),
  });
  cleanup.push(upstream.close, relay.close);
  await sharedSettingsStore(relay.store.db).save(relay.venue.id, null, 0, {
    settings: sharedSettings({ ...SANDBOX_SETTINGS, onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true } }),
  });
  const code = (await relay.store.venues.code(relay.venue.id))!;
  const joined = await guestPhone(relay.url, { Origin: PUBLIC }).join(code, { name: 'Lia', size: 2, language: 'en' });
  expect(joined.status).toBe(201);
  const { rows } = await relay.store.db.query<{ party_id: string }>('SELECT party_id FROM guest_tickets');
  failing = true;
  const sent = await push(relay.url, 'no-link-key-1', { party_id: rows[0]!.party_id });
  expect(sent.status).toBe(200);
  expect(upstream.calls).toHaveLength(1);
  expect(upstream.calls[0]).not.toHaveProperty('content_extra');
  expect(relay.logs()).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'status link not made' }));
});

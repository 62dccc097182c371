import { beforeEach, describe, expect, test } from 'vitest';
import { STALE_AFTER_MS } from '../../src/core/delivery.ts';
import { applyAction } from '../../src/core/lifecycle.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { createDeliveryLoop } from '../../src/delivery/delivery-loop.ts';
import { pushSender } from '../../src/delivery/push-sender.ts';
import { inTabLock, type ExclusiveLock } from '../../src/platform/exclusive-lock.ts';
import type { FetchLike } from '../../src/pushed/send-push.ts';
import { openWaitbellDb, type WaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { fakeConnectivity } from '../support/fakes.ts';
import { aParty } from '../support/parties.ts';

type Answer = { status: number; body: string; headers?: Record<string, string> } | 'network' | 'hang';

/** A fake Pushed (or relay): records every request's fields, URL and headers and answers from a script (then 200 with a shipment). */
function fakePushed() {
  const requests: Record<string, string>[] = [];
  const sent: { url: string; headers: Record<string, string> }[] = [];
  const script: Answer[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push(Object.fromEntries(init.body));
    sent.push({ url, headers: init.headers ?? {} });
    const answer = script.shift() ?? { status: 200, body: `{"response":{"data":{"shipment":"S${requests.length}"}}}` };
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (answer === 'hang') {
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    }
    return { status: answer.status, headers: new Headers(answer.headers), text: async () => answer.body };
  };
  return {
    fetch,
    requests,
    sent,
    then: (...answers: Answer[]) => script.push(...answers),
    contents: () => requests.map((r) => r.content ?? ''),
  };
}

let db: WaitbellDb;
let t: number;
const clock = { now: () => t };

async function setup(options: { route?: 'direct' | 'relay'; lock?: ExclusiveLock; timeoutMs?: number } = {}) {
  const pushed = fakePushed();
  const net = fakeConnectivity();
  const parties = partyStore(db);
  const outbox = outboxStore(db);
  await settingsStore(db).save({ ...SANDBOX_SETTINGS, route: options.route ?? 'direct' });
  let changes = 0;
  const loop = createDeliveryLoop({
    outbox,
    settings: settingsStore(db),
    send: pushSender(pushed.fetch, (url) => `https://pushed.test${url}`, options.timeoutMs),
    connectivity: net.connectivity,
    lock: options.lock ?? inTabLock(),
    clock,
    random: () => 0,
    onChange: () => void (changes += 1),
  });
  const add = async (name: string, pushedId: string | null = `Pid${name}`) => {
    const party = aParty({ name, pushedId, joinedAt: t });
    await parties.add(party);
    return party.id;
  };
  const ready = async (id: string) => {
    const result = await outbox.enqueue(id, t);
    if (!result.ok) throw new Error(`enqueue refused: ${JSON.stringify(result.error)}`);
  };
  const party = async (id: string) => (await db.get('parties', id))!;
  return { pushed, net, loop, outbox, parties, add, ready, party, changes: () => changes };
}

beforeEach(async () => {
  db = await openWaitbellDb(`delivery-${crypto.randomUUID()}`);
  t = 1_000_000;
});

describe('the drain loop', () => {
  test('sends oldest first, with the credentials of the moment, and records each as sent', async () => {
    const { add, ready, loop, pushed, party, outbox } = await setup();
    const ids = [await add('First'), await add('Second'), await add('Third')];
    for (const id of ids) await ready(id);
    await loop.kick();
    expect(pushed.contents().map((c) => c.split(',')[0])).toEqual(['First', 'Second', 'Third']);
    expect(pushed.requests[0]).toEqual({
      app_key: SANDBOX_SETTINGS.appKey,
      app_secret: SANDBOX_SETTINGS.appSecret,
      target_type: 'pushed_id',
      target_alias: SANDBOX_SETTINGS.channelAlias,
      pushed_id: 'PidFirst',
      content: 'First, your table at Demo Bistro is ready! Please come to the host stand.',
    });
    expect(await party(ids[1]!)).toMatchObject({
      messages: { table_ready: { round: 1, sent: 1, delivery: { state: 'sent', at: t, shipmentId: 'S2' } } },
    });
    expect(await outbox.count()).toBe(0);
  });

  test('offline: nothing leaves; the online event sends it', async () => {
    const { add, ready, loop, pushed, net, party } = await setup();
    net.set(false);
    const stop = loop.start(() => () => {});
    const id = await add('Ana');
    await ready(id);
    await loop.kick();
    expect(pushed.requests).toEqual([]);
    expect((await party(id)).messages.table_ready?.delivery?.state).toBe('queued');
    net.set(true);
    await expect.poll(async () => (await party(id)).messages.table_ready?.delivery?.state).toBe('sent');
    expect(pushed.requests).toHaveLength(1);
    stop();
  });

  test('transient (503 with Retry-After): the entry waits its turn, the line waits behind it, then both go once', async () => {
    const { add, ready, loop, pushed, party } = await setup();
    pushed.then({ status: 503, body: '<html>busy</html>', headers: { 'Retry-After': '10' } });
    const [a, b] = [await add('Ana'), await add('Bo')];
    await ready(a);
    await ready(b);
    await loop.kick();
    expect(pushed.requests).toHaveLength(1);
    expect((await party(a)).messages.table_ready?.delivery).toEqual({
      state: 'queued',
      since: 1_000_000,
      retryAt: t + 10_000,
      unanswered: 'pushed',
    });
    expect((await party(b)).messages.table_ready?.delivery?.state).toBe('queued');
    t += 5_000;
    await loop.kick();
    expect(pushed.requests).toHaveLength(1); // not yet
    t += 5_000;
    await loop.kick();
    expect(pushed.contents().map((c) => c.split(',')[0])).toEqual(['Ana', 'Ana', 'Bo']);
    expect((await party(a)).messages.table_ready?.sent).toBe(1);
  });

  test('refused: stops with the reason, and does not block the next in line', async () => {
    const { add, ready, loop, pushed, party } = await setup();
    pushed.then({
      status: 400,
      body: '{"error":{"type":"target_has_no_subscribers","message":"Target has no subscribers."}}',
    });
    const [a, b] = [await add('Ana'), await add('Bo')];
    await ready(a);
    await ready(b);
    await loop.kick();
    expect((await party(a)).messages.table_ready?.delivery).toEqual({
      state: 'failed',
      at: t,
      errorType: 'target_has_no_subscribers',
      message: 'Target has no subscribers.',
    });
    expect((await party(b)).messages.table_ready?.delivery?.state).toBe('sent');
    await loop.kick();
    expect(pushed.requests).toHaveLength(2);
  });

  test('direct to Pushed, an unknown outcome is not retried: the row asks staff', async () => {
    const { add, ready, loop, pushed, party, outbox } = await setup();
    pushed.then('network');
    const id = await add('Ana');
    await ready(id);
    await loop.kick();
    t += 60 * 60_000;
    await loop.kick();
    expect(pushed.requests).toHaveLength(1);
    expect((await party(id)).messages.table_ready?.delivery).toEqual({
      state: 'unknown',
      at: 1_000_000,
      cause: 'network',
    });
    expect(await outbox.count()).toBe(0);
  });

  test('a timeout is an unknown outcome too', async () => {
    const { add, ready, loop, pushed, party } = await setup({ timeoutMs: 20 });
    pushed.then('hang');
    const id = await add('Ana');
    await ready(id);
    await loop.kick();
    expect((await party(id)).messages.table_ready?.delivery).toMatchObject({ state: 'unknown', cause: 'timeout' });
  });

  test('via the relay, an unknown outcome is retried with the same idempotency key; the row blames the relay', async () => {
    const { add, ready, loop, pushed, party } = await setup({ route: 'relay' });
    pushed.then('network');
    const id = await add('Ana');
    await ready(id);
    await loop.kick();
    expect((await party(id)).messages.table_ready?.delivery).toMatchObject({ state: 'queued', unanswered: 'relay' });
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({ key: `${id}_table_ready_1`, attempts: 1, state: 'pending' });
    t += 5_000;
    await loop.kick();
    expect((await party(id)).messages.table_ready?.delivery?.state).toBe('sent');
    expect(pushed.sent.map((s) => [s.url, s.headers['Idempotency-Key']])).toEqual([
      ['https://pushed.test/relay/1/push', `${id}_table_ready_1`],
      ['https://pushed.test/relay/1/push', `${id}_table_ready_1`],
    ]);
    expect(pushed.requests[0]).not.toHaveProperty('app_secret'); // the secret stays on the relay's server
  });

  test('a disconnected tablet (401 device_revoked): the push stays queued, nothing is lost, and goes once it is back', async () => {
    const { add, ready, loop, pushed, party } = await setup({ route: 'relay' });
    const revoked = {
      status: 401,
      body: '{"error":{"type":"device_revoked","message":"This tablet was disconnected from the venue server."}}',
    };
    pushed.then(revoked, revoked);
    const [a, b] = [await add('Ana'), await add('Bo')];
    await ready(a);
    await ready(b);
    await loop.kick();
    expect((await party(a)).messages.table_ready?.delivery).toMatchObject({ state: 'queued', held: 'device_revoked' });
    expect((await party(b)).messages.table_ready?.delivery?.state).toBe('queued'); // the line waits behind it
    expect(await db.count('outbox')).toBe(2);
    const [first] = await db.getAll('outbox');
    expect(first!.notBefore - t).toBeLessThanOrEqual(2_000); // the usual backoff: a quick fix by the owner is not kept waiting
    t += 60_000;
    await loop.kick();
    expect((await party(a)).messages.table_ready?.delivery).toMatchObject({ state: 'queued', held: 'device_revoked' });
    t += 60_000; // paired again meanwhile: the relay takes it
    await loop.kick();
    expect((await party(a)).messages.table_ready?.delivery?.state).toBe('sent');
    expect((await party(b)).messages.table_ready?.delivery?.state).toBe('sent');
    expect(pushed.contents().map((c) => c.split(',')[0])).toEqual(['Ana', 'Ana', 'Ana', 'Bo']);
  });

  test('via the relay: its own 5xx blames the relay; its 502 upstream_unreachable blames Pushed', async () => {
    const { add, ready, loop, pushed, party } = await setup({ route: 'relay' });
    pushed.then({ status: 502, body: '<html>Bad gateway</html>' });
    const relayDown = await add('Ana');
    await ready(relayDown);
    await loop.kick();
    expect((await party(relayDown)).messages.table_ready?.delivery).toMatchObject({
      state: 'queued',
      unanswered: 'relay',
    });
    t += 60_000;
    pushed.then({
      status: 502,
      body: '{"error":{"type":"upstream_unreachable","message":"Pushed could not be reached."}}',
    });
    await loop.kick();
    expect((await party(relayDown)).messages.table_ready?.delivery).toMatchObject({
      state: 'queued',
      unanswered: 'pushed',
    });
  });

  test('an entry left in flight by a sender that died is "unknown", never sent again by itself', async () => {
    const { add, ready, loop, pushed, party, outbox } = await setup();
    const id = await add('Ana');
    await ready(id);
    const taken = await outbox.takeNext(t); // the in-flight mark committed... and then the tab died
    expect(taken.kind).toBe('send');
    expect((await party(id)).messages.table_ready?.delivery?.state).toBe('sending');
    await loop.kick();
    expect(pushed.requests).toEqual([]);
    expect((await party(id)).messages.table_ready?.delivery).toEqual({ state: 'unknown', at: t, cause: 'interrupted' });
  });

  test('seated before it could go, or queued too long ago: not sent, and the row says why', async () => {
    const { add, ready, loop, pushed, party, net } = await setup();
    net.set(false);
    const [seated, stale] = [await add('Seated'), await add('Stale')];
    await ready(seated);
    await ready(stale);
    await partyStore(db).change(seated, (p) => applyAction(p, 'seat', t));
    t += STALE_AFTER_MS + 1;
    net.set(true);
    await loop.kick();
    expect(pushed.requests).toEqual([]);
    expect((await party(seated)).messages.table_ready?.delivery).toMatchObject({
      state: 'not_sent',
      why: 'left_board',
    });
    expect((await party(stale)).messages.table_ready?.delivery).toMatchObject({ state: 'not_sent', why: 'stale' });
  });

  test('two loops sharing one lock (two tabs): each notification is sent once', async () => {
    const lock = inTabLock();
    const one = await setup({ lock });
    const two = await setup({ lock });
    const ids = [await one.add('A'), await one.add('B'), await one.add('C'), await one.add('D')];
    for (const id of ids) await one.ready(id);
    await Promise.all([one.loop.kick(), two.loop.kick(), one.loop.kick(), two.loop.kick()]);
    const all = [...one.pushed.contents(), ...two.pushed.contents()].map((c) => c.split(',')[0]);
    expect(all.sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('a guest who allowed Pushed on their phone (target user)', () => {
  const allowed = async (parties: ReturnType<typeof partyStore>) => {
    const guest = aParty({ name: 'Rosa', pushedUser: { allowedAt: t - 60_000, lostAt: null }, joinedAt: t });
    await parties.add(guest);
    return guest.id;
  };

  test('Table ready goes to the venue server naming the party, and no token is stored or sent: the server holds it', async () => {
    const { parties, ready, loop, pushed, party } = await setup({ route: 'relay' });
    const id = await allowed(parties);
    await ready(id);
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({ partyId: id, recipient: { type: 'user' } });
    expect(JSON.stringify(entry)).not.toMatch(/token/i);
    await loop.kick();
    expect(pushed.requests[0]).toMatchObject({ target_type: 'user', party_id: id });
    expect(pushed.requests[0]).not.toHaveProperty('access_token');
    expect((await party(id)).messages.table_ready?.delivery?.state).toBe('sent');
  });

  test.each([
    [409, 'pushed_permission_missing', 'pushed_permission_missing'],
    [409, 'pushed_permission_lost', 'pushed_permission_lost'],
    [400, 'target_has_no_subscribers', 'user_not_subscribed'],
  ])('the venue server’s %i %s fails the row (%s), and is not sent again by itself', async (status, type, why) => {
    const { parties, ready, loop, pushed, party } = await setup({ route: 'relay' });
    pushed.then({ status, body: `{"error":{"type":"${type}","message":"x"}}` });
    const id = await allowed(parties);
    await ready(id);
    await loop.kick();
    expect((await party(id)).messages.table_ready?.delivery).toMatchObject({ state: 'failed', errorType: why });
    t += 600_000;
    await loop.kick();
    expect(pushed.requests).toHaveLength(1);
    expect(await db.count('outbox')).toBe(0);
  });

  test('straight to Pushed it cannot go: nothing is sent, and the row says it needs the venue server', async () => {
    const { parties, ready, loop, pushed, party } = await setup({ route: 'direct' });
    const id = await allowed(parties);
    await ready(id);
    await loop.kick();
    expect(pushed.requests).toEqual([]);
    expect((await party(id)).messages.table_ready?.delivery).toMatchObject({
      state: 'failed',
      errorType: 'needs_venue_server',
    });
  });
});

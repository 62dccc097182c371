import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sseReader } from '../../../src/pushed/sync-client.ts';
import { createVenueAnnouncementsClient } from '../../../src/pushed/venue-announcements-client.ts';
import { SYNC_PROTOCOL, SYNC_PROTOCOL_HEADER } from '../../../src/core/wire/protocol.ts';
import { fakeUpstream, push, TOKEN, TOKEN_B } from '../server-process.ts';
import { startRelayServer } from '../in-process-server.ts';

// Two copies of the server over one database, and the venue's two tablets (Front stand: TOKEN, Back tablet: TOKEN_B):
// the 10-minute rule is the venue's, decided by the database, whichever copy and tablet an announcement goes through.
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let one: Awaited<ReturnType<typeof startRelayServer>>;
let two: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  upstream = await fakeUpstream();
  one = await startRelayServer(upstream.url);
  two = await startRelayServer(upstream.url, { copyOf: one });
}, 60_000);
afterAll(async () => {
  await two?.close();
  await one?.close();
  await upstream?.close();
});
beforeEach(async () => {
  await one.store.db.query('DELETE FROM announcements');
  upstream.calls.length = 0;
});

let n = 0;
const fresh = (over: Record<string, unknown> = {}) => {
  n += 1;
  return {
    id: `announcement-${n}-${Date.now()}`,
    key: `announce-key-${n}-${Date.now()}`,
    target: 'channel',
    text: 'The kitchen closes in 30 minutes.',
    createdAt: Date.now(),
    ...over,
  };
};
const announce = (copy: { url: string }, token: string, body: Record<string, unknown>) =>
  fetch(`${copy.url}/1/announcements`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const listOf = async (copy: { url: string }, token: string) =>
  (
    (await (await fetch(`${copy.url}/1/announcements`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      announcements: { id: string; tablet: string | null; delivery: { state: string } }[];
    }
  ).announcements;

describe("the venue's announcements, on two copies and two tablets", () => {
  test('the second within 10 minutes is refused on the other copy, naming the tablet in the way; one Pushed call', async () => {
    const first = await announce(one, TOKEN, fresh());
    expect(first.status).toBe(201);
    const made = (await first.json()) as { announcement: { tablet: string; delivery: { state: string } } };
    expect(made.announcement).toMatchObject({ tablet: 'Front stand', delivery: { state: 'sent' } });

    const second = await announce(two, TOKEN_B, fresh({ text: 'We are seating walk-ins now.' }));
    expect(second.status).toBe(409);
    const refused = (await second.json()) as Record<string, unknown>;
    expect(refused).toMatchObject({
      error: { type: 'announcement_too_soon' },
      target: 'channel',
      tablet: 'Front stand',
    });
    expect(refused.nextAt).toBe((refused.lastAt as number) + 10 * 60_000);
    expect(upstream.calls).toHaveLength(1);
    expect(upstream.calls[0]).toMatchObject({ target_type: 'channel', target_alias: 'Venue' });

    // The other target has its own 10 minutes; the list is the venue's, the same through either copy.
    expect((await announce(two, TOKEN_B, fresh({ target: 'app' }))).status).toBe(201);
    const listed = await listOf(one, TOKEN_B);
    expect(listed.map((a) => a.tablet)).toEqual(['Back tablet', 'Front stand']);
  });

  test('two tablets at once on two copies: one goes, one is refused, Pushed is called once', async () => {
    const answers = await Promise.all([announce(one, TOKEN, fresh()), announce(two, TOKEN_B, fresh())]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(upstream.calls).toHaveLength(1);
  });

  test('a retry of the same id and key answers the same, on either copy, and never sends twice', async () => {
    const body = fresh();
    const first = await (await announce(one, TOKEN, body)).json();
    const again = await announce(two, TOKEN, body);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    expect(upstream.calls).toHaveLength(1);
    // Its key with another text is another announcement's: refused, not sent.
    expect((await announce(two, TOKEN, { ...body, id: 'another-announcement-id' })).status).toBe(422);
    expect(upstream.calls).toHaveLength(1);
  });

  test('made more than 15 minutes before it arrived: stored as not sent, never sent, and it does not count', async () => {
    const late = await announce(one, TOKEN, fresh({ createdAt: Date.now() - 16 * 60_000 }));
    expect(late.status).toBe(201);
    expect(await late.json()).toMatchObject({ announcement: { delivery: { state: 'not_sent', why: 'stale' } } });
    expect(upstream.calls).toHaveLength(0);
    expect((await announce(two, TOKEN_B, fresh())).status).toBe(201);
  });

  test("a tablet of before can't get round the rule through /1/push, and its announcement counts for the others", async () => {
    const channel = { target_type: 'channel', target_alias: 'Venue', content: 'Kitchen closes soon' };
    expect((await push(one.url, 'old-tablet-key-0001', channel)).status).toBe(200);
    const refused = await announce(two, TOKEN_B, fresh());
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ tablet: 'Front stand' });
    const old = await push(two.url, 'old-tablet-key-0002', channel);
    expect(old.status).toBe(409);
    expect(await old.json()).toMatchObject({ error: { type: 'announcement_too_soon' } });
    // Its own retry is not in its way, and a guest's Table ready never is.
    expect((await push(two.url, 'old-tablet-key-0001', channel)).status).toBe(200);
    expect((await push(two.url, 'table-ready-key-0001')).status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
    expect((await listOf(two, TOKEN)).map((a) => a.delivery.state)).toEqual(['sent']);
  });

  test("an old tablet's /1/push can't get round the rule with the id of an announcement never sent", async () => {
    // A stale one is stored, not sent, and does not count: its id must not become a free pass.
    const stale = fresh({ createdAt: Date.now() - 16 * 60_000 });
    expect((await announce(one, TOKEN, stale)).status).toBe(201);
    expect((await announce(one, TOKEN, fresh())).status).toBe(201);
    const channel = { target_type: 'channel', target_alias: 'Venue', content: 'Free dessert for everyone' };
    const sneaked = await push(two.url, stale.id, channel);
    expect(sneaked.status).toBe(422);
    expect(upstream.calls).toHaveLength(1);
  });

  test("an old tablet's /1/push to the channel can't get round the rule by naming a party", async () => {
    expect((await announce(one, TOKEN, fresh())).status).toBe(201);
    const channel = { target_type: 'channel', target_alias: 'Venue', content: 'Second round', party_id: 'party-1' };
    const sneaked = await push(two.url, 'sneaked-key-0001', channel);
    expect([sneaked.status, ((await sneaked.json()) as { error: { type: string } }).error.type]).toEqual([
      409,
      'announcement_too_soon',
    ]);
    expect(upstream.calls).toHaveLength(1);
  });

  test("a flood of late ones (never sent) does not push the one in the way out of the venue's list", async () => {
    expect((await announce(one, TOKEN, fresh())).status).toBe(201);
    for (let i = 0; i < 50; i += 1)
      expect((await announce(one, TOKEN_B, fresh({ createdAt: Date.now() - 16 * 60_000 }))).status).toBe(201);
    const next = await announce(two, TOKEN_B, fresh());
    expect(next.status).toBe(409);
    expect(await next.json()).toMatchObject({ tablet: 'Front stand' });
    expect(upstream.calls).toHaveLength(1);
  });

  test('one refused for want of a channel alias is not sent, and is not in the way of the next', async () => {
    const venueId = one.venue.id;
    await one.store.db.query("UPDATE venues SET channel_alias = '' WHERE id = $1", [venueId]);
    try {
      const refused = await announce(one, TOKEN, fresh());
      expect([refused.status, ((await refused.json()) as { error: { type: string } }).error.type]).toEqual([
        400,
        'invalid_target',
      ]);
    } finally {
      await one.store.db.query("UPDATE venues SET channel_alias = 'Venue' WHERE id = $1", [venueId]);
    }
    expect(await listOf(one, TOKEN)).toEqual([]);
    expect((await announce(two, TOKEN_B, fresh())).status).toBe(201);
    expect(upstream.calls).toHaveLength(1);
  });

  test('one with nothing to read (only invisible characters) is refused, not sent to every subscriber blank', async () => {
    const blank = await announce(one, TOKEN, fresh({ text: '\u200b\u202e\u2060 \u200f' }));
    expect([blank.status, ((await blank.json()) as { error: { type: string } }).error.type]).toEqual([
      400,
      'invalid_announcement',
    ]);
    expect(upstream.calls).toHaveLength(0);
    expect((await announce(one, TOKEN, fresh({ text: '\u200bMúsica en vivo a las 22:00' }))).status).toBe(201);
  });

  test("the other copy's tablets hear of a new announcement on their event stream; a reader of before skips it", async () => {
    const controller = new AbortController();
    const response = await fetch(`${two.url}/1/sync/events`, {
      headers: { Authorization: `Bearer ${TOKEN_B}`, [SYNC_PROTOCOL_HEADER]: String(SYNC_PROTOCOL) },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: string) => {
      while (!text.includes(until)) text += decoder.decode((await reader.read()).value, { stream: true });
    };
    await read('event: version');
    expect((await announce(one, TOKEN, fresh())).status).toBe(201);
    await read('event: announcements');
    controller.abort();
    // The reader tablets of before have: versions and settings only, the rest skipped without a word.
    const heard: unknown[] = [];
    sseReader(
      (version) => heard.push(version),
      () => heard.push('settings'),
    )(text);
    expect(heard).toEqual([expect.any(Number)]);
  });

  test("the tablets' own client: sent, refused with the tablet and the times, and the venue's list", async () => {
    const client = (copy: { url: string }, token: string) =>
      createVenueAnnouncementsClient({
        baseUrl: `${copy.url}/1`,
        fetch: (url, init) => fetch(url, init),
        deviceToken: token,
      });
    const a = { ...fresh(), target: 'channel' as const, alias: '' };
    expect(await client(one, TOKEN).send(a)).toMatchObject({ kind: 'delivered' });
    const refused = await client(two, TOKEN_B).send({ ...fresh(), target: 'channel' as const, alias: 'Venue' });
    expect(refused).toMatchObject({
      kind: 'refused',
      errorType: 'announcement_too_soon',
      tooSoon: { tablet: 'Front stand' },
    });
    const listed = await client(two, TOKEN_B).list();
    expect(listed).toMatchObject([{ id: a.id, tablet: 'Front stand', delivery: { state: 'sent' } }]);
    // Listed at the moment the rule counts from (the server's clock), the one the refusal names.
    expect(listed?.[0]?.createdAt).toBe(refused?.kind === 'refused' ? refused.tooSoon?.lastAt : -1);
    // Its own are listed as its own: the host reads "You sent one", not the tablet's own name.
    expect(await client(one, TOKEN).list()).toMatchObject([{ id: a.id, tablet: null }]);
  });
});

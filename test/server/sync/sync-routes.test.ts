import { describe, expect, test } from 'vitest';
import { TOKEN, TOKEN_B } from '../server-process.ts';
import type { GuestMessage } from '../../../src/core/guest-message.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import type { ChangesPage, PushResult } from '../../../src/server/sync/server-sync-store.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { startRelayServer } from '../in-process-server.ts';
import { api, useVenueServer, type ApiAnswer, type VenueServer } from '../venue/venue-client.ts';
import { addOf, change, openEvents, syncChanges, syncPush } from './sync-client.ts';

let env!: VenueServer;
useVenueServer((started) => (env = started));

const rowsOf = (answer: ApiAnswer) => (answer.json as ChangesPage).parties;
const outcomesOf = (answer: ApiAnswer) => (answer.json as PushResult).outcomes.map((o) => o.outcome);
const url = () => env.server.url;
const front = () => env.server.devices[0]!;
const back = () => env.server.devices[1]!;

describe('POST /1/sync/push', () => {
  test('the same batch sent twice (a retry after a lost answer) gets the same outcomes, one version, and changes nothing', async () => {
    const ana = addOf('Ana');
    const bo = addOf('Bo');
    const batch = [ana.add, bo.add, change(ana.party.id, { kind: 'act', action: 'seat' })];
    const first = await syncPush(url(), TOKEN, batch);
    expect(first.status).toBe(200);
    expect(outcomesOf(first)).toEqual(['applied', 'applied', 'applied']);
    const before = await syncChanges(url(), TOKEN);

    const again = await syncPush(url(), TOKEN, batch);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const after = await syncChanges(url(), TOKEN);
    expect(after.json).toEqual(before.json);
    expect(after.json.version).toBe(1);
    expect(
      rowsOf(after)
        .map((r) => r.party.status)
        .sort(),
    ).toEqual(['seated', 'waiting']);
  });

  test('two tablets finishing the same party differently: the first to reach the server wins, the other is told who and where', async () => {
    const ana = addOf('Ana');
    await syncPush(url(), TOKEN, [ana.add]);
    const seated = await syncPush(url(), TOKEN, [change(ana.party.id, { kind: 'act', action: 'seat' })]);
    expect(seated.json.outcomes[0].outcome).toBe('applied');

    const noShow = change(ana.party.id, { kind: 'act', action: 'no_show' });
    const late = await syncPush(url(), TOKEN_B, [noShow]);
    expect(late.status).toBe(200);
    expect(late.json.outcomes).toEqual([
      {
        id: noShow.id,
        outcome: 'rejected',
        reason: { kind: 'already_finished', by: 'seated', tablet: front().id, finishedAt: expect.any(Number) },
      },
    ]);
    expect(late.json.tablets).toEqual({ [front().id]: 'Front stand' });
    expect(late.json.version).toBe(seated.json.version); // nothing changed

    const board = await syncChanges(url(), TOKEN_B);
    expect(board.json.parties[0].party.status).toBe('seated');
    expect(board.json.parties[0].lastChange).toMatchObject({ tablet: front().id, change: 'seat' });
    expect(board.json.tablets).toEqual({ [front().id]: 'Front stand' });
  });

  test('a tablet cannot speak for another: every mutation is recorded as the sending tablet’s', async () => {
    const ana = addOf('Ana');
    await syncPush(url(), TOKEN, [ana.add]);
    const call = { ...change(ana.party.id, { kind: 'act', action: 'notify', round: 1 }), tablet: front().id };
    await syncPush(url(), TOKEN_B, [call]);
    const page = await syncChanges(url(), TOKEN);
    expect(page.json.parties[0].lastChange).toEqual({ mutation: call.id, tablet: back().id, change: 'notify' });
  });

  test('a Table ready sent by one tablet shows as sent on the others, even after the party was seated', async () => {
    const ana = addOf('Ana');
    await syncPush(url(), TOKEN, [ana.add, change(ana.party.id, { kind: 'act', action: 'notify', round: 1 })]);
    await syncPush(url(), TOKEN_B, [change(ana.party.id, { kind: 'act', action: 'seat' })]);
    const record: GuestMessage = {
      round: 1,
      at: 1_800_000_000_000,
      delivery: { state: 'sent', at: 1_800_000_000_500, shipmentId: 's1' },
      sent: 1,
    };
    const sent = await syncPush(url(), TOKEN, [
      change(ana.party.id, { kind: 'message', message: 'table_ready', record } as never),
    ]);
    expect(outcomesOf(sent)).toEqual(['applied']);
    const [row] = rowsOf(await syncChanges(url(), TOKEN_B));
    expect(row!.party.status).toBe('seated');
    expect(row!.party.messages.table_ready).toEqual(record);
  });

  test('malformed mutations are refused one by one, in words of which field, and the rest of the batch applies', async () => {
    const kept = addOf('Kept');
    await syncPush(url(), TOKEN, [kept.add]);
    const ana = addOf('Ana');
    const answer = await syncPush(url(), TOKEN, [
      { ...change('x', { kind: 'move', rank: 1 }), kind: 'fly' },
      ana.add,
      42,
      { kind: 'act', action: 'seat' },
      change(kept.party.id, { kind: 'edit', changes: { size: 0 } }),
      change(kept.party.id, { kind: 'edit', changes: { note: 'window' } }),
    ]);
    expect(answer.status).toBe(200);
    const [fly, added, number, noId, badSize, note] = answer.json.outcomes;
    expect(fly).toMatchObject({ outcome: 'rejected', reason: { kind: 'invalid', at: 'kind' } });
    expect(fly.id).toMatch(/^mut-/);
    expect(added).toEqual({ id: ana.add.id, outcome: 'applied' });
    expect(number).toEqual({
      id: '#2',
      outcome: 'rejected',
      reason: { kind: 'invalid', at: 'mutation', problem: 'wrong_type' },
    });
    expect(noId).toEqual({ id: '#3', outcome: 'rejected', reason: { kind: 'invalid', at: 'id', problem: 'missing' } });
    expect(badSize).toMatchObject({ outcome: 'rejected', reason: { kind: 'invalid', at: 'changes.size' } });
    expect(note.outcome).toBe('applied');

    const page = await syncChanges(url(), TOKEN);
    const byName = Object.fromEntries(rowsOf(page).map((r) => [r.party.name, r.party]));
    expect(byName['Kept']).toMatchObject({ size: 2, note: 'window' });
    expect(byName['Ana']).toBeDefined();
  });

  test('a body that is not {"mutations": [...]} is refused with a clear 400, and nothing stored is lost', async () => {
    const kept = addOf('Kept');
    await syncPush(url(), TOKEN, [kept.add]);
    const rawPost = async (body: string, type: string) => {
      const r = await fetch(`${url()}/1/sync/push`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': type },
        body,
      });
      return { status: r.status, json: (await r.json()) as { error: { type: string; message: string } } };
    };
    expect(await rawPost('{"mutations": [', 'application/json')).toEqual({
      status: 400,
      json: { error: { type: 'invalid_request', message: 'The JSON body could not be read.' } },
    });
    expect((await rawPost('{"changes": []}', 'application/json')).json.error.message).toBe(
      'The body must be {"mutations": [ … ]}.',
    );
    expect((await rawPost('[]', 'application/json')).status).toBe(400);
    expect((await rawPost('{"mutations": []}', 'application/json')).json.error.message).toBe(
      'Send 1 to 500 mutations at a time.',
    );
    const many = JSON.stringify({ mutations: Array.from({ length: 501 }, () => ({})) });
    expect((await rawPost(many, 'application/json')).status).toBe(400);
    expect((await rawPost('mutations=1', 'application/x-www-form-urlencoded')).status).toBe(415);

    const page = await syncChanges(url(), TOKEN);
    expect(rowsOf(page).map((r) => r.party.name)).toEqual(['Kept']);
    expect(page.json.version).toBe(1);
  });

  test('the log says one line per push: venue, tablet, counts and version, never a guest’s name', async () => {
    const ana = addOf('Ana Secretname');
    await syncPush(url(), TOKEN, [ana.add, ana.add, { kind: 'nope' }]);
    const lines = env.server.logs().filter((l) => l['msg'] === 'sync push');
    expect(lines).toEqual([
      expect.objectContaining({
        venue: env.server.venue.id,
        device: front().id,
        applied: 1,
        duplicate: 1,
        rejected: 1,
        version: 1,
      }),
    ]);
    expect(env.server.text()).not.toContain('Secretname');
  });

  test('a browser kiosk may call it: CORS preflight allows the Authorization header, answers carry the origin', async () => {
    const preflight = await fetch(`${url()}/1/sync/push`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://kiosk.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    const answer = await api(url(), '/1/sync/changes?since=0', {
      token: TOKEN,
      headers: { Origin: 'https://kiosk.example' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://kiosk.example');
    const foreign = await api(url(), '/1/sync/changes?since=0', {
      token: TOKEN,
      headers: { Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });
});

describe('GET /1/sync/changes', () => {
  /** Four pushes: versions 1–4, with 3, 2, 4 and 1 parties; two parties of version 3 finished. */
  async function fourVersions() {
    const names: string[][] = [['A1', 'A2', 'A3'], ['B1', 'B2'], ['C1', 'C2', 'C3', 'C4'], ['D1']];
    const added = [];
    for (const batch of names) {
      const adds = batch.map((name) => addOf(name));
      added.push(...adds);
      await syncPush(
        url(),
        TOKEN,
        adds.map((a) => a.add),
      );
    }
    // Version 5: A1 and B1 leave the board (their rows move to version 5).
    await syncPush(url(), TOKEN, [
      change(added[0]!.party.id, { kind: 'act', action: 'seat' }),
      change(added[3]!.party.id, { kind: 'act', action: 'no_show' }),
    ]);
  }

  test('a new tablet gets the whole board first with the current version, then the rest page by page, never half a version', async () => {
    await fourVersions();
    const board = await syncChanges(url(), TOKEN, 'scope=board');
    expect(board.status).toBe(200);
    expect(board.json.version).toBe(5);
    expect(board.json.more).toBe(false);
    expect(
      rowsOf(board)
        .map((r) => r.party.name)
        .sort(),
    ).toEqual(['A2', 'A3', 'B2', 'C1', 'C2', 'C3', 'C4', 'D1'].sort());
    expect(board.json.remaining).toBe(2); // the two finished parties, for the progress bar

    // Versions now: A2 A3 @1, B2 @2, C1–C4 @3, D1 @4, A1 B1 @5.
    expect(await allPages(4)).toEqual([
      { versions: [1, 1, 2], version: 2, more: true, remaining: 7 }, // a fourth row would split version 3
      { versions: [3, 3, 3, 3], version: 3, more: true, remaining: 3 },
      { versions: [4, 5, 5], version: 5, more: false, remaining: 0 },
    ]);
    expect(await allPages(3)).toEqual([
      { versions: [1, 1, 2], version: 2, more: true, remaining: 7 },
      { versions: [3, 3, 3, 3], version: 3, more: true, remaining: 3 }, // one version larger than a page comes whole
      { versions: [4, 5, 5], version: 5, more: false, remaining: 0 },
    ]);
  });

  async function allPages(limit: number) {
    const pages: { versions: number[]; version: number; more: boolean; remaining: number }[] = [];
    let since = 0;
    for (;;) {
      const page = await syncChanges(url(), TOKEN, `since=${since}&limit=${limit}`);
      expect(page.status).toBe(200);
      const versions = rowsOf(page).map((r) => r.version);
      pages.push({ versions, version: page.json.version, more: page.json.more, remaining: page.json.remaining });
      since = page.json.version;
      if (!page.json.more) return pages;
    }
  }

  test('a tablet that is up to date gets nothing and its version; bad parameters are refused in words', async () => {
    await syncPush(url(), TOKEN, [addOf('Ana').add]);
    expect((await syncChanges(url(), TOKEN, 'since=1')).json).toEqual({
      version: 1,
      current: 1,
      parties: [],
      more: false,
      remaining: 0,
      tablets: {},
    });
    for (const query of ['since=-1', 'since=abc', 'since=1&limit=0', 'since=1&limit=5001', 'scope=all']) {
      const answer = await syncChanges(url(), TOKEN, query);
      expect(answer.status, query).toBe(400);
      expect(answer.json.error.message, query).toMatch(/since|limit|scope/);
    }
  });
});

describe('the rate a tablet may call at', () => {
  test('sync requests have a budget of their own: a tablet out of its sends’ budget still syncs, and the other way round', async () => {
    const tight = await startRelayServer(env.upstream.url, { ratePerMinute: 1, syncRatePerMinute: 1 });
    try {
      const burst = 10; // the smallest bucket holds 10
      for (let i = 0; i < burst; i += 1) expect((await syncChanges(tight.url, TOKEN)).status).toBe(200);
      const limited = await syncChanges(tight.url, TOKEN);
      expect(limited.status).toBe(429);
      expect(limited.json.error.type).toBe('rate_limited');
      expect((await api(tight.url, '/1/venue', { token: TOKEN })).status).toBe(200); // its sends' budget is whole
      for (let i = 0; i < burst; i += 1) await api(tight.url, '/1/venue', { token: TOKEN_B });
      expect((await api(tight.url, '/1/venue', { token: TOKEN_B })).status).toBe(429);
      expect((await syncChanges(tight.url, TOKEN_B)).status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});

describe('a revoked tablet', () => {
  test('is refused on every sync route with device_revoked, and its open stream ends', async () => {
    const stream = await openEvents(url(), TOKEN_B);
    await stream.version(0);
    const revoked = await api(url(), `/1/devices/${back().id}/revoke`, { token: TOKEN, method: 'POST' });
    expect(revoked.status).toBe(200);
    for (const answer of [
      await syncPush(url(), TOKEN_B, [addOf('Ana').add]),
      await syncChanges(url(), TOKEN_B),
      await api(url(), '/1/sync/events', { token: TOKEN_B }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.json.error.type).toBe('device_revoked');
    }
    await stream.end();
    expect(stream.ended()).toBe('clean');
    expect((await syncChanges(url(), TOKEN)).json.parties).toEqual([]); // its refused push stored nothing
  });
});

describe('GET /1/sync/events', () => {
  test('says the current version at once, then each new one', async () => {
    await syncPush(url(), TOKEN, [addOf('Ana').add]);
    const stream = await openEvents(url(), TOKEN_B);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    await stream.version(1);
    expect(stream.versions).toEqual([1]);
    const bo = addOf('Bo').add;
    await syncPush(url(), TOKEN, [bo]);
    await stream.version(2);
    // A retry changes nothing and announces nothing; the next change is announced.
    await syncPush(url(), TOKEN, [bo]);
    await syncPush(url(), TOKEN, [addOf('Cy').add]);
    await stream.version(3);
    expect(stream.versions).toEqual([1, 2, 3]);
    stream.close();
  });

  test("tells every tablet when the venue's shared settings change, from a tablet or from the owner's terminal", async () => {
    const stream = await openEvents(url(), TOKEN_B);
    await stream.version(0);
    const settings = sharedSettings({ ...SANDBOX_SETTINGS, venueName: 'Casa Prueba', channelAlias: 'Venue' });
    const saved = await api(url(), '/1/venue/settings', {
      token: TOKEN,
      method: 'PUT',
      body: { revision: 0, settings },
    });
    expect(saved.status).toBe(200);
    await stream.settings(1);
    // A new name set by the owner (`venue set`) is a shared setting too.
    await env.server.store.venues.updateVenue(env.server.venue.id, { name: 'Casa Nueva' });
    await stream.settings(2);
    expect(stream.versions).toEqual([0]); // no party changed
    stream.close();
  });

  test('keeps an idle stream alive with a comment now and then, and ends it soon after its tablet is revoked elsewhere', async () => {
    const quick = await startRelayServer(env.upstream.url, { syncStreams: { heartbeatMs: 20, recheckMs: 20 } });
    try {
      const stream = await openEvents(quick.url, TOKEN_B);
      await stream.version(0);
      await waitUntil(() => stream.pings() >= 2, 'two heartbeats');
      // Revoked in the database by another server copy (this copy's token cache knows nothing of it).
      await quick.store.db.query('UPDATE devices SET revoked_at = now() WHERE id = $1', [quick.devices[1]!.id]);
      await stream.end();
      expect(stream.ended()).toBe('clean');
    } finally {
      await quick.close();
    }
  });

  test('stopping the server ends open streams at once: the shutdown does not wait out its grace', async () => {
    const stream = await openEvents(url(), TOKEN);
    await stream.version(0);
    // A grace longer than the test's own timeout: only ending the stream lets this finish.
    await env.server.stop(60_000);
    await stream.end();
    expect(stream.ended()).toBe('clean');
  });
});

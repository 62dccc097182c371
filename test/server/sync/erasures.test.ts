import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Party } from '../../../src/core/party.ts';
import type { VenueReport } from '../../../src/core/wire/report.ts';
import { sweepRetention } from '../../../src/server/sync/erasures.ts';
import { startRelayServer } from '../in-process-server.ts';
import { fakeUpstream, push, TOKEN, TOKEN_B } from '../server-process.ts';
import { addOf, change, syncChanges, syncPush } from '../sync/sync-client.ts';
import { api } from '../venue/venue-client.ts';

// One server and database for the file: each test uses its own guests.
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let server: Awaited<ReturnType<typeof startRelayServer>>;
const PIN = { 'Waitbell-Staff-Pin': '4821' };

beforeAll(async () => {
  upstream = await fakeUpstream();
  server = await startRelayServer(upstream.url);
  const salt = randomBytes(16);
  const hash = pbkdf2Sync('4821', salt, 1_000, 32, 'sha256').toString('base64');
  await server.store.db.query(
    `INSERT INTO venue_settings (venue_id, settings, pin_hash, revision, updated_at) VALUES ($1, '{}'::jsonb, $2::jsonb, 1, now())`,
    [server.venue.id, JSON.stringify({ salt: salt.toString('base64'), hash, iterations: 1_000 })],
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

const owner = (path: string, body?: unknown, headers: Record<string, string> = PIN) =>
  api(server.url, path, { token: TOKEN, headers, ...(body === undefined ? {} : { body }) });
const rowsOf = async (since: number, token = TOKEN_B) =>
  (await syncChanges(server.url, token, `since=${since}`)).json.parties as { party: Party }[];

describe("the owner erases a guest's details", () => {
  test('found by name, only the confirmed guest is erased; a tablet that pulls its changes later gets the party with nothing personal left', async () => {
    const ana = addOf('Ana María', {
      note: 'window seat',
      pushedId: 'AnaPushed01',
      email: 'ana@example.com',
      phone: '+34600123456',
      joinedAt: Date.now() - 60_000,
    });
    const otherAna = addOf('ana maria', { joinedAt: Date.now() - 3_600_000 });
    const bo = addOf('Bo');
    const pushed = await syncPush(server.url, TOKEN, [ana.add, otherAna.add, bo.add]);
    expect(pushed.status).toBe(200);
    const before = pushed.json.version as number;
    // What else the server holds of Ana: her status page's ticket and the token Pushed gave her.
    await server.store.db.query(
      `INSERT INTO guest_tickets (token_hash, venue_id, party_id, created_at) VALUES ('t-ana', $1, $2, now())`,
      [server.venue.id, ana.party.id],
    );
    await server.store.db.query(
      `INSERT INTO pushed_tokens (venue_id, party_id, token_sealed, app_key, created_at) VALUES ($1, $2, 'sealed', 'k', now())`,
      [server.venue.id, ana.party.id],
    );

    const preview = await owner('/1/erasures/preview', { field: 'name', value: 'ANA MARIA' });
    expect(preview.status).toBe(200);
    expect(preview.json.matches).toEqual([
      { partyId: ana.party.id, joinedAt: ana.party.joinedAt, size: 2, status: 'waiting', name: 'Ana María' },
      { partyId: otherAna.party.id, joinedAt: otherAna.party.joinedAt, size: 2, status: 'waiting', name: 'ana maria' },
    ]);

    // The owner confirms the first Ana only; Bo's id slipped in does not match, and is left alone.
    const request = { id: 'erasure-1', field: 'name', value: 'Ana María', partyIds: [ana.party.id, bo.party.id] };
    const erased = await owner('/1/erasures', request);
    expect(erased.status).toBe(201);
    expect(erased.json.erasure).toMatchObject({ id: 'erasure-1', field: 'name', parties: 1, tablet: 'Front stand' });
    expect(erased.text).not.toMatch(/Ana/i);

    const rows = await rowsOf(before);
    expect(rows.map((r) => r.party.id)).toEqual([ana.party.id]);
    const party = rows[0]!.party;
    expect(party).toMatchObject({ name: '', note: '', pushedId: null, email: null, phone: null });
    expect(party).toMatchObject({ status: 'removed', finishReason: 'erased', size: 2, joinedAt: ana.party.joinedAt });
    expect(typeof party.erasedAt).toBe('number');
    expect(JSON.stringify(rows)).not.toMatch(/Ana|window|600123456|example\.com/i);

    const everyone = await rowsOf(0);
    expect(everyone.find((r) => r.party.id === otherAna.party.id)?.party.name).toBe('ana maria');
    expect(everyone.find((r) => r.party.id === bo.party.id)?.party.name).toBe('Bo');
    for (const table of ['guest_tickets', 'pushed_tokens']) {
      const left = await server.store.db.query(`SELECT 1 FROM ${table} WHERE party_id = $1`, [ana.party.id]);
      expect([table, left.rows.length]).toEqual([table, 0]);
    }

    // A retry of the same erasure answers the same record and changes nothing more.
    const version = (await syncChanges(server.url, TOKEN, `since=0`)).json.version as number;
    const again = await owner('/1/erasures', { ...request, partyIds: [otherAna.party.id] });
    expect([again.status, again.json.erasure]).toEqual([201, erased.json.erasure]);
    expect((await syncChanges(server.url, TOKEN, `since=0`)).json.version).toBe(version);

    // No tablet can bring her details back.
    const edit = change(ana.party.id, { kind: 'edit', changes: { name: 'Ana María' } });
    const refused = await syncPush(server.url, TOKEN_B, [edit]);
    expect(refused.json.outcomes[0]).toMatchObject({ outcome: 'rejected', reason: { kind: 'erased' } });

    // Erased while waiting, she is not counted as a walk-away: nobody knows whether she left.
    const night = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10); // a night runs 05:00 to 05:00 (UTC here)
    const tonight = (await owner(`/1/report?period=night&date=${night}`)).json as VenueReport;
    expect(tonight.current.walkAways.removedBeforeCall).toBe(0);
    expect(tonight.current.walkAways.byPlace.reduce((n, p) => n + p.walkedAway, 0)).toBe(0);

    // A Table ready another tablet queued for her while offline goes nowhere: refused in words, Pushed never asked.
    const calls = upstream.calls.length;
    const late = await push(server.url, 'erased-ana-ready', { pushed_id: 'AnaPushed01', party_id: ana.party.id });
    expect([late.status, (await late.json()).error.type]).toEqual([410, 'guest_erased']);
    expect(upstream.calls.length).toBe(calls);
    const boReady = await push(server.url, 'bo-ready', { party_id: bo.party.id });
    expect(boReady.status).toBe(200);

    const list = await owner('/1/erasures');
    expect(list.json.erasures).toEqual([erased.json.erasure]);
    expect(list.text + server.text()).not.toMatch(/Ana Mar|AnaPushed|600123456/i);
    expect(preview.headers.get('cache-control')).toBe('no-store');
  });

  test('a phone is found by its digits, whatever the spaces or the country code', async () => {
    const guest = addOf('Carla', { phone: '+34611222333' });
    await syncPush(server.url, TOKEN, [guest.add]);
    const preview = await owner('/1/erasures/preview', { field: 'phone', value: '611 22 23 33' });
    const matches = preview.json.matches as { partyId: string }[];
    expect(matches.map((m) => m.partyId)).toEqual([guest.party.id]);
  });

  test('the owner only: without the PIN or with a wrong one nothing is found or erased; a request that is wrong is refused in words', async () => {
    const guest = addOf('Dora');
    await syncPush(server.url, TOKEN, [guest.add]);
    const search = { field: 'name', value: 'Dora' };
    expect((await owner('/1/erasures/preview', search, {})).json.error.type).toBe('staff_pin_required');
    const wrong = await owner(
      '/1/erasures',
      { ...search, id: 'e-wrong', partyIds: [guest.party.id] },
      {
        'Waitbell-Staff-Pin': '0000',
      },
    );
    expect([wrong.status, wrong.json.error.type]).toEqual([403, 'staff_pin_wrong']);
    expect(wrong.text).not.toContain('Dora');
    expect((await owner('/1/erasures', undefined, {})).status).toBe(403);
    expect((await api(server.url, '/1/erasures')).status).toBe(401);
    expect((await rowsOf(0)).find((r) => r.party.id === guest.party.id)?.party.name).toBe('Dora');

    const refusals = [
      [{ field: 'shoe size', value: 'Dora' }, 'field', /name, PushedID, phone or email/],
      [{ field: 'name', value: '  ' }, 'value', /Type the guest's name/],
      [{ field: 'name', value: 'x'.repeat(201) }, 'value', /up to 200 characters/],
    ] as const;
    for (const [body, field, words] of refusals) {
      const answer = await owner('/1/erasures/preview', body);
      expect([answer.status, answer.json.error.type, answer.json.error.fields[0].field]).toEqual([
        400,
        'invalid_erasure',
        field,
      ]);
      expect(answer.json.error.message).toMatch(words);
    }
    const none = await owner('/1/erasures', { id: 'e-none', ...search, partyIds: [] });
    expect([none.status, none.json.error.fields[0].field]).toEqual([400, 'partyIds']);
  });
});

describe("the venue's retention", () => {
  const DAY = 24 * 60 * 60_000;
  const night = Date.UTC(2026, 0, 16, 20);
  const report = async () => (await owner('/1/report?period=night&date=2026-01-16')).json as VenueReport;

  test('finished parties keep what the report counts after 30 days, and leave the history after 13 months', async () => {
    const parties: Party[] = [
      addOf('Elena', { phone: '+34622000111', joinedAt: night, status: 'seated', finishedAt: night + 30 * 60_000 })
        .party,
      addOf('Fede', { joinedAt: night + 60_000, status: 'no_show', finishedAt: night + 45 * 60_000 }).party,
    ];
    for (const [i, p] of parties.entries())
      await server.store.db.query(
        'INSERT INTO sync_parties (venue_id, party_id, version, party) VALUES ($1, $2, $3, $4::jsonb)',
        [server.venue.id, p.id, 1_000 + i, JSON.stringify(p)],
      );
    const counted = (await report()).current.parties;
    expect(counted).toBeGreaterThanOrEqual(2);

    // Day 29: nothing yet.
    await sweepRetention(server.store.db, night + 29 * DAY, 1);
    const stored = async () =>
      (
        await server.store.db.query<{ party: Party }>(
          'SELECT party FROM sync_parties WHERE venue_id = $1 AND party_id = ANY($2::text[]) ORDER BY party_id',
          [server.venue.id, parties.map((p) => p.id)],
        )
      ).rows.map((r) => r.party);
    expect((await stored()).map((p) => p.name)).toEqual(['Elena', 'Fede']);

    // Day 31 (a page of one row at a time): the guests' details are gone, the report counts them still.
    await sweepRetention(server.store.db, night + 31 * DAY, 1);
    const anonymous = await stored();
    expect(anonymous.map((p) => [p.name, p.phone ?? null, p.status, typeof p.erasedAt])).toEqual([
      ['', null, 'seated', 'number'],
      ['', null, 'no_show', 'number'],
    ]);
    expect((await report()).current.parties).toBe(counted);

    // Month 14: they leave the history.
    await sweepRetention(server.store.db, Date.UTC(2027, 2, 17), 1);
    expect(await stored()).toEqual([]);
    expect((await report()).current.parties).toBe(counted - 2);
  });

  test("a venue's own retention counts: a week of guests' details, and of the ids of changes taken in", async () => {
    await server.store.db.query(
      `UPDATE venue_settings SET settings = settings || '{"retention": {"personalDataDays": 7, "historyMonths": 13}}'::jsonb
        WHERE venue_id = $1`,
      [server.venue.id],
    );
    const at = Date.UTC(2026, 5, 1, 20);
    const gina = addOf('Gina', { joinedAt: at, status: 'seated', finishedAt: at + 30 * 60_000 }).party;
    await server.store.db.query(
      'INSERT INTO sync_parties (venue_id, party_id, version, party) VALUES ($1, $2, 2000, $3::jsonb)',
      [server.venue.id, gina.id, JSON.stringify(gina)],
    );
    await server.store.db.query(
      `INSERT INTO sync_mutations (venue_id, id, version, outcome, received_at) VALUES ($1, 'old-change', 2000, '{}'::jsonb, $2)`,
      [server.venue.id, new Date(at)],
    );
    await sweepRetention(server.store.db, at + 8 * DAY);
    const { rows } = await server.store.db.query<{ party: Party }>(
      'SELECT party FROM sync_parties WHERE venue_id = $1 AND party_id = $2',
      [server.venue.id, gina.id],
    );
    expect(rows.map((r) => r.party.name)).toEqual(['']);
    const ids = await server.store.db.query(`SELECT 1 FROM sync_mutations WHERE id = 'old-change'`);
    expect(ids.rows).toEqual([]);
  });
});

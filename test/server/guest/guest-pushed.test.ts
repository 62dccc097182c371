import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { canNotifyPushedUser, type Party } from '../../../src/core/party.ts';
import { ONLINE_JOINS_DEFAULTS } from '../../../src/core/online-joins.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings } from '../../../src/core/shared-settings.ts';
import { GUEST_TICKET_HEADER } from '../../../src/core/wire/guest.ts';
import { pushedUsers } from '../../../src/server/guest/pushed-users.ts';
import { sharedSettingsStore } from '../../../src/server/venue/shared-settings-store.ts';
import { APP_KEY, startRelayServer } from '../in-process-server.ts';
import { TOKEN } from '../server-process.ts';
import { addOf, change, syncChanges, syncPush } from '../sync/sync-client.ts';
import { api, pushAs, secondVenue, type ApiAnswer } from '../venue/venue-client.ts';
import { guestPhone, openStatusStream } from './guest-client.ts';

const PUBLIC = 'https://waitlist.example';

type Mode = 'ok' | 'invalid_code' | 'auth_code_invalid' | '5xx' | 'html' | 'empty' | 'timeout' | 'gated' | 'redirect';

/**
 * A strict stand-in for Pushed's OAuth and push endpoints: the exchange must be a form POST of `code` alone; it
 * answers each shape the contract names, by the mode its code was issued with, and a code spent once is refused.
 */
async function fakePushed() {
  const codes = new Map<string, Mode>();
  const spent = new Set<string>();
  const issued = { codes: [] as string[], tokens: [] as string[] };
  const unsubscribed = new Set<string>();
  const exchanges: Record<string, string>[] = [];
  const pushes: Record<string, string>[] = [];
  const problems: string[] = [];
  const held: ServerResponse[] = [];
  /** Exchanges of `gated` codes, each waiting for its release before Pushed answers ok. */
  const gates = new Map<string, () => void>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  async function answer(req: IncomingMessage, res: ServerResponse) {
    let text = '';
    for await (const chunk of req) text += chunk;
    const fields = Object.fromEntries(new URLSearchParams(text));
    if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      problems.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
    if (req.url === '/1/oauth/access_token') {
      exchanges.push(fields);
      if (Object.keys(fields).join() !== 'code') problems.push(`exchange fields: ${Object.keys(fields).join()}`);
      const code = fields.code ?? '';
      const mode = codes.get(code);
      if (!mode || spent.has(code))
        return json(res, 400, { error: { type: 'invalid_code', message: 'The code is not valid.' } });
      spent.add(code);
      if (mode === 'redirect') return res.writeHead(307, { Location: '/1/oauth/elsewhere' }).end();
      if (mode === 'gated') await new Promise<void>((release) => gates.set(code, release));
      if (mode === 'ok' || mode === 'gated') {
        const token = `tok${randomBytes(16).toString('hex')}`;
        issued.tokens.push(token);
        return json(res, 200, { response: { type: 'ok', message: 'ok', data: { access_token: token } } });
      }
      if (mode === 'invalid_code' || mode === 'auth_code_invalid')
        return json(res, 400, { error: { type: mode, message: 'No.' } });
      if (mode === '5xx') return json(res, 503, { error: { type: 'maintenance', message: 'Down.' } });
      if (mode === 'html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<html><body>Bad gateway</body></html>');
      }
      if (mode === 'empty') return res.writeHead(200).end();
      return void held.push(res); // timeout: never answered
    }
    if (req.url === '/1/oauth/elsewhere') {
      problems.push(`a redirect followed with ${Object.keys(fields).join()}`);
      return json(res, 200, { response: { data: { access_token: 'tokFromElsewhere' } } });
    }
    if (req.url === '/1/push') {
      pushes.push(fields);
      if (fields.access_token && unsubscribed.has(fields.access_token))
        return json(res, 400, { error: { type: 'target_has_no_subscribers', message: 'Not subscribed.' } });
      return json(res, 200, {
        response: { type: 'shipment_successfully_sent', message: 'ok', data: { shipment: 'S1' } },
      });
    }
    problems.push(`unknown path ${req.url}`);
    json(res, 404, { error: { type: 'not_found', message: '' } });
  }
  const server = createServer((req, res) => void answer(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/1`,
    /** A code as Pushed sends it back with the guest, answered by `mode` at its exchange. */
    issue(mode: Mode): string {
      const code = randomBytes(12).toString('hex');
      codes.set(code, mode);
      issued.codes.push(code);
      return code;
    },
    issued,
    gates,
    unsubscribed,
    exchanges,
    pushes,
    problems,
    close: () => {
      held.forEach((r) => r.destroy());
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let fake!: Awaited<ReturnType<typeof fakePushed>>;
let server!: Awaited<ReturnType<typeof startRelayServer>>;
let copy!: Awaited<ReturnType<typeof startRelayServer>>;
let code!: string;
const states: string[] = [];

const config = {
  publicUrl: PUBLIC,
  upstreamTimeoutMs: 1_500, // past a loaded CI machine's exchange; the one case that waits it out pays it once
  guest: { joinsPerAddress: 1_000, joinsPerVenue: 1_000, readsPerMinute: 100_000 },
};

async function openJoins(venueId: string, name: string) {
  await sharedSettingsStore(server.store.db).save(venueId, null, 0, {
    settings: sharedSettings({
      ...SANDBOX_SETTINGS,
      venueName: name,
      onlineJoins: { ...ONLINE_JOINS_DEFAULTS, enabled: true },
    }),
  });
}

beforeAll(async () => {
  fake = await fakePushed();
  server = await startRelayServer(fake.url, config);
  copy = await startRelayServer(fake.url, { ...config, copyOf: server });
  await openJoins(server.venue.id, server.venue.name);
  code = (await server.store.venues.code(server.venue.id))!;
}, 60_000);
afterAll(async () => {
  await copy?.close();
  await server?.close();
  await fake?.close();
});

const phone = (base = server.url) => guestPhone(base, { Origin: PUBLIC });
let guests = 0;

/** A guest who joined online at `venueCode`: their ticket and their party's id (as a tablet reads it). */
async function joined(venueCode = code, token = TOKEN) {
  const name = `Guest ${++guests}`;
  const join = await phone().join(venueCode, { name, size: 2, language: 'en' });
  expect(join.status).toBe(201);
  const party = await tabletParty(name, token);
  return { ticket: join.json.ticket as string, partyId: party.id, name };
}

/** The party named `name` as a tablet pulls it. */
async function tabletParty(name: string, token = TOKEN) {
  const changes = await syncChanges(server.url, token);
  expect(changes.status).toBe(200);
  return partiesOf(changes).find((p) => p.name === name)!;
}

/** The parties of a sync changes page. */
const partiesOf = (changes: ApiAnswer) => (changes.json as { parties: { party: Party }[] }).parties.map((r) => r.party);

/** POST /1/guest/pushed: Pushed's authorise link; its state, read from the redirect address inside it. */
async function start(ticket: string, base = server.url, origin = PUBLIC) {
  const answer = await api(base, '/1/guest/pushed', {
    method: 'POST',
    headers: { Origin: origin, [GUEST_TICKET_HEADER]: ticket },
  });
  if (answer.status !== 200) return { answer, state: '' };
  const url = new URL(answer.json.url as string);
  const redirect = new URL(url.searchParams.get('redirect_uri')!);
  const state = redirect.searchParams.get('state')!;
  states.push(state);
  return { answer, url, redirect, state };
}

/** Pushed sending the guest's browser back to the callback. */
async function callback(query: Record<string, string>, base = server.url, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/oauth/pushed?${new URLSearchParams(query)}`, { redirect: 'manual', headers });
  const location = response.headers.get('location');
  const back = location ? new URL(location) : null;
  return {
    response,
    text: await response.text(),
    back,
    /** The fresh ticket in the fragment, and the outcome in the query. */
    ticket: back?.hash.slice(1) ?? '',
    outcome: back?.searchParams.get('pushed') ?? null,
  };
}

const ticketCount = async () =>
  Number((await server.store.db.query<{ n: unknown }>('SELECT count(*) AS n FROM guest_tickets')).rows[0]!.n);

/** A tablet's push to the party's own Pushed permission. */
const pushToGuest = (partyId: string, key: string, base = server.url, extra: Record<string, string> = {}) =>
  pushAs(base, TOKEN, key, { target_type: 'user', target_alias: 'Venue', party_id: partyId, ...extra });

describe("a guest's Pushed permission", () => {
  test('allowed: the tablet sees it, and Table ready reaches Pushed with the token only the server holds', async () => {
    const guest = await joined();
    expect((await phone().venue(code)).json.pushed).toBe(true);
    const started = await start(guest.ticket);
    expect(started.answer.status).toBe(200);
    expect(started.answer.headers.get('cache-control')).toBe('no-store');
    expect(`${started.url!.origin}${started.url!.pathname}`).toBe(`${fake.url}/oauth/`);
    expect(started.url!.searchParams.get('client_id')).toBe(APP_KEY);
    expect(`${started.redirect!.origin}${started.redirect!.pathname}`).toBe(`${PUBLIC}/oauth/pushed`);

    const back = await callback({ state: started.state, code: fake.issue('ok') });
    expect(back.response.status).toBe(303);
    expect(back.response.headers.get('cache-control')).toBe('no-store');
    expect(back.response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(`${back.back!.origin}${back.back!.pathname}`).toBe(`${PUBLIC}/v/${code}/status`);
    expect(back.outcome).toBe('allowed');
    const status = await phone().status(back.ticket);
    expect(status.status).toBe(200);
    expect(status.json.pushed).toEqual({
      offered: true,
      state: 'allowed',
      subscribeLink: expect.stringMatching(/^https:\/\/pushed\.co\/s\//),
    });

    // The status page's live status says so too.
    const live = await openStatusStream(server.url, back.ticket);
    try {
      await live.until((s) => s.pushed?.state === 'allowed' && s.pushed.offered === true, 'the permission, live');
    } finally {
      live.close();
    }

    const token = fake.issued.tokens.at(-1)!;
    const changes = await syncChanges(server.url, TOKEN);
    const party = partiesOf(changes).find((p) => p.id === guest.partyId)!;
    expect(party.pushedUser).toMatchObject({ lostAt: null });
    expect(changes.text).not.toContain(token);
    const sealed = await server.store.db.query<{ token_sealed: string }>('SELECT token_sealed FROM pushed_tokens');
    expect(JSON.stringify(sealed.rows)).not.toContain(token);

    const pushed = await pushToGuest(guest.partyId, 'allowed-1-key');
    expect(pushed.status).toBe(200);
    expect(pushed.text).not.toContain(token);
    const sent = fake.pushes.at(-1)!;
    expect(sent).toMatchObject({ target_type: 'user', access_token: token, content_type: 'url' });
    expect(sent).not.toHaveProperty('party_id');
    // The notification opens their status page, on a ticket of its own that works.
    const link = new URL(sent.content_extra!);
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC}/v/${code}/status`);
    expect((await phone().status(link.hash.slice(1))).json.party.name).toBe(guest.name);
  });

  test('declined, a refused code, Pushed down: each back to the status page, saying so, on a fresh ticket', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ error: 'access_denied' }, 'declined'],
      [{}, 'declined'],
      [{ code: fake.issue('invalid_code') }, 'refused'],
      [{ auth_code: fake.issue('auth_code_invalid') }, 'refused'],
      [{ code: fake.issue('5xx') }, 'unavailable'],
      [{ code: fake.issue('html') }, 'unavailable'],
      [{ code: fake.issue('empty') }, 'unavailable'],
      [{ code: fake.issue('timeout') }, 'unavailable'],
      [{ code: fake.issue('redirect') }, 'unavailable'], // the code is not posted on to where it points
    ];
    for (const [query, outcome] of cases) {
      const guest = await joined();
      const { state } = await start(guest.ticket);
      const back = await callback({ state, ...query });
      expect([back.response.status, back.outcome], JSON.stringify(query)).toEqual([303, outcome]);
      const status = await phone().status(back.ticket);
      expect(status.status).toBe(200);
      expect(status.json.pushed.state).toBe('none');
      expect((await tabletParty(guest.name)).pushedUser ?? null).toBeNull();
    }
  });

  test('a forged, a replayed or an expired state: a page in words, no ticket, the party untouched', async () => {
    const guest = await joined();
    const tickets = await ticketCount();
    const forged = await callback(
      { state: randomBytes(32).toString('base64url'), code: fake.issue('ok') },
      server.url,
      { 'Accept-Language': 'es-ES,es;q=0.9,en;q=0.5' },
    );
    expect(forged.response.status).toBe(400);
    expect(forged.text).toContain('lang="es"');
    expect(forged.text).toContain('no lo creó el restaurante');
    expect(forged.response.headers.get('cache-control')).toBe('no-store');
    expect(forged.response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(forged.response.headers.get('content-security-policy')).toContain("default-src 'self'");

    const { state } = await start(guest.ticket);
    const checked = await fetch(`${server.url}/oauth/pushed?state=${state}`, { method: 'HEAD', redirect: 'manual' });
    expect([checked.status, checked.headers.get('allow'), checked.headers.get('location')]).toEqual([405, 'GET', null]);
    expect((await callback({ state })).outcome).toBe('declined');
    const replayed = await callback({ state, code: fake.issue('ok') });
    expect(replayed.response.status).toBe(409);
    expect(replayed.text).toContain('already used');
    expect(replayed.text).toContain(`href="/v/${code}/status"`);

    const late = await start(guest.ticket);
    const exchanged = fake.exchanges.length;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
    try {
      const expired = await callback({ state: late.state, code: fake.issue('ok') });
      expect(expired.response.status).toBe(410);
      expect(expired.text).toContain('longer than 10 minutes');
    } finally {
      vi.useRealTimers();
    }
    expect(fake.exchanges.length).toBe(exchanged);
    expect(await ticketCount()).toBe(tickets + 1); // the one declined callback's, and none of the refused pages'
    expect((await tabletParty(guest.name)).pushedUser ?? null).toBeNull();
  });

  test('Pushed adding its code after a second "?" (the redirect address already has one): still allowed', async () => {
    const guest = await joined();
    const { state } = await start(guest.ticket);
    const given = fake.issue('ok');
    const back = await fetch(`${server.url}/oauth/pushed?state=${state}?code=${given}`, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(new URL(back.headers.get('location')!).searchParams.get('pushed')).toBe('allowed');
    const declined = await start(guest.ticket);
    const refused = await fetch(`${server.url}/oauth/pushed?state=${declined.state}?error=access_denied`, {
      redirect: 'manual',
    });
    expect(new URL(refused.headers.get('location')!).searchParams.get('pushed')).toBe('declined');
  });

  test('a code used twice: Pushed refuses the second exchange, and the guest reads "refused"', async () => {
    const [ana, bea] = [await joined(), await joined()];
    const given = fake.issue('ok');
    expect((await callback({ state: (await start(ana.ticket)).state, code: given })).outcome).toBe('allowed');
    expect((await callback({ state: (await start(bea.ticket)).state, code: given })).outcome).toBe('refused');
  });

  test('starts are refused in words: six a party in 10 minutes, a finished visit, a venue without Pushed set up', async () => {
    const guest = await joined();
    for (let i = 0; i < 5; i++) expect((await start(guest.ticket)).answer.status).toBe(200);
    const sixth = await start(guest.ticket);
    expect([sixth.answer.status, sixth.answer.json.error.code]).toEqual([429, 'too_many_requests']);
    expect(sixth.answer.headers.get('retry-after')).toBe('600');

    const done = await joined();
    await phone().cancel(done.ticket);
    const finished = await start(done.ticket);
    expect([finished.answer.status, finished.answer.json.error.code]).toEqual([409, 'party_finished']);

    const bare = await startRelayServer(fake.url, { copyOf: server, guest: config.guest }); // no public address
    try {
      const refused = await start(guest.ticket, bare.url, bare.url);
      expect([refused.answer.status, refused.answer.json.error.code]).toEqual([409, 'pushed_not_set_up']);
      expect((await guestPhone(bare.url).status(guest.ticket)).json.pushed.offered).toBe(false);
    } finally {
      await bare.close();
    }
  });

  test('two server copies: started on one, back on the other, pushed through either: one Pushed call a key', async () => {
    const guest = await joined();
    const { state } = await start(guest.ticket, server.url);
    expect((await callback({ state, code: fake.issue('ok') }, copy.url)).outcome).toBe('allowed');
    const before = fake.pushes.length;
    const answers = await Promise.all([
      pushToGuest(guest.partyId, 'copies-1-key', server.url),
      pushToGuest(guest.partyId, 'copies-1-key', copy.url),
      pushToGuest(guest.partyId, 'copies-1-key', copy.url),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(fake.pushes.length).toBe(before + 1);
    expect(fake.pushes.at(-1)!.access_token).toBe(fake.issued.tokens.at(-1));
  });

  test('no permission, a lost one after the app key changed, not subscribed: said to the tablet and the guest', async () => {
    const other = await secondVenue(server);
    await openJoins(other.venue.id, other.venue.name);
    const otherCode = (await server.store.venues.code(other.venue.id))!;
    const asOther = (partyId: string, key: string) =>
      pushAs(server.url, other.token, key, { target_type: 'user', target_alias: 'Otro', party_id: partyId });
    const before = fake.pushes.length;

    const never = await joined(otherCode, other.token);
    const missing = await asOther(never.partyId, 'missing-1-key');
    expect([missing.status, missing.json.error.type]).toEqual([409, 'pushed_permission_missing']);

    const guest = await joined(otherCode, other.token);
    const { state } = await start(guest.ticket);
    const back = await callback({ state, code: fake.issue('ok') });
    expect(back.outcome).toBe('allowed');
    fake.unsubscribed.add(fake.issued.tokens.at(-1)!);
    const unreached = await asOther(guest.partyId, 'unsubscribed-1-key');
    expect([unreached.status, unreached.json.error.type]).toEqual([400, 'target_has_no_subscribers']);
    expect((await phone().status(back.ticket)).json.pushed.state).toBe('not_subscribed');
    fake.unsubscribed.clear();
    expect((await asOther(guest.partyId, 'subscribed-1-key')).status).toBe(200);
    expect((await phone().status(back.ticket)).json.pushed.state).toBe('allowed');
    const sent = fake.pushes.length;

    const changed = await api(server.url, '/1/venue', {
      method: 'PUT',
      token: other.token,
      body: { appKey: 'NewAppKey00000000003' },
    });
    expect(changed.status).toBe(200);
    const lost = await asOther(guest.partyId, 'lost-1-key');
    expect([lost.status, lost.json.error.type]).toEqual([409, 'pushed_permission_lost']);
    expect(fake.pushes.length).toBe(sent); // neither refusal called Pushed
    expect((await tabletParty(guest.name, other.token)).pushedUser?.lostAt).toEqual(expect.any(Number));
    expect((await phone().status(back.ticket)).json.pushed.state).toBe('lost');
    // Refusals are not stored under their key: the same key goes once the guest allows again.
    const again = await start(back.ticket);
    expect((await callback({ state: again.state, code: fake.issue('ok') })).outcome).toBe('allowed');
    expect((await phone().status(back.ticket)).json.pushed.state).toBe('allowed');
    expect((await asOther(guest.partyId, 'lost-1-key')).status).toBe(200);
    expect(fake.pushes.length).toBe(before + 3);
  });

  test("a token of the venue's earlier app key never counts: app key changed during the trip or the exchange", async () => {
    const other = await secondVenue(server, 'Cambio');
    await openJoins(other.venue.id, other.venue.name);
    const otherCode = (await server.store.venues.code(other.venue.id))!;
    const changeKey = async (appKey: string) =>
      expect((await api(server.url, '/1/venue', { method: 'PUT', token: other.token, body: { appKey } })).status).toBe(
        200,
      );
    /** What the tablet and the guest's page make of the party's permission now. */
    const seen = async (guest: { name: string }, ticket: string) => ({
      tablet: canNotifyPushedUser(await tabletParty(guest.name, other.token)) ? 'allowed' : 'none',
      page: (await phone().status(ticket)).json.pushed.state as string,
    });

    // Started under the old key (Pushed's page named that app), back after the owner changed it.
    const early = await joined(otherCode, other.token);
    const before = await start(early.ticket);
    expect(before.url!.searchParams.get('client_id')).toBe(other.appKey);
    await changeKey('ChangedAppKey0000004');
    const late = await callback({ state: before.state, code: fake.issue('ok') });
    expect([late.response.status, late.outcome]).toEqual([303, 'unavailable']);
    expect(await seen(early, late.ticket)).toEqual({ tablet: 'none', page: 'none' });

    // Changed while Pushed was still answering the exchange.
    const slow = await joined(otherCode, other.token);
    const { state } = await start(slow.ticket);
    const given = fake.issue('gated');
    const back = callback({ state, code: given });
    await vi.waitUntil(() => fake.gates.has(given), { timeout: 5_000 });
    await changeKey('ChangedAppKey0000005');
    fake.gates.get(given)!();
    const during = await back;
    expect(during.outcome).toBe('unavailable');
    expect(await seen(slow, during.ticket)).toEqual({ tablet: 'none', page: 'none' });
    const push = await pushAs(server.url, other.token, 'changed-during-1-key', {
      target_type: 'user',
      target_alias: 'Otro',
      party_id: slow.partyId,
    });
    expect([push.status, push.json.error.type]).toEqual([409, 'pushed_permission_missing']);

    // Trying again under the new key works.
    const again = await start(during.ticket);
    expect((await callback({ state: again.state, code: fake.issue('ok') })).outcome).toBe('allowed');
    expect(await seen(slow, during.ticket)).toEqual({ tablet: 'allowed', page: 'allowed' });
  });

  test('a party added at the stand gets no status link; one who joined online does', async () => {
    const { party, add } = addOf('At the stand');
    expect((await syncPush(server.url, TOKEN, [add])).status).toBe(200);
    const stand = await pushAs(server.url, TOKEN, 'stand-1-key', { party_id: party.id });
    expect(stand.status).toBe(200);
    expect(fake.pushes.at(-1)).not.toHaveProperty('content_type');
    expect(fake.pushes.at(-1)).not.toHaveProperty('content_extra');
    expect(fake.pushes.at(-1)).not.toHaveProperty('party_id');

    const guest = await joined();
    expect((await pushAs(server.url, TOKEN, 'online-1-key', { party_id: guest.partyId })).status).toBe(200);
    expect(fake.pushes.at(-1)!.content_extra).toMatch(new RegExp(`^${PUBLIC}/v/${code}/status#[A-Za-z0-9_-]{43}$`));
    // A link of the tablet's own is kept.
    const own = { party_id: guest.partyId, content_type: 'url', content_extra: 'https://menu.example/' };
    expect((await pushAs(server.url, TOKEN, 'online-2-key', own)).status).toBe(200);
    expect(fake.pushes.at(-1)!.content_extra).toBe('https://menu.example/');
  });

  test("tokens go with the guest's data: two hours after the visit ended, or with the party; old states too", async () => {
    const guest = await joined();
    const { state } = await start(guest.ticket);
    expect((await callback({ state, code: fake.issue('ok') })).outcome).toBe('allowed');
    const row = () =>
      server.store.db.query('SELECT 1 FROM pushed_tokens WHERE party_id = $1', [guest.partyId]).then((r) => r.rows);
    const at = (ms: number) => pushedUsers(server.store.db, server.store.box, { now: () => Date.now() + ms });
    await at(0).sweep();
    expect(await row()).toHaveLength(1);
    expect(
      (await syncPush(server.url, TOKEN, [change(guest.partyId, { kind: 'act', action: 'seat' }, Date.now())])).status,
    ).toBe(200);
    const states = () =>
      server.store.db.query('SELECT 1 FROM pushed_oauth_states WHERE party_id = $1', [guest.partyId]);
    await at(59 * 60_000).sweep();
    expect((await states()).rows).toHaveLength(1);
    await at(61 * 60_000).sweep();
    expect((await states()).rows).toHaveLength(0);
    expect(await row()).toHaveLength(1); // an hour after: the guest still reads how it ended
    await at(2 * 60 * 60_000 + 60_000).sweep();
    expect(await row()).toHaveLength(0);

    const purged = await joined();
    const next = await start(purged.ticket);
    expect((await callback({ state: next.state, code: fake.issue('ok') })).outcome).toBe('allowed');
    await server.store.db.query('DELETE FROM sync_parties WHERE party_id = $1', [purged.partyId]);
    await at(0).sweep();
    expect(
      (await server.store.db.query('SELECT 1 FROM pushed_tokens WHERE party_id = $1', [purged.partyId])).rows,
    ).toHaveLength(0);
  });

  test('the strict fake saw only well-formed exchanges; no log line of this file holds a token, a code or a state', () => {
    expect(fake.problems).toEqual([]);
    expect(fake.issued.tokens.length).toBeGreaterThan(3);
    const logs = server.text() + copy.text();
    expect(logs).toContain('guest pushed');
    for (const secret of [...fake.issued.tokens, ...fake.issued.codes, ...states]) expect(logs).not.toContain(secret);
  });
});

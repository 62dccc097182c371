import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src/server/db/migrations.ts';
import { pgliteDatabase } from '../../../src/server/db/pglite.ts';
import { openPostgresDatabase } from '../../../src/server/db/postgres.ts';
import { SANDBOX_SETTINGS } from '../../../src/core/settings.ts';
import { sharedSettings, type SharedSettings } from '../../../src/core/shared-settings.ts';
import { sharedSettingsStore, SYNC_CHANNEL } from '../../../src/server/venue/shared-settings-store.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { freshPostgres, migratedPglite, TEST_ENGINE } from '../../support/test-database.ts';
import { TOKEN, TOKEN_B } from '../server-process.ts';
import { api, useVenueServer, type VenueServer } from './venue-client.ts';
import { pbkdf2Sync, randomBytes } from 'node:crypto';

let server: VenueServer['server'];
useVenueServer((started) => ({ server } = started));

const SETTINGS: SharedSettings = sharedSettings({
  ...SANDBOX_SETTINGS,
  venueName: 'Casa Prueba',
  channelAlias: 'Venue',
});
/** The staff PIN, and its record as a tablet makes it (PBKDF2-SHA256), at the lowest work factor the wire takes. */
const PIN = '4821';
const hashOf = (text: string, salt: string) =>
  pbkdf2Sync(text, Buffer.from(salt, 'base64'), 1_000, 32, 'sha256').toString('base64');
const PIN_HASH = {
  salt: 'c2FsdHNhbHRzYWx0c2FsdA==',
  hash: hashOf(PIN, 'c2FsdHNhbHRzYWx0c2FsdA=='),
  iterations: 1_000,
  recovery: {
    salt: 'cmVjb3Zlcnlzb2x0c2FsdA==',
    hash: hashOf('ABCD-EFGH-JKMN-PQRS', 'cmVjb3Zlcnlzb2x0c2FsdA=='),
    iterations: 1_000,
  },
};

const get = (token = TOKEN) => api(server.url, '/1/venue/settings', { token });
const put = (body: unknown, token = TOKEN, headers: Record<string, string> = {}) =>
  api(server.url, '/1/venue/settings', { token, method: 'PUT', body, headers });

describe('GET and PUT /1/venue/settings', () => {
  test('a venue nobody set up has none; the first tablet sets them; every tablet of the venue reads the same', async () => {
    expect((await get()).json).toEqual({ settings: null, pinHash: null, updatedAt: null, revision: 0 });

    const first = await put({ revision: 0, settings: { ...SETTINGS, lateAfterMinutes: 25 }, pinHash: PIN_HASH });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      settings: { ...SETTINGS, lateAfterMinutes: 25 },
      pinHash: PIN_HASH,
      revision: 1,
    });
    expect(Date.parse(first.json.updatedAt)).not.toBeNaN();

    expect((await get(TOKEN_B)).json).toEqual(first.json);
    // The name is the venue's own, as the owner's Settings → Venue server shows it; once there is a PIN, it goes with it.
    const next = await put({ revision: 1, settings: { ...SETTINGS, venueName: 'Casa Nueva' } }, TOKEN_B, {
      'Waitbell-Staff-Pin': PIN,
    });
    expect(next.json).toMatchObject({ revision: 2, pinHash: PIN_HASH }); // a PIN hash left out keeps the saved one
    expect((await api(server.url, '/1/venue', { token: TOKEN })).json.venue).toMatchObject({ name: 'Casa Nueva' });
  });

  test('a change made over an older revision is refused with what is there now (409), and changes nothing', async () => {
    await put({ revision: 0, settings: SETTINGS });
    const theirs = await put({ revision: 1, settings: { ...SETTINGS, autoNoShow: true } }, TOKEN_B);
    const stale = await put({ revision: 1, settings: { ...SETTINGS, venueName: 'Mine' } });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toEqual({
      type: 'settings_changed',
      message: 'Settings were changed on another tablet: here they are.',
    });
    expect(stale.json).toMatchObject({ settings: { autoNoShow: true, venueName: 'Casa Prueba' }, revision: 2 });
    expect((await get()).json).toEqual(theirs.json);
  });

  test('two tablets setting up the venue at once: one is first, the other is told, none is half stored', async () => {
    const [a, b] = await Promise.all([
      put({ revision: 0, settings: { ...SETTINGS, venueName: 'From A' } }),
      put({ revision: 0, settings: { ...SETTINGS, venueName: 'From B' } }, TOKEN_B),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect((await get()).json).toEqual(winner.json);
  });

  test('bad settings are refused in words, naming each field, and nothing stored is lost', async () => {
    const saved = await put({ revision: 0, settings: SETTINGS, pinHash: PIN_HASH });
    const bad = await put({
      revision: 1,
      settings: { ...SETTINGS, venueName: '   ', contentLimit: 9999, template: 'Ready {nope}' },
      pinHash: { salt: 'x', hash: '1234', iterations: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('invalid_settings');
    expect(bad.json.error.message).toBe(
      "These settings were refused, nothing was changed: the venue name, the Table ready message, the message length limit, the staff PIN's record.",
    );
    expect((bad.json.error.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'venueName',
      'template',
      'contentLimit',
      'pinHash',
    ]);
    expect(bad.text).not.toContain('1234'); // what was sent is never quoted back

    for (const body of [
      { settings: SETTINGS },
      { revision: '1', settings: SETTINGS },
      { revision: 1, settings: 'all' },
      [],
    ]) {
      const refused = await put(body);
      expect(refused.status).toBe(400);
      expect(refused.json.error.message).toMatch(/^[A-Z].*\.$/);
    }
    expect((await get()).json).toEqual(saved.json);
  });

  test('the PIN travels only as its hash, and is never logged; a tablet of another server cannot read it', async () => {
    await put({ revision: 0, settings: SETTINGS, pinHash: PIN_HASH });
    await get(TOKEN_B);
    const logs = server.text();
    expect(logs).toContain('venue settings changed');
    for (const part of [PIN_HASH.hash, PIN_HASH.salt, PIN_HASH.recovery.hash]) expect(logs).not.toContain(part);
    const stranger = await api(server.url, '/1/venue/settings', { token: 'not-a-token-000000' });
    expect(stranger.status).toBe(401);
    expect(stranger.text).not.toContain(PIN_HASH.hash);
  });

  test("the owner's change of name or channel (Settings → Venue server, the command line) reaches the shared settings", async () => {
    await put({ revision: 0, settings: SETTINGS });
    await api(server.url, '/1/venue', { token: TOKEN, method: 'PUT', body: { name: 'Casa Renombrada' } });
    expect((await get(TOKEN_B)).json).toMatchObject({ revision: 2, settings: { venueName: 'Casa Renombrada' } });
  });
});

describe('the database', () => {
  test('a server at schema version 2 upgrades keeping its venues; they have no shared settings yet', async () => {
    const pglite = await PGlite.create();
    const db = pgliteDatabase(pglite);
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 2),
      );
      await db.query(`INSERT INTO venues (id, name, channel_alias) VALUES ('v1', 'Casa Prueba', 'Venue')`);
      expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 2).map((m) => m.version));
      const store = sharedSettingsStore(db);
      expect(await store.read('v1')).toEqual({ settings: null, pinHash: null, updatedAt: null, revision: 0 });
      const saved = await store.save('v1', null, 0, { settings: SETTINGS });
      expect('saved' in saved && saved.saved.revision).toBe(1);
    } finally {
      await db.close();
    }
  }, 30_000);

  test('every saved change is announced on waitbell_sync as "<venue>:settings" once committed', async () => {
    const heard: string[] = [];
    let close: () => Promise<void>;
    let store: ReturnType<typeof sharedSettingsStore>;
    let venueId: string;
    if (TEST_ENGINE === 'postgres') {
      const url = await freshPostgres();
      const db = openPostgresDatabase({ connectionString: url, max: 2 });
      const listener = new pg.Client({ connectionString: url });
      await listener.connect();
      listener.on('notification', (n) => heard.push(n.payload ?? ''));
      await listener.query(`LISTEN ${SYNC_CHANNEL}`);
      store = sharedSettingsStore(db);
      venueId = (await serverStore(db, randomBytes(32)).venues.createVenue('Casa Prueba')).id;
      close = async () => void (await Promise.all([listener.end(), db.close()]));
    } else {
      const pglite = await migratedPglite();
      const db = pgliteDatabase(pglite);
      await pglite.listen(SYNC_CHANNEL, (payload) => heard.push(payload));
      store = sharedSettingsStore(db);
      venueId = (await serverStore(db, randomBytes(32)).venues.createVenue('Casa Prueba')).id;
      close = () => db.close();
    }
    try {
      await store.save(venueId, null, 0, { settings: SETTINGS });
      await store.save(venueId, null, 0, { settings: SETTINGS }); // stale: nothing changed, nothing said
      await expect.poll(() => heard).toEqual([`${venueId}:settings`]);
    } finally {
      await close();
    }
  }, 30_000);
});

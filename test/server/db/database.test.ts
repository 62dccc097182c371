import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DatabaseError, type Database } from '../../../src/server/db/database.ts';
import { keyStore } from '../../../src/server/push/key-store.ts';
import { MIGRATIONS, migrate } from '../../../src/server/db/migrations.ts';
import { pgliteDatabase } from '../../../src/server/db/pglite.ts';
import { openPostgresDatabase } from '../../../src/server/db/postgres.ts';
import { serverStore } from '../../../src/server/setup/server-store.ts';
import { tokenHash } from '../../../src/server/venue/venue-store.ts';
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres.ts';

/** The schema version of this server, and one a later server would have. */
const LATEST = MIGRATIONS.at(-1)!.version;
const LATER = LATEST + 1;

/** One database per engine for the whole file; `connect` opens another connection to it (another server copy). */
interface Engine {
  name: string;
  skip: string | null;
  start(): Promise<void>;
  connect(): Database;
  stop(): Promise<void>;
}

let pglite: PGlite | undefined;
let cluster: PostgresCluster | undefined;
const missing = postgresMissing();
if (missing) console.warn(`Skipping the real-PostgreSQL half of the database tests: ${missing}`);

const ENGINES: Engine[] = [
  {
    name: 'PGlite (in memory)',
    skip: null,
    start: async () => void (pglite = await PGlite.create()),
    connect: () => pgliteDatabase(pglite!, { owned: false }),
    stop: async () => pglite?.close(),
  },
  {
    name: 'PostgreSQL 15 (a cluster of its own)',
    skip: missing,
    start: async () => void (cluster = await startPostgres()),
    connect: () => openPostgresDatabase({ ...cluster!.config, max: 4 }),
    stop: async () => cluster?.stop(),
  },
];

describe.each(ENGINES)('$name', (engine) => {
  let db: Database;
  const others: Database[] = [];
  /** Another connection (pool) to the same database, closed after the test. */
  const another = () => {
    const other = engine.connect();
    others.push(other);
    return other;
  };

  describe.skipIf(engine.skip !== null)('', () => {
    beforeAll(async () => {
      await engine.start();
      db = engine.connect();
    }, 30_000);
    afterAll(async () => {
      await db?.close();
      await engine.stop();
    });
    beforeEach(async () => {
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'); // an empty database
    });
    afterEach(async () => {
      await Promise.all(others.splice(0).map((o) => o.close()));
    });

    const tables = async () =>
      (
        await db.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
        )
      ).rows.map((r) => r.table_name);

    describe('migrations', () => {
      test('an empty database gets every table, and its version recorded', async () => {
        expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await tables()).toEqual([
          'attempt_budgets',
          'devices',
          'erasures',
          'guest_tickets',
          'idempotency_keys',
          'pairing_codes',
          'pushed_oauth_states',
          'pushed_tokens',
          'schema_migrations',
          'server_facts',
          'sync_mutations',
          'sync_parties',
          'sync_venues',
          'venue_pin_tries',
          'venue_settings',
          'venues',
        ]);
        const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
      });

      test('starting again applies nothing and keeps every row', async () => {
        await migrate(db);
        await db.query(`INSERT INTO venues (id, name) VALUES ('v1', 'Casa Prueba')`);
        expect(await migrate(db)).toEqual([]);
        expect((await db.query('SELECT name FROM venues')).rows).toEqual([{ name: 'Casa Prueba' }]);
      });

      test('two servers starting together apply each migration exactly once', async () => {
        const results = await Promise.all([migrate(another()), migrate(another()), migrate(db)]);
        expect(results.flat().sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await tables()).toContain('pairing_codes');
      });

      test('venues made before check-in codes get one each: six symbols, none alike, and new venues too', async () => {
        await migrate(db, MIGRATIONS.slice(0, 7));
        await db.query(`INSERT INTO venues (id, name) VALUES ('A', 'Casa A'), ('B', 'Casa B'), ('C', 'Casa C')`);
        await migrate(db);
        await db.query(`INSERT INTO venues (id, name) VALUES ('D', 'Casa D')`);
        const { rows } = await db.query<{ code: string }>('SELECT code FROM venues ORDER BY id');
        expect(rows).toHaveLength(4);
        for (const { code } of rows) expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
        expect(new Set(rows.map((r) => r.code)).size).toBe(4);
      });

      test('a later migration applies on top of an earlier version, in order', async () => {
        await migrate(db);
        const next = [...MIGRATIONS, { version: LATER, name: 'test', sql: 'ALTER TABLE venues ADD COLUMN note text;' }];
        expect(await migrate(db, next)).toEqual([LATER]);
        expect((await db.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
          [...MIGRATIONS, { version: LATER }].map(({ version }) => ({ version })),
        );
      });

      test('a failing migration leaves nothing half done, and the server refuses to start', async () => {
        await migrate(db);
        const broken = [
          ...MIGRATIONS,
          {
            version: LATER,
            name: 'broken',
            sql: 'ALTER TABLE venues ADD COLUMN note text; SELECT no_such_function();',
          },
        ];
        await expect(migrate(db, broken)).rejects.toThrow(DatabaseError);
        const columns = await db.query(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'venues' AND column_name = 'note'`,
        );
        expect(columns.rows).toEqual([]);
        expect((await db.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
          MIGRATIONS.map(({ version }) => ({ version })),
        );
      });

      test('a database migrated by a newer server is refused in words', async () => {
        await migrate(db);
        await db.query(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')`);
        await expect(migrate(db)).rejects.toThrow(`schema version 99, newer than this server (${LATEST})`);
      });

      test("a database at version 1 (the first server's) upgrades to 2 keeping its venue, tablets and keys", async () => {
        expect(await migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
        const token = 'kiosk-token-0001';
        await db.query(`INSERT INTO venues (id, name) VALUES ('v1', 'Casa Prueba')`);
        await db.query(
          `INSERT INTO devices (id, venue_id, token_hash, label, revoked_at)
           VALUES ('d1', 'v1', $1, 'Front stand', NULL), ('d2', 'v1', $2, 'Old tablet', now())`,
          [tokenHash(token), tokenHash('kiosk-token-0002')],
        );
        const at = new Date();
        await db.query(
          `INSERT INTO idempotency_keys (venue_id, key, device_id, request_hash, state, status, body, created_at, updated_at)
           VALUES ('v1', 'kept-key-0001', 'd1', 'h1', 'done', 200, '{"ok":true}', $1, $1),
                  ('v1', 'lost-key-0001', 'd1', 'h2', 'unknown', NULL, NULL, $1, $1)`,
          [at],
        );
        expect(await migrate(db)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
        const store = serverStore(db, randomBytes(32));
        expect(await store.venues.venue('v1')).toEqual({
          id: 'v1',
          name: 'Casa Prueba',
          appKey: '',
          hasAppSecret: false,
          channelAlias: '',
          subscriptionLink: '',
        });
        expect(await store.venues.authenticate(token)).toMatchObject({
          device: { id: 'd1', venueId: 'v1', label: 'Front stand', revokedAt: null },
        });
        expect((await store.venues.devices('v1')).map((d) => [d.id, d.lastSeenAt !== null])).toEqual([
          ['d1', true], // the new column is filled in as the tablet is seen
          ['d2', false],
        ]);
        expect(await store.venues.authenticate('kiosk-token-0002')).toEqual({ refused: 'revoked' });
        expect(await store.keys.lookup('v1', 'kept-key-0001')).toMatchObject({
          state: 'done',
          status: 200,
          body: '{"ok":true}',
          at: at.getTime(),
        });
        expect(await store.keys.lookup('v1', 'lost-key-0001')).toMatchObject({ state: 'unknown' });
      });

      test('the versions are numbered in order, once each', () => {
        expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
      });
    });

    describe('the database layer', () => {
      test('a transaction that throws is rolled back, and its error reaches the caller unchanged', async () => {
        await migrate(db);
        const oops = new Error('oops');
        await expect(
          db.transaction(async (tx) => {
            await tx.query(`INSERT INTO venues (id, name) VALUES ('v1', 'Casa Prueba')`);
            throw oops;
          }),
        ).rejects.toBe(oops);
        expect((await db.query('SELECT id FROM venues')).rows).toEqual([]);
        // The connection is usable again afterwards.
        await db.transaction((tx) => tx.query(`INSERT INTO venues (id, name) VALUES ('v2', 'Otra')`));
        expect((await db.query('SELECT id FROM venues')).rows).toEqual([{ id: 'v2' }]);
      });

      test('a database error never carries the values it was given (a token must not reach a log)', async () => {
        await migrate(db);
        await db.query(`INSERT INTO venues (id, name) VALUES ('v1', 'Casa Prueba')`);
        const secret = 'tok_SECRET_do_not_log';
        const errors = await Promise.all([
          db.query('SELECT $1::int', [secret]).catch((e: unknown) => e),
          db
            .query(`INSERT INTO devices (id, venue_id, token_hash) VALUES ($1, 'v1', $1), ($1, 'v1', $1)`, [secret])
            .catch((e: unknown) => e),
        ]);
        expect(errors[0]).toMatchObject({ name: 'DatabaseError', code: '22P02' });
        expect(errors[1]).toMatchObject({ name: 'DatabaseError', code: '23505' });
        for (const error of errors) {
          const everything = JSON.stringify(error, Object.getOwnPropertyNames(error));
          expect(everything).not.toContain(secret);
        }
      });
    });

    describe('idempotency keys', () => {
      const HOUR = 60 * 60_000;
      let clock = Date.UTC(2026, 10, 29, 12);
      const now = () => clock;
      const request = (venueId: string, key: string) => ({ venueId, key, deviceId: null, requestHash: 'h1' });

      beforeEach(async () => {
        clock = Date.UTC(2026, 10, 29, 12);
        await migrate(db);
        await db.query(`INSERT INTO venues (id, name) VALUES ('A', 'Casa A'), ('B', 'Casa B')`);
      });

      test('the first reservation of a key wins; the second finds it, with its request', async () => {
        const keys = keyStore(db, { now });
        expect(await keys.reserve(request('A', 'k1'))).toEqual({ reserved: true });
        expect(await keys.reserve({ ...request('A', 'k1'), requestHash: 'h2' })).toEqual({
          reserved: false,
          existing: { venueId: 'A', key: 'k1', deviceId: null, requestHash: 'h1', at: clock, state: 'reserved' },
        });
      });

      test('two connections reserving the same keys at once: each key goes to exactly one', async () => {
        const [one, two] = [keyStore(another(), { now }), keyStore(another(), { now })];
        const names = Array.from({ length: 40 }, (_, i) => `k${i}`);
        const results = await Promise.all(
          names.flatMap((k) => [one.reserve(request('A', k)), two.reserve(request('A', k))]),
        );
        expect(results.filter((r) => r.reserved)).toHaveLength(names.length);
        const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys');
        expect(rows).toEqual([{ n: names.length }]);
      });

      test("keys are scoped per venue: venue A's key neither blocks nor answers venue B", async () => {
        const keys = keyStore(db, { now });
        await keys.reserve(request('A', 'same'));
        await keys.complete('A', 'same', { status: 200, body: '{"ok":true}' });
        expect(await keys.reserve(request('B', 'same'))).toEqual({ reserved: true });
        expect(await keys.lookup('B', 'same')).toMatchObject({ venueId: 'B', state: 'reserved' });
        expect(await keys.lookup('A', 'same')).toMatchObject({ state: 'done', status: 200, body: '{"ok":true}' });
      });

      test("Pushed's answer is kept and replayed; it cannot be overwritten", async () => {
        const keys = keyStore(db, { now });
        await keys.reserve(request('A', 'k'));
        expect(await keys.complete('A', 'k', { status: 200, body: 'first' })).toBe(true);
        expect(await keys.complete('A', 'k', { status: 502, body: 'second' })).toBe(false);
        expect(await keys.markUnknown('A', 'k')).toBe(false);
        expect(await keys.forget('A', 'k')).toBe(false);
        expect(await keys.reserve(request('A', 'k'))).toMatchObject({
          reserved: false,
          existing: { state: 'done', status: 200, body: 'first' },
        });
      });

      test('a key whose outcome was lost stays unknown for good', async () => {
        const keys = keyStore(db, { now });
        await keys.reserve(request('A', 'k'));
        expect(await keys.markUnknown('A', 'k')).toBe(true);
        expect(await keys.complete('A', 'k', { status: 200, body: 'late' })).toBe(false);
        expect(await keys.forget('A', 'k')).toBe(false);
        expect(await keys.lookup('A', 'k')).toMatchObject({ state: 'unknown' });
      });

      test('a forgotten reservation (Pushed never took it) frees the key for a retry', async () => {
        const keys = keyStore(db, { now });
        await keys.reserve(request('A', 'k'));
        expect(await keys.forget('A', 'k')).toBe(true);
        expect(await keys.lookup('A', 'k')).toBeUndefined();
        expect(await keys.reserve(request('A', 'k'))).toEqual({ reserved: true });
      });

      test('the sweep deletes keys older than 48 hours and keeps the rest', async () => {
        const keys = keyStore(db, { now });
        await keys.reserve(request('A', 'old'));
        await keys.complete('A', 'old', { status: 200, body: 'x' });
        clock += 47 * HOUR;
        await keys.reserve(request('B', 'recent'));
        clock += HOUR + 1; // 'old' is now 48 h and 1 ms old
        expect(await keys.sweep()).toBe(1);
        expect(await keys.lookup('A', 'old')).toBeUndefined();
        expect(await keys.lookup('B', 'recent')).toMatchObject({ state: 'reserved' });
        expect(await keys.sweep()).toBe(0);
      });
    });
  });
});

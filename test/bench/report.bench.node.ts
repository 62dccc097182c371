import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { ONLINE_JOINS_DEFAULTS } from '../../src/core/online-joins.ts';
import { PBKDF2_ITERATIONS } from '../../src/core/key-derivation.ts';
import { createHttpServer } from '../../src/server/http/http-server.ts';
import { serverLogger } from '../../src/server/log/logger.ts';
import { createServerApp } from '../../src/server/server-app.ts';
import { SERVER_DEFAULTS } from '../../src/server/setup/server-config.ts';
import { openServerStore, type DatabaseLocation } from '../../src/server/setup/server-store.ts';
import { createDatabase, postgresMissing, startPostgres } from '../support/postgres.ts';
import { SECRET, TOKEN } from '../server/server-process.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { measure, report } from './stats.ts';

const PARTIES = 100_000;
const RUNS = 20;
const DAY = 86_400_000;
/** The year of history ends here (a Monday), in New York. */
const END = Date.UTC(2026, 11, 7, 10);
const ZONE = 'America/New_York';
const PIN = '4821';

/** A party as a tablet syncs it, every field filled as on a busy evening. */
function party(i: number, random: () => number) {
  const day = Math.floor(random() * 365);
  // Arrivals from 11:00 to 23:00 local (16:00–04:00 UTC), most in the evening.
  const hour = 16 + Math.floor(Math.sqrt(random()) * 12);
  const joinedAt = END - (day + 1) * DAY + hour * 3_600_000 - 10 * 3_600_000 + Math.floor(random() * 3_600_000);
  const size = 1 + Math.floor(random() * random() * 9);
  const roll = random();
  const status = roll < 0.78 ? 'seated' : roll < 0.88 ? 'removed' : roll < 0.96 ? 'no_show' : 'removed';
  const wait = Math.floor(5 + random() * 50) * 60_000;
  const called = status !== 'removed' || roll > 0.85 ? joinedAt + wait - 120_000 : null;
  return {
    id: `party-${i}`,
    name: `Guest ${i}`,
    size,
    note: random() < 0.2 ? 'high chair, by the window' : '',
    quoteMinutes: random() < 0.9 ? 5 * Math.ceil(random() * 10) : null,
    // Waitbell's suggestion, on most parties (not drawn from `random`: the history stays the one it was).
    suggestedMinutes: i % 5 === 0 ? null : 5 + ((i * 7) % 46),
    pushedId: null,
    email: null,
    status,
    joinedAt,
    updatedAt: joinedAt + wait,
    finishedAt: joinedAt + wait,
    previous: null,
    messages: {},
    lastMessage: null,
    joinedPosition: 1 + Math.floor(random() * 15),
    rank: joinedAt,
    calledAt: called,
    callCount: called ? 1 : 0,
    finishReason: roll >= 0.96 ? 'guest_cancelled' : status === 'no_show' ? 'late' : null,
    excusedAt: null,
    ...(random() < 0.3 ? { joinedVia: 'online' } : {}),
    phone: null,
  };
}

/** The venue server in this process on `where`, a year of 100,000 parties; the report's latencies over HTTP. */
async function reportTimes(where: DatabaseLocation) {
  const store = await openServerStore(where, randomBytes(32));
  const venue = await store.venues.createVenue('Casa Prueba', {
    appKey: 'RelayAppKey000000001',
    appSecret: SECRET,
    channelAlias: 'Venue',
  });
  await store.venues.addDevice(venue.id, 'Front stand', TOKEN);
  const random = seededRandom(7);
  for (let from = 0; from < PARTIES; from += 2_000) {
    const batch = Array.from({ length: 2_000 }, (_, k) => party(from + k, random));
    await store.db.query(
      `INSERT INTO sync_parties (venue_id, party_id, version, party)
       SELECT $1, p->>'id', $2 + n, p FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS a (p, n)`,
      [venue.id, from, JSON.stringify(batch)],
    );
  }
  const salt = randomBytes(16);
  const slow = (iterations: number) => ({
    salt: salt.toString('base64'),
    hash: pbkdf2Sync(PIN, salt, iterations, 32, 'sha256').toString('base64'),
    iterations,
  });
  const setPin = (pinHash: object | null) =>
    store.db.query(
      `INSERT INTO venue_settings (venue_id, settings, pin_hash, revision, updated_at) VALUES ($1, $2::jsonb, $3::jsonb, 1, now())
       ON CONFLICT (venue_id) DO UPDATE SET pin_hash = EXCLUDED.pin_hash`,
      [
        venue.id,
        JSON.stringify({ onlineJoins: { ...ONLINE_JOINS_DEFAULTS, timeZone: ZONE } }),
        pinHash && JSON.stringify(pinHash),
      ],
    );
  await setPin(null);
  await store.db.exec('ANALYZE sync_parties');

  const quiet = serverLogger(() => {});
  const app = createServerApp({
    store,
    upstream: 'http://127.0.0.1:9',
    allowedOrigins: [],
    ratePerMinute: 1_000_000,
    logger: quiet,
  });
  const { server, connections } = createHttpServer(app, { ...SERVER_DEFAULTS, port: 0, host: '127.0.0.1' }, quiet);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/1/report`;
  const ask = async (period: string, i: number, headers: Record<string, string> = {}) => {
    // A different day each run, spread over the year: no run reads what the one before just read.
    const date = new Date(END - (20 + ((i * 17 + 40) % 300)) * DAY).toISOString().slice(0, 10);
    const response = await fetch(`${base}?period=${period}&date=${date}`, {
      headers: { Authorization: `Bearer ${TOKEN}`, ...headers },
    });
    const body = (await response.json()) as { current?: { parties: number } };
    if (response.status !== 200 || !body.current) throw new Error(`report answered ${response.status}`);
    return body.current.parties;
  };
  const rows = {
    night: await measure(RUNS, (i) => ask('night', i)),
    week: await measure(RUNS, (i) => ask('week', i)),
    month: await measure(RUNS, (i) => ask('month', i)),
  };
  const parties = { night: await ask('night', 0), week: await ask('week', 0), month: await ask('month', 0) };
  // With the staff PIN as a tablet records it (PBKDF2-SHA256 at the tablet's iterations): what an owner waits for.
  await setPin(slow(PBKDF2_ITERATIONS));
  const withPin = await measure(RUNS, (i) => ask('night', i, { 'Waitbell-Staff-Pin': PIN }));
  await connections.stop(100);
  await store.db.close();
  return { rows, parties, withPin };
}

/**
 * GET /1/report over a year of a busy venue (100,000 parties), a night, a week and a month each 20 times
 * (different dates), on PGlite and on PostgreSQL 15; then a night with the staff PIN checked.
 */
test('the report for 100,000 parties: p50, p95 on both engines', async () => {
  const results: [string, Awaited<ReturnType<typeof reportTimes>>][] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-bench-report-'));
  results.push(['PGlite', await reportTimes({ dataDir })]);
  if (!postgresMissing()) {
    const cluster = await startPostgres();
    try {
      results.push(['PostgreSQL 15', await reportTimes({ url: await createDatabase(cluster.config) })]);
    } finally {
      await cluster.stop();
    }
  }
  for (const [engine, r] of results)
    report(
      `GET /1/report, ${PARTIES} parties over a year, ${engine} (parties in a night ${r.parties.night}, a week ${r.parties.week}, a month ${r.parties.month})`,
      {
        night: r.rows.night,
        week: r.rows.week,
        month: r.rows.month,
        [`night, with the staff PIN (PBKDF2 ×${PBKDF2_ITERATIONS})`]: r.withPin,
      },
    );
}, 900_000);

import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRelayServer } from '../server/in-process-server.ts';
import { fakeUpstream, TOKEN } from '../server/server-process.ts';
import { aParty } from '../support/parties.ts';
import { summarize } from './stats.ts';

const PARTIES = 100_000;
const RUNS = 3;

let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let server: Awaited<ReturnType<typeof startRelayServer>>;

beforeAll(async () => {
  upstream = await fakeUpstream();
  server = await startRelayServer(upstream.url, { ratePerMinute: 100_000 });
  // A year of a busy venue's finished parties, as tablets store them, made in the database at once.
  const finished = { ...aParty({ status: 'seated' }), finishedAt: Date.UTC(2026, 2, 6, 19, 30) };
  await server.store.db.query(
    `INSERT INTO sync_parties (venue_id, party_id, version, party)
     SELECT $1, 'p' || lpad(i::text, 7, '0'), i,
            $2::jsonb || jsonb_build_object('id', 'p' || lpad(i::text, 7, '0'), 'size', 1 + i % 8,
              'joinedAt', $3::float8 + i::float8 * 300000, 'finishedAt', $3::float8 + i::float8 * 300000 + 1500000)
       FROM generate_series(1, $4::int) AS i`,
    [server.venue.id, JSON.stringify(finished), Date.UTC(2025, 2, 6, 18, 0), PARTIES],
  );
}, 600_000);
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

test(`the history export: rows a second for ${PARTIES.toLocaleString('en')} parties on PGlite (p50 of ${RUNS} runs)`, async () => {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/1/history.csv`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body!) {
      bytes += (chunk as Uint8Array).length;
      for (const b of chunk as Uint8Array) if (b === 10) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(lines).toBe(PARTIES + 1);
    rates.push(PARTIES / seconds);
    console.log(`  run ${run + 1}: ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
  }
  const { median } = summarize(rates);
  console.log(
    `\nHistory export, ${PARTIES.toLocaleString('en')} parties on PGlite: ${Math.round(median).toLocaleString('en')} rows/s (p50 of ${RUNS})\n`,
  );
});

import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright';
import { expect, test } from 'vitest';
import { mutation, type Mutation } from '../../src/core/sync/mutation.ts';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { aParty } from '../support/parties.ts';
import { serveBuild } from '../support/serve-build.ts';
import { waitUntil } from '../support/wait-until.ts';
import { row, TEST_PIN } from '../e2e/browser.ts';
import { pairTablet, setUpVenue, startVenueServer } from '../e2e/venue-server.ts';
import { api } from '../server/venue/venue-client.ts';
import {
  joinOnline,
  openGuestStreams,
  openOnlineJoins,
  openStream,
  pairOverHttp,
  rssMB,
  type Frame,
} from './guest-load.ts';
import { summarize } from './stats.ts';

const JOINS = 40;
const READY_TAPS = 20;
const WARMUP = 3;
/** The most parties that may wait online (the settings' own ceiling): the streams' tickets. */
const ONLINE_MAX = 200;
const STREAMS = 2_000;
const CHANGES = 30;

/** Every budget and bound a bench of thousands would meet, raised: the bench measures the server, not its refusals. */
const ROOMY = {
  WAITBELL_GUEST_JOINS_PER_ADDRESS: '10000',
  WAITBELL_GUEST_JOINS_PER_VENUE: '10000',
  WAITBELL_GUEST_READS_PER_MINUTE: '100000',
  WAITBELL_GUEST_STREAMS_PER_VENUE: '5000',
  WAITBELL_BOARD_MAX_PARTIES: '5000',
  WAITBELL_BOARD_MAX_BYTES: String(64 * 1024 * 1024),
};

/** Notes, in the page, when each new row's name first shows (a MutationObserver: no polling delay). */
const watchRows = (page: Page) =>
  page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { seenRows: Record<string, number> }).seenRows = seen;
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('h2.party-name')) {
        const name = h.textContent ?? '';
        if (!(name in seen)) seen[name] = Date.now();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

/** Notes, in the status page, when "Your table is ready" first shows. */
const watchReady = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { readyAt?: number };
    new MutationObserver(() => {
      if (w.readyAt) return;
      for (const h of document.querySelectorAll('h1'))
        if (h.textContent === 'Your table is ready') w.readyAt = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

const fmt = (s: { n: number; median: number; p95: number }) =>
  `median ${s.median.toFixed(0).padStart(5)} ms  p95 ${s.p95.toFixed(0).padStart(5)} ms  (n=${s.n})`;

/**
 * The guest side against a real venue server (PGlite, its default) serving the production build: a guest's join until
 * the row is on a tablet, a Table ready tap until the guest's status page says so, 2,000 open status streams (the
 * server's memory, and the tablets' change-to-change latency with and without them), and the guest entry's size.
 */
test('guests: join → tablet, Table ready → phone, 2,000 status streams, the guest entry', async () => {
  const app = await serveBuild();
  const server = await startVenueServer(app.outDir, app.url, { env: ROOMY });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  const lines: string[] = [];
  try {
    await setUpVenue(server);
    const tablet = await pairTablet(browser, server, server.url, 'Tablet');
    const tokenA = await pairOverHttp(server, 'Tablet A');
    const tokenB = await pairOverHttp(server, 'Tablet B');
    const code = await openOnlineJoins(server.url, tokenA, ONLINE_MAX, TEST_PIN); // the Chromium tablet set it

    // 1. A guest's submit until their row shows on a paired tablet.
    await watchRows(tablet.page);
    const tickets: string[] = [];
    const joinSamples: number[] = [];
    for (let i = 0; i < JOINS + WARMUP; i++) {
      const name = `Online ${i}`;
      const submitted = Date.now();
      tickets.push(await joinOnline(server.url, code, name));
      await row(tablet.page, name).waitFor({ timeout: 10_000 });
      const shown = await tablet.page.evaluate(
        (n) => (window as unknown as { seenRows: Record<string, number> }).seenRows[n],
        name,
      );
      expect(shown, `the tablet noted ${name}`).toBeDefined();
      if (i >= WARMUP) joinSamples.push(shown! - submitted);
    }
    const joined = summarize(joinSamples);
    lines.push(`  guest's submit → row on a tablet           ${fmt(joined)}  (goal: p95 < 1000 ms)`);

    // 2. A Table ready tap on the tablet until the guest's status page (phone-sized) says so; 4. the guest entry's size.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(10_000);
    // Every script and style sheet each page loads, gzip as the 15 kB test counts them.
    const sizes = new Map<string, Promise<{ kind: string; raw: number; gzip: number }>>();
    const loadedBy = { 'check-in': new Set<string>(), status: new Set<string>() };
    let loading: keyof typeof loadedBy | null = 'check-in';
    phone.on('response', (response) => {
      const kind = response.request().resourceType();
      if ((kind !== 'script' && kind !== 'stylesheet') || !loading) return;
      const path = new URL(response.url()).pathname;
      loadedBy[loading].add(path);
      if (!sizes.has(path))
        sizes.set(
          path,
          response.body().then((body) => ({ kind, raw: body.length, gzip: gzipSync(body).length })),
        );
    });
    const checkIn = await phone.newPage();
    await checkIn.goto(`${server.url}/v/${code}`);
    await checkIn.getByRole('button', { name: 'Join the waitlist' }).waitFor();
    await checkIn.close();
    loading = 'status';
    const readySamples: number[] = [];
    for (let i = 0; i < READY_TAPS + WARMUP; i++) {
      const name = `Ready ${i}`;
      const ticket = await joinOnline(server.url, code, name);
      const page = await phone.newPage();
      await page.goto(`${server.url}/v/${code}/status#${ticket}`);
      await page.getByRole('heading', { name: /in line/ }).waitFor();
      loading = null;
      await watchReady(page);
      const tapped = await row(tablet.page, name)
        .getByRole('button', { name: 'Table ready' })
        .evaluate((button: HTMLButtonElement) => (button.click(), Date.now()));
      await page.getByRole('heading', { name: 'Your table is ready' }).waitFor();
      const shown = await page.evaluate(() => (window as unknown as { readyAt?: number }).readyAt);
      expect(shown, `the phone noted ${name}'s table ready`).toBeDefined();
      if (i >= WARMUP) readySamples.push(shown! - tapped);
      // The guest leaves the list: online places stay free for the streams' tickets.
      const cancelled = await api(server.url, '/1/guest/ticket/cancel', {
        method: 'POST',
        headers: { Origin: server.url, 'Waitbell-Ticket': ticket },
      });
      expect(cancelled.status, cancelled.text).toBe(200);
      await page.close();
    }
    const ready = summarize(readySamples);
    lines.push(`  Table ready tap → "ready" on the phone     ${fmt(ready)}  (goal: p95 < 1000 ms)`);
    for (const [page, paths] of Object.entries(loadedBy)) {
      const files = await Promise.all([...paths].map((path) => sizes.get(path)!));
      const kB = (kind: string, key: 'raw' | 'gzip') =>
        (files.filter((f) => f.kind === kind).reduce((total, f) => total + f[key], 0) / 1024).toFixed(1);
      const count = (kind: string) => files.filter((f) => f.kind === kind).length;
      lines.push(
        `  guest entry, the ${`${page} page`.padEnd(16)}         JS ${kB('script', 'gzip')} kB gzip (${kB('script', 'raw')} kB, ${count('script')} files),` +
          ` CSS ${kB('stylesheet', 'gzip')} kB gzip (${kB('stylesheet', 'raw')} kB, ${count('stylesheet')} file)  (budget: 15 kB of JS)`,
      );
    }
    // The Chromium tablet and phone would re-render at every change below: the rest is the server's alone.
    await browser.close();

    // 3. Tablet A's change until tablet B's event stream announces it, with no guest streams, then with 2,000.
    const first = await api(server.url, '/1/sync/push', {
      token: tokenA,
      body: {
        mutations: Array.from({ length: 2 * (CHANGES + WARMUP) }, (_, i) => {
          const party = aParty({ name: `Host ${i}` }); // joined long ago: ahead of every online guest
          return mutation(randomUUID(), 'bench-a', Date.now(), party.id, { kind: 'add', party });
        }),
      },
    });
    expect(first.status, first.text).toBe(200);
    const added = (await api(server.url, '/1/sync/changes?scope=board', { token: tokenA })).json.parties as {
      party: { id: string; name: string };
    }[];
    const hosts = Array.from(
      { length: 2 * (CHANGES + WARMUP) },
      (_, i) => added.find((r) => r.party.name === `Host ${i}`)!.party.id,
    );
    while (tickets.length < ONLINE_MAX) tickets.push(await joinOnline(server.url, code, `Stream ${tickets.length}`));

    const arrivals: Frame[] = [];
    const b = await openStream(`${server.url}/1/sync/events`, { Authorization: `Bearer ${tokenB}` }, (frame) => {
      if (frame.event === 'version') arrivals.push(frame);
    });
    expect(b.status).toBe(200);
    let seated = 0;
    /** Tablet A seats the first party in line (every online guest moves up one); the push until B hears its version. */
    const seatFirst = async () => {
      const seat: Mutation = mutation(randomUUID(), 'bench-a', Date.now(), hosts[seated++]!, {
        kind: 'act',
        action: 'seat',
      });
      const pushed = performance.now();
      const answer = await api(server.url, '/1/sync/push', { token: tokenA, body: { mutations: [seat] } });
      expect(answer.status, answer.text).toBe(200);
      const version = answer.json.version as number;
      const heard = () => arrivals.find((f) => (JSON.parse(f.data) as { version: number }).version >= version);
      await waitUntil(async () => heard() !== undefined, `tablet B to hear version ${version}`, {
        timeoutMs: 10_000,
        intervalMs: 2,
      });
      return heard()!.at - pushed;
    };
    const changes = async () => {
      const samples: number[] = [];
      for (let i = 0; i < CHANGES + WARMUP; i++) {
        const ms = await seatFirst();
        if (i >= WARMUP) samples.push(ms);
      }
      return summarize(samples);
    };

    const rssBefore = await rssMB(server.pid());
    const alone = await changes();
    const opening = performance.now();
    const streams = await openGuestStreams(server.url, tickets, STREAMS);
    const openedIn = (performance.now() - opening) / 1000;
    const rssWith = await rssMB(server.pid());
    const told = streams.map((s) => s.places.length);
    const crowded = await changes();
    // Every stream should be told each move up: its first place, then one less per seat.
    const complete = (s: (typeof streams)[number]) =>
      s.places.length === CHANGES + WARMUP + 1 && s.places.every((p, i) => i === 0 || p === s.places[i - 1]! - 1);
    await waitUntil(async () => streams.every(complete), 'every guest stream to be told every move', {
      timeoutMs: 30_000,
    }).catch(() => {}); // counted below, whatever arrived
    const gotAll = streams.filter(complete).length;
    const received = streams.reduce((n, s, i) => n + s.places.length - told[i]!, 0);
    streams.forEach((s) => s.close());
    b.close();

    lines.push(
      `  tablet A change → tablet B, no guest streams ${fmt(alone)}`,
      `  tablet A change → tablet B, ${STREAMS} streams  ${fmt(crowded)}  (×${(crowded.median / alone.median).toFixed(2)} median, ×${(crowded.p95 / alone.p95).toFixed(2)} p95)`,
      `  server RSS                                 ${rssBefore.toFixed(0)} MB before, ${rssWith.toFixed(0)} MB with ${STREAMS} streams (+${(((rssWith - rssBefore) * 1024) / STREAMS).toFixed(1)} kB a stream), opened in ${openedIn.toFixed(1)} s`,
      `  guest streams told every move              ${gotAll}/${STREAMS} (${received}/${STREAMS * CHANGES + STREAMS * WARMUP} statuses, ${tickets.length} tickets, ${STREAMS / tickets.length} pages each)`,
    );
    console.log(
      `\nGuests (venue server on PGlite, production build, one copy; ${JOINS} joins, ${READY_TAPS} Table ready taps, ${CHANGES} changes each way, after ${WARMUP} warm-up each)\n` +
        `${lines.join('\n')}\n`,
    );
    expect(gotAll).toBe(STREAMS);
  } finally {
    await browser.close();
    await server.stop();
    await app.close();
  }
});

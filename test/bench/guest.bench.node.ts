import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright';
import { expect, test } from 'vitest';
import { mutation, type Mutation } from '../../src/core/sync/mutation.ts';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { aParty } from '../support/parties.ts';
import { serveBuild } from '../support/serve-build.ts';
import { row, TEST_PIN } from '../e2e/browser.ts';
import { pairTablet, setUpVenue, startVenueServer } from '../e2e/venue-server.ts';
import { watchRows } from './watch-rows.ts';
import { api } from '../server/venue/venue-client.ts';
import { openStream, preciseNow } from './event-stream-reader.ts';
import { guestStreamsProcess, joinOnline, openOnlineJoins, pairOverHttp, rssMB } from './guest-load.ts';
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

    // 3. Tablet A's change until tablet B's event stream announces it: with no guest streams, with 2,000 open while
    // the changes concern no guest, with 2,000 while every change moves every guest up one, and with none again.
    const seatsPerPhase = CHANGES + WARMUP;
    const first = await api(server.url, '/1/sync/push', {
      token: tokenA,
      body: {
        mutations: Array.from({ length: 3 * seatsPerPhase + 1 }, (_, i) => {
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
      { length: 3 * seatsPerPhase + 1 },
      (_, i) => added.find((r) => r.party.name === `Host ${i}`)!.party.id,
    );
    const edited = hosts.pop()!; // last in the host line, never seated: its note changes, no guest moves
    while (tickets.length < ONLINE_MAX) tickets.push(await joinOnline(server.url, code, `Stream ${tickets.length}`));

    // Tablet B's stream is the only thing this process reads from now on: the guests' are another process's.
    const heard: { version: number; at: number }[] = [];
    let waiter: { version: number; resolve: (at: number) => void } | null = null;
    const b = await openStream(`${server.url}/1/sync/events`, { Authorization: `Bearer ${tokenB}` }, (frame) => {
      if (frame.event !== 'version') return;
      const version = (JSON.parse(frame.data) as { version: number }).version;
      heard.push({ version, at: frame.at });
      if (waiter && version >= waiter.version) waiter.resolve(frame.at);
    });
    expect(b.status).toBe(200);
    const bHears = (version: number) =>
      new Promise<number>((resolve, reject) => {
        const known = heard.find((h) => h.version >= version);
        if (known) return resolve(known.at);
        const timer = setTimeout(() => reject(new Error(`tablet B never heard version ${version}`)), 10_000);
        waiter = {
          version,
          resolve: (at) => {
            clearTimeout(timer);
            waiter = null;
            resolve(at);
          },
        };
      });
    /** Tablet A's change pushed until B hears its version, back to back; the times (ms) after the warm-up, and when each push left. */
    const changes = async (change: (i: number) => Mutation) => {
      const samples: number[] = [];
      const pushedAt: number[] = [];
      for (let i = 0; i < seatsPerPhase; i++) {
        const pushed = preciseNow();
        const answer = await api(server.url, '/1/sync/push', { token: tokenA, body: { mutations: [change(i)] } });
        expect(answer.status, answer.text).toBe(200);
        const at = await bHears(answer.json.version as number);
        pushedAt.push(pushed);
        if (i >= WARMUP) samples.push(at - pushed);
      }
      return { samples, pushedAt };
    };
    let seated = 0;
    /** Tablet A seats the first party in line: every online guest moves up one. */
    const seat = () => mutation(randomUUID(), 'bench-a', Date.now(), hosts[seated++]!, { kind: 'act', action: 'seat' });
    /** Tablet A edits a note at the end of the host line: no guest's status changes. */
    const note = (i: number) =>
      mutation(randomUUID(), 'bench-a', Date.now(), edited, { kind: 'edit', changes: { note: `Note ${seated}-${i}` } });

    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    const loadAtStart = load();
    await changes(note); // untimed: the server settles after the Chromium part's work
    const rssBefore = await rssMB(server.pid());
    const seatsBefore = await changes(seat);
    const notesBefore = await changes(note);
    const streams = await guestStreamsProcess(server.url, tickets, STREAMS);
    let told;
    let rssWith;
    let idle;
    let crowded;
    try {
      rssWith = await rssMB(server.pid());
      idle = await changes(note);
      await streams.mark();
      crowded = await changes(seat);
      told = await streams.report(seatsPerPhase);
    } finally {
      await streams.close();
    }
    const seatsAfter = await changes(seat);
    const notesAfter = await changes(note);
    b.close();
    const fanOut = summarize(
      told.lastToldAt.slice(WARMUP).map((at, k) => (at === null ? Infinity : at - crowded.pushedAt[k + WARMUP]!)),
    );

    // The baseline is the changes without guest streams before and after them: the shared machine's load drifts.
    const seats = summarize([...seatsBefore.samples, ...seatsAfter.samples]);
    const notes = summarize([...notesBefore.samples, ...notesAfter.samples]);
    const ratio = (s: { median: number; p95: number }, base: { median: number; p95: number }) =>
      `×${(s.median / base.median).toFixed(2)} median, ×${(s.p95 / base.p95).toFixed(2)} p95`;
    const each = (before: { samples: number[] }, after: { samples: number[] }) =>
      `(before ${summarize(before.samples).median.toFixed(0)} ms, after ${summarize(after.samples).median.toFixed(0)} ms median)`;
    lines.push(
      `  tablet A change → tablet B (a note, no guest moves), no guest streams   ${fmt(notes)}  ${each(notesBefore, notesAfter)}`,
      `  tablet A change → tablet B (a note, no guest moves), ${STREAMS} idle streams ${fmt(summarize(idle.samples))}  (${ratio(summarize(idle.samples), notes)})`,
      `  tablet A change → tablet B (a seat, all move up), no guest streams       ${fmt(seats)}  ${each(seatsBefore, seatsAfter)}`,
      `  tablet A change → tablet B (a seat, all move up), ${STREAMS} streams told  ${fmt(summarize(crowded.samples))}  (${ratio(summarize(crowded.samples), seats)})`,
      `  tablet A change → the last of the ${STREAMS} guest streams told          ${fmt(fanOut)}`,
      `  server RSS                                 ${rssBefore.toFixed(0)} MB before, ${rssWith.toFixed(0)} MB with ${STREAMS} streams, opened in ${streams.openedIn.toFixed(1)} s`,
      `  guest streams told their last place        ${told.endedRight}/${STREAMS}, every move ${told.everyMove}/${STREAMS} (${told.received}/${STREAMS * seatsPerPhase} statuses, ${tickets.length} tickets, ${STREAMS / tickets.length} pages each)`,
      `  load average                               ${loadAtStart} at the start of the sync part, ${load()} at its end (${cpus().length} cores)`,
    );
    console.log(
      `\nGuests (venue server on PGlite, production build, one copy; ${JOINS} joins, ${READY_TAPS} Table ready taps, ${CHANGES} changes a phase, after ${WARMUP} warm-up each; guest streams held by a process of their own)\n` +
        `${lines.join('\n')}\n`,
    );
    expect(told.endedRight).toBe(STREAMS);
  } finally {
    await browser.close();
    await server.stop();
    await app.close();
  }
});

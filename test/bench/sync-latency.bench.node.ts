import { chromium } from 'playwright';
import { expect, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { serveBuild } from '../support/serve-build.ts';
import { row } from '../e2e/browser.ts';
import { pairTablet, setUpVenue, startVenueServer } from '../e2e/venue-server.ts';
import { summarize } from './stats.ts';
import { watchRows } from './watch-rows.ts';

const RUNS = 30;
const WARMUP = 3;

/**
 * Issue 13's figure: a change on tablet A shown on tablet B, on localhost, through a real venue
 * server (PGlite, its default) serving the production build. A adds a party (the Add to waitlist
 * tap's time, taken in A's page), B's screen shows its row (taken in B's page): same machine, same clock.
 */
test('sync: a party added on tablet A shows on tablet B', async () => {
  const app = await serveBuild();
  const server = await startVenueServer(app.outDir, app.url);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  try {
    await setUpVenue(server);
    const a = await pairTablet(browser, server, server.url, 'Tablet A');
    const b = await pairTablet(browser, server, server.url, 'Tablet B');
    await watchRows(b.page);
    const samples: number[] = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const name = `Bench ${i}`;
      await a.page.getByRole('button', { name: 'Add party' }).click();
      const sheet = a.page.getByRole('dialog', { name: 'Add party' });
      await sheet.getByLabel('Name').fill(name);
      // The tap, and its time, in the page: no Playwright round trip inside the measured span.
      const tapped = await sheet
        .getByRole('button', { name: 'Add to waitlist' })
        .evaluate((button: HTMLButtonElement) => (button.click(), Date.now()));
      await row(b.page, name).waitFor({ timeout: 10_000 });
      const shown = await b.page.evaluate(
        (n) => (window as unknown as { seenRows: Record<string, number> }).seenRows[n],
        name,
      );
      expect(shown, `B noted ${name}`).toBeDefined();
      if (i >= WARMUP) samples.push(shown! - tapped);
    }
    const s = summarize(samples);
    console.log(
      `\nSync, A → B on localhost (venue server on PGlite, production build, ${s.n} adds)\n` +
        `  change on A shown on B   median ${s.median.toFixed(0)} ms  p95 ${s.p95.toFixed(0)} ms  (goal: p95 < 250 ms)\n`,
    );
  } finally {
    await browser.close();
    await server.stop();
    await app.close();
  }
});

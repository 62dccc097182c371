import { chromium, type Page } from 'playwright';
import { expect, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { serveBuild } from '../support/serve-build.ts';
import { HISTORY, seedParty, WAITING } from './seed.ts';
import { report, summarize } from './stats.ts';

const RUNS = 15;
const WARMUP = 2;
const BATCH = 10_000;

/** Reloads the page RUNS times; returns the times from navigation start to DOMContentLoaded and to the board being read. */
async function measureReloads(page: Page) {
  const domReady: number[] = [];
  const boardReady: number[] = [];
  for (let run = 0; run < RUNS + WARMUP; run++) {
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('waitbell:board-ready').length > 0);
    const [dom, board] = await page.evaluate(() => [
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      performance.getEntriesByName('waitbell:board-ready')[0]!.startTime,
    ]);
    if (run < WARMUP) continue;
    domReady.push(dom);
    boardReady.push(board);
  }
  return { domReady: summarize(domReady), boardReady: summarize(boardReady) };
}

/** Writes the seeded parties into the database the app itself created. */
async function seedThroughPage(page: Page, count: number) {
  const now = Date.now();
  for (let start = 0; start < count; start += BATCH) {
    const parties = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) =>
      seedParty(HISTORY + WAITING - count + start + k, now),
    );
    await page.evaluate(
      (batch) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('waitbell');
          open.onsuccess = () => {
            const tx = open.result.transaction('parties', 'readwrite');
            for (const p of batch) tx.objectStore('parties').put(p);
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      parties,
    );
  }
}

test('start-up of the production build: 60 waiting, with and without 100,000 parties of history', async () => {
  const app = await serveBuild();
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Add party' }).waitFor();

    await seedThroughPage(page, WAITING); // the last WAITING of the seed: tonight's board, no history
    const boardOnly = await measureReloads(page);
    await seedThroughPage(page, HISTORY + WAITING);
    const withHistory = await measureReloads(page);
    expect(await page.getByRole('list', { name: 'Waitlist' }).getByRole('listitem').count()).toBe(WAITING);

    report('Start-up of the production build, from navigation start (one Chromium, page reloads)', {
      'DOMContentLoaded, 60 waiting, no history': boardOnly.domReady,
      'board read, 60 waiting, no history': boardOnly.boardReady,
      'DOMContentLoaded, 60 waiting + 100,000 history': withHistory.domReady,
      'board read, 60 waiting + 100,000 history': withHistory.boardReady,
    });
    console.log(
      `  board read with ÷ without history (medians): ${(withHistory.boardReady.median / boardOnly.boardReady.median).toFixed(2)}×\n`,
    );
  } finally {
    await browser.close();
    await app.close();
  }
});

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
  const quotesReady: number[] = [];
  for (let run = 0; run < RUNS + WARMUP; run++) {
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('waitbell:board-ready').length > 0);
    // Suggested quotes learn from the history after the board is shown: waited for, so no run measures the last one's.
    await page.waitForFunction(() => performance.getEntriesByName('waitbell:quotes-ready').length > 0);
    const [dom, board, quotes] = await page.evaluate(() => [
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      performance.getEntriesByName('waitbell:board-ready')[0]!.startTime,
      performance.getEntriesByName('waitbell:quotes-ready')[0]!.startTime,
    ]);
    if (run < WARMUP) continue;
    domReady.push(dom);
    boardReady.push(board);
    quotesReady.push(quotes);
  }
  return { domReady: summarize(domReady), boardReady: summarize(boardReady), quotesReady: summarize(quotesReady) };
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
            // The anonymous copies quotes learn from, as the app writes them when parties finish (from v6).
            const withHistory = open.result.objectStoreNames.contains('history');
            const tx = open.result.transaction(withHistory ? ['parties', 'history'] : ['parties'], 'readwrite');
            for (const p of batch) {
              tx.objectStore('parties').put(p);
              if (withHistory && p.finishedAt !== null)
                tx.objectStore('history').put({
                  id: p.id,
                  joinedAt: p.joinedAt,
                  utcOffsetMinutes: 0,
                  size: p.size,
                  quotedMinutes: p.quoteMinutes,
                  seatedAt: p.status === 'seated' ? p.finishedAt : null,
                  leftAt: p.status === 'seated' ? null : p.finishedAt,
                  outcome: p.status,
                });
            }
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
      'quotes learned (after the board), no history': boardOnly.quotesReady,
      'quotes learned (after the board), 100,000 history': withHistory.quotesReady,
    });
    console.log(
      `  board read with ÷ without history (medians): ${(withHistory.boardReady.median / boardOnly.boardReady.median).toFixed(2)}×\n`,
    );
  } finally {
    await browser.close();
    await app.close();
  }
});

import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { useBrowser } from './browser.ts';

/**
 * The most JavaScript the host's first screen may load, gzip: a tablet on a venue's slow Wi-Fi. 61 since rows carry
 * a guest's Pushed permission and its refusals in words (60 before); 63 since the venue's retention is applied at
 * start and an erased guest is scrubbed as the board hears of it (core/erasure.ts, its matching included, comes with
 * the settings): what a row needs loads with it.
 */
const FIRST_SCREEN_BUDGET_KB = 63;

const app = useBrowser();

test(`the host's first screen loads under ${FIRST_SCREEN_BUDGET_KB} kB of JavaScript (gzip)`, async () => {
  const page = await app.context.newPage();
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.set(
      new URL(response.url()).pathname,
      response.body().then((body) => gzipSync(body).length / 1024),
    );
  });
  await page.goto(app.appUrl);
  await page.getByRole('button', { name: 'Add party' }).waitFor();
  await page.locator('.board, .board-empty:not(:has-text("Opening"))').first().waitFor();
  const sizes = await Promise.all([...scripts].map(async ([path, kB]) => `${path} ${(await kB).toFixed(1)} kB`));
  const total = (await Promise.all(scripts.values())).reduce((a, b) => a + b, 0);
  expect(
    total,
    `The first screen loads ${total.toFixed(1)} kB of JavaScript (gzip), over its ${FIRST_SCREEN_BUDGET_KB} kB: ` +
      `load what it does not need with import(). It loads ${sizes.join(', ')}.`,
  ).toBeLessThan(FIRST_SCREEN_BUDGET_KB);
});

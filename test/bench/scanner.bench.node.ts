import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rm } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { cameraVideo, launchWithCamera } from '../e2e/camera.ts';
import { buildProduction, serveBuild } from '../support/serve-build.ts';
import { report, summarize } from './stats.ts';

const RUNS = 10;
const ID = 'K7pQ2xV9mN4rT8wZ';

test('bundle sizes (gzip) of the first screen and the scanner', async () => {
  const outDir = await buildProduction();
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const entry = /<script type="module" crossorigin src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  // The first screen loads the entry and every chunk it preloads (shared code Vite split out).
  const preloaded = [...html.matchAll(/rel="modulepreload"[^>]*href="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const files = await readdir(join(outDir, 'assets'));
  const gz = async (file: string) => gzipSync(await readFile(join(outDir, file))).length / 1024;
  const sum = async (list: string[]) => (await Promise.all(list.map(gz))).reduce((a, b) => a + b, 0);
  const sized = async (pattern: RegExp) => {
    const file = files.find((f) => pattern.test(f));
    return file ? `${(await gz(`assets/${file}`)).toFixed(1)} kB` : 'missing';
  };
  console.log(
    `\nBundle sizes, gzip (production build)\n` +
      `  first screen JS (${entry} + ${preloaded.length} preloaded)   ${(await sum([entry!, ...preloaded])).toFixed(1)} kB   [target < 60 kB]\n` +
      `  first screen CSS                 ${await sized(/^index-.*\.css$/)}\n` +
      `  scanner chunk JS                 ${await sized(/^scanner-.*\.js$/)}\n` +
      `  zxing-wasm .wasm (own origin)    ${await sized(/\.wasm$/)}\n` +
      `  JS decoder fallback + camera list (@zxing/library, loaded after the camera starts) ${await sized(/^esm-.*\.js$/)}\n` +
      `  join screen chunk (qrcode)       ${await sized(/^JoinScreen-.*\.js$/)}\n`,
  );
  expect(entry).toBeTruthy();
  await rm(outDir, { recursive: true, force: true });
});

test('from tapping Scan PushedID to the id in the field, with the code in view (fake camera)', async () => {
  const app = await serveBuild();
  const browser = await launchWithCamera(await cameraVideo(ID, 'normal'));
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const times: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Add party' }).click();
      const button = page.getByRole('button', { name: 'Scan PushedID' });
      await button.waitFor();
      const tapped = await button.evaluate((b: HTMLElement) => {
        const t = performance.now();
        b.click();
        return t;
      });
      const filled = await page.waitForFunction(
        (id) =>
          (document.getElementById('add-pushedId') as HTMLInputElement | null)?.value === id ? performance.now() : 0,
        ID,
        { polling: 'raf', timeout: 15_000 },
      );
      if (run > 0) times.push((await filled.jsonValue()) - tapped); // the first run also downloads and compiles the decoder
    }
    report('Scanner, production build (page reloaded each time; decoder cached after the first run)', {
      'Scan PushedID tapped → PushedID in the field': summarize(times),
    });
  } finally {
    await browser.close();
    await app.close();
  }
});

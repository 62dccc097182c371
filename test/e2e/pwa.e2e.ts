import { rm } from 'node:fs/promises';
import { describe, expect, inject, test } from 'vitest';
import { buildProduction, serveDir } from '../support/serve-build.ts';
import { addParty, openSettings, rows, TEST_PIN, useBrowser } from './browser.ts';

const app = useBrowser({ offline: true });
const poll = <T>(fn: () => Promise<T>, timeout = 8_000) => expect.poll(fn, { timeout, interval: 200 });

describe('installable and offline', () => {
  test('the manifest is valid for installing: names, standalone, theme colour, icons that load, a maskable one', async () => {
    const page = await app.open();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await page.evaluate(async (url) => (await fetch(url!)).json(), href);
    expect(manifest).toMatchObject({
      name: expect.stringContaining('Waitbell'),
      short_name: 'Waitbell',
      display: 'standalone',
      start_url: '/',
      theme_color: '#14532d',
    });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    const loaded = await page.evaluate(
      (list) =>
        Promise.all(
          list.map(async ({ src, sizes }) => {
            const image = new Image();
            image.src = src;
            await image.decode();
            return `${image.naturalWidth}x${image.naturalHeight}` === sizes;
          }),
        ),
      icons,
    );
    expect(loaded).toEqual([true, true, true]);
  });

  test('after one load the service worker controls the page, and with no network the app starts, adds a party and queues Table ready', async () => {
    const page = await app.open();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
    await app.context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Add party' }).waitFor();
    await addParty(page, { name: 'Offline Olga', pushedId: 'AbC123xyz' });
    await poll(() => rows(page).count()).toBe(1);
    await page.getByRole('button', { name: 'Table ready' }).click();
    await poll(() => page.locator('.delivery-line').innerText()).toContain('Queued: waiting for internet');
    // The owner's sheets are chunks fetched at their first opening, never opened on this tablet: the
    // service worker has them, so the PIN pad, Settings and its venue server section open offline too.
    const settings = await openSettings(page);
    await settings.getByRole('heading', { name: 'Venue server' }).waitFor();
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Announce' }).click();
    const gate = page.locator('dialog.pin-gate');
    await gate.getByLabel('PIN', { exact: true }).fill(TEST_PIN);
    await gate.getByRole('button', { name: 'Open announcements' }).click();
    await page.getByRole('dialog', { name: 'Announcements' }).getByLabel('Message').waitFor();
  });
});

describe('a sheet that cannot be fetched', () => {
  test('offline before the app finished installing: Settings says so in words, the waitlist stays, and the next tap opens it', async () => {
    // No service worker yet (blocked), as on a tablet that lost its connection during the first load.
    const context = await app.context
      .browser()!
      .newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await page.goto(app.appUrl);
      await addParty(page, { name: 'Still Here', pushedId: 'AbC123xyz' });
      await poll(() => rows(page).count()).toBe(1);
      const pinPad = /\/assets\/PinGate-[^/]+\.js$/;
      await context.route(pinPad, (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: 'Settings' }).click();
      await poll(() => page.getByRole('alert').innerText()).toContain('That screen couldn’t be opened');
      expect(await page.locator('dialog[open]').count()).toBe(0);
      expect(await rows(page).count()).toBe(1);

      await context.unroute(pinPad); // the connection is back
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.locator('dialog.pin-gate').getByRole('heading', { name: 'Choose a staff PIN' }).waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('updates', () => {
  test(
    'a new build is picked up at a quiet moment, not while Add party is open, and the page comes back on the same address',
    { timeout: 120_000 },
    async () => {
      const second = await buildProduction(); // the first is the build every end-to-end test serves
      let server = await serveDir(inject('appDir'));
      const url = server.resolvedUrls!.local[0]!;
      const port = Number(new URL(url).port);
      const page = await app.context.newPage();
      try {
        await page.goto(`${url}?db=update-test`);
        await page.getByRole('button', { name: 'Add party' }).waitFor();
        const firstBuild = await page.evaluate(() => document.documentElement.dataset.build);
        await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
        await page.reload(); // now controlled by the first build's worker
        // A ceiling, not a wait: the reload starts the app again while other files' Chromiums share the cores.
        await page.getByRole('button', { name: 'Add party' }).click({ timeout: 15_000 });
        await page.getByRole('dialog', { name: 'Add party' }).getByLabel('Name').fill('Half-typed');

        await server.close();
        server = await serveDir(second, port); // the new version is deployed
        // Its demo venue's database opens at the first request (PGlite runs initdb): here, not in the reload below.
        await fetch(new URL('/relay/readyz', url));
        await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
        await poll(() =>
          page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state ?? null)),
        ).toBe('installed');

        // Two quiet checks have found the form open and held the update back.
        await poll(
          () => page.evaluate(() => Number(document.documentElement.dataset.updateHeldBack ?? 0)),
          15_000,
        ).toBeGreaterThanOrEqual(2);
        expect(await page.getByRole('dialog', { name: 'Add party' }).getByLabel('Name').inputValue()).toBe(
          'Half-typed',
        );
        expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe(firstBuild);

        await page.getByRole('button', { name: 'Cancel' }).click();
        await poll(() => page.evaluate(() => document.documentElement.dataset.build)).not.toBe(firstBuild);
        expect(new URL(page.url()).search).toBe('?db=update-test');
        // A ceiling, not a wait: the new build starts while other files' Chromiums share the two cores.
        await page.getByRole('button', { name: 'Add party' }).waitFor({ timeout: 15_000 });
      } finally {
        await page.close();
        await server.close();
        await rm(second, { recursive: true });
      }
    },
  );
});

import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { openSettings, servedAppUrl, showPairingStep, TEST_PIN } from './browser.ts';
import { startVenueServer } from './venue-server.ts';

const appUrl = servedAppUrl();
const poll = <T>(fn: () => Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });

let server: Awaited<ReturnType<typeof startVenueServer>>;
let browser: Browser;

/** A new pairing code of the venue, as the owner's terminal prints it. */
async function pairingCode(): Promise<string> {
  const pair = await server.cli(['venue', 'pair', 'Casa Prueba']);
  const code = /pair\?code=([0-9A-Z-]+)/.exec(pair.out)?.[1];
  expect(code, pair.out).toBeDefined();
  return code!;
}

/** A fresh tablet (empty profile) opening Waitbell from the venue server. */
async function freshTablet(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Add party' }).waitFor();
  return page;
}

/** Opens Settings on a paired tablet, behind its PIN (which must be right): the venue section is open too. */
async function openPaired(page: Page, pin = TEST_PIN) {
  await page.getByRole('button', { name: 'Settings' }).click();
  const gate = page.locator('dialog.pin-gate');
  await gate.getByLabel('PIN', { exact: true }).fill(pin);
  await gate.getByRole('button', { name: 'Open settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.locator('#settings-venueName').waitFor();
  return settings;
}

/** Settings (behind `pin`) → Connect to the venue server, with a typed code; leaves Settings open. */
async function pair(page: Page, pin: string) {
  const settings = await openSettings(page, pin);
  await showPairingStep(settings);
  await settings.getByLabel('Pairing code').fill(await pairingCode());
  await settings.getByRole('button', { name: 'Connect', exact: true }).click();
  await poll(() => settings.getByRole('status').filter({ hasText: 'Connected:' }).count()).toBe(1);
  return settings;
}

/** The revision of the venue's settings this tablet last agreed with (0 for never), from its IndexedDB. */
const agreedRevision = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('waitbell');
        open.onerror = () => reject(new Error('no database'));
        open.onsuccess = () => {
          const read = open.result.transaction('settings').objectStore('settings').get('venue-shared-sync');
          read.onsuccess = () => {
            open.result.close();
            resolve((read.result as { revision?: number } | undefined)?.revision ?? 0);
          };
        };
      }),
  );

beforeAll(async () => {
  server = await startVenueServer(inject('appDir'), appUrl);
  const added = await server.cli(['venue', 'add', 'Casa Prueba']);
  expect(added.code, added.out).toBe(0);
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('venue settings on every tablet (real server process, production build)', () => {
  test('the first tablet sets the venue up; a second one, paired, takes its settings and its staff PIN', async () => {
    const front = await freshTablet();
    await pair(front, TEST_PIN);
    await front.keyboard.press('Escape');
    let settings = await openPaired(front);
    await settings.getByLabel('Called party is late after (minutes)').fill('25');
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await settings.waitFor({ state: 'hidden' });
    await poll(() => agreedRevision(front)).toBe(2); // set up at pairing (1), then the Save uploaded (2)

    // The bar tablet had its own PIN and its own call rule before it joined the venue.
    const bar = await freshTablet();
    await pair(bar, '97531');
    await bar.keyboard.press('Escape');
    await poll(() => agreedRevision(bar)).toBe(2); // the venue's settings taken, after pairing
    await bar.reload(); // what it keeps is on the tablet itself
    await bar.getByRole('button', { name: 'Add party' }).waitFor();
    await bar.getByRole('button', { name: 'Settings' }).click();
    const gate = bar.locator('dialog.pin-gate');
    await gate.getByLabel('PIN', { exact: true }).fill('97531');
    await gate.getByRole('button', { name: 'Open settings' }).click();
    await gate.getByText('Wrong PIN. 4 tries left', { exact: false }).waitFor();
    await bar.keyboard.press('Escape');
    settings = await openPaired(bar, TEST_PIN);
    expect(await settings.getByLabel('Called party is late after (minutes)').inputValue()).toBe('25');
    expect(await settings.locator('#settings-venueName').inputValue()).toBe('Casa Prueba');
    // Never the PIN's record in the server's log (the PIN itself never leaves a tablet: test/state).
    expect(server.logs.join('')).toContain('venue settings changed');
    expect(server.logs.join('')).not.toMatch(/pinHash|salt|iterations/);
  });

  test('Settings downloads the venue’s history from the venue server as a CSV file', async () => {
    const page = await freshTablet();
    await pair(page, TEST_PIN);
    await page.keyboard.press('Escape');
    const settings = await openPaired(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      settings.getByRole('button', { name: 'Download the venue’s history (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^casa-prueba-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.startsWith('joined_at,party_size,quoted_minutes,seated_at,left_at,outcome,')).toBe(true);
    await settings.getByRole('status').filter({ hasText: 'Downloaded casa-prueba-history-' }).waitFor();
    expect(server.logs.join('')).toContain('history exported');
  });
});

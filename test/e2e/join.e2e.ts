import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, test } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { openSettings, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });
const DEMO_LINK = 'https://pushed.co/s/WbDemo1';
/** The demo venue takes online check-ins: its check-in code comes first, the Pushed code second. */
const CHECK_IN_QR = 'QR code to join the waitlist at Demo Bistro';
const PUSHED_QR = 'QR code to subscribe to Demo Bistro on Pushed';

beforeAll(async () => {
  const wasm = await readFile(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
    fireImmediately: true,
  });
});

/** What a phone would read from an image of the code. */
const readQr = async (image: Uint8Array) => (await readBarcodes(image, { formats: ['QRCode'] }))[0]?.text ?? null;

async function openJoin(page: Page) {
  await page.getByRole('button', { name: 'Show join code' }).click();
  const screen = page.getByRole('dialog', { name: 'Demo Bistro' });
  await screen.getByRole('img', { name: PUSHED_QR }).waitFor();
  await screen.getByRole('img', { name: CHECK_IN_QR }).waitFor();
  return screen;
}

async function saveSubscriptionLink(page: Page, link: string) {
  const settings = await openSettings(page);
  await settings.getByLabel('Channel subscription link').fill(link);
  return settings;
}

describe('the join screen', () => {
  test('shows the venue’s check-in page and its subscription link as QR codes a phone can read, with the venue and one line for guests', async () => {
    const page = await app.open();
    const screen = await openJoin(page);
    const checkIn = await readQr(await screen.getByRole('img', { name: CHECK_IN_QR }).screenshot());
    expect(checkIn).toMatch(new RegExp(`^${app.appUrl}v/[2-9A-HJKMNP-Z]{6}$`));
    expect(await readQr(await screen.getByRole('img', { name: PUSHED_QR }).screenshot())).toBe(DEMO_LINK);
    await poll(() => screen.getByRole('list').innerText()).toBe(
      'Scan this code with your phone’s camera and subscribe in the Pushed app.\n' +
        'Show the host your PushedID (Pushed → Account → PushedID). We’ll message you when your table is ready.',
    );
    // For guests only: nothing for staff to tap on it.
    expect(await screen.getByRole('button').count()).toBe(0);
    expect(await screen.getByRole('link').count()).toBe(0);
    // Dark on light whatever the theme: the code stays high contrast for phone cameras.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await readQr(await screen.getByRole('img', { name: CHECK_IN_QR }).screenshot())).toBe(checkIn);
    expect(await readQr(await screen.getByRole('img', { name: PUSHED_QR }).screenshot())).toBe(DEMO_LINK);
  });

  test('tapping anywhere, Escape, or 90 seconds go back to the waitlist', async () => {
    const page = await app.open();
    await page.clock.install();
    const screen = await openJoin(page);
    await screen.click({ position: { x: 20, y: 20 } });
    await poll(() => page.getByRole('dialog', { name: 'Demo Bistro' }).count()).toBe(0);
    await openJoin(page);
    await page.keyboard.press('Escape');
    await poll(() => page.getByRole('dialog', { name: 'Demo Bistro' }).count()).toBe(0);
    await openJoin(page);
    await page.clock.fastForward(89_000);
    expect(await page.getByRole('dialog', { name: 'Demo Bistro' }).count()).toBe(1);
    await page.clock.fastForward(2_000);
    await poll(() => page.getByRole('dialog', { name: 'Demo Bistro' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add party' }).waitFor();
  });

  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
    [768, 1024],
  ] as const) {
    test(`at ${width}×${height} the venue name, the code and the guest line are all on screen, nothing cut`, async () => {
      const page = await app.open();
      await page.setViewportSize({ width, height });
      const screen = await openJoin(page);
      for (const part of [
        screen.getByRole('heading', { name: 'Demo Bistro' }),
        screen.getByRole('img', { name: CHECK_IN_QR }),
        screen.getByRole('img', { name: PUSHED_QR }),
        screen.getByRole('list'),
        screen.getByText('DEMO', { exact: true }),
      ]) {
        const box = (await part.boundingBox())!; // each part is rendered, so it has a box
        expect(box.x, await part.innerText()).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.y + box.height).toBeLessThanOrEqual(height);
      }
      const code = (await screen.getByRole('img', { name: CHECK_IN_QR }).boundingBox())!; // checked above
      expect(Math.min(code.width, code.height)).toBeGreaterThanOrEqual(300); // big enough to scan from arm's length
      expect(await page.evaluate(() => document.querySelector('.join-screen')!.scrollHeight <= innerHeight)).toBe(true);
    });
  }

  test('the poster is printed from Settings (behind the PIN): one page, A4 or Letter, with the DEMO mark while in demo', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    const poster = settings.getByRole('region', { name: 'Join code poster' });
    await poster.getByRole('button', { name: 'Print poster' }).waitFor();
    await page.locator('.join-poster').waitFor({ state: 'attached' }); // drawn into <body> by an effect, just after
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (s: string) => {
        const el = document.querySelector(s);
        return !!el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      return {
        app: shown('.app'),
        sheet: shown('dialog[open]'),
        poster: shown('.join-poster'),
        text: (document.querySelector('.join-poster') as HTMLElement).innerText,
      };
    });
    expect(printed).toMatchObject({ app: false, sheet: false, poster: true });
    expect(printed.text).toContain('DEMO');
    expect(printed.text).toContain('Demo Bistro');
    expect(printed.text).toContain('Show the host your PushedID');
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = (await page.pdf({ format, printBackground: true })).toString('latin1');
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, format).toBe(1);
    }
  });

  test('downloads from Settings as SVG and PNG, both readable', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    const poster = settings.getByRole('region', { name: 'Join code poster' });
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      poster.getByRole('link', { name: 'Download SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('waitbell-join-code.svg');
    expect((await readFile(await svg.path(), 'utf8')).startsWith('<svg')).toBe(true);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      poster.getByRole('link', { name: 'Download PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('waitbell-join-code.png');
    expect(await readQr(await readFile(await png.path()))).toBe(DEMO_LINK);
  });

  test('in Spanish when the kiosk is (a tablet set to Spanish)', async () => {
    const context = await app.context.browser()!.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(app.appUrl);
    await page.getByRole('button', { name: 'Código para unirse' }).click();
    const screen = page.getByRole('dialog', { name: 'Demo Bistro' });
    const code = screen.getByRole('img', { name: 'Código QR para suscribirse a Demo Bistro en Pushed' });
    expect(await readQr(await code.screenshot())).toBe(DEMO_LINK);
    await poll(() => screen.innerText()).toContain(
      'Enseña tu PushedID en recepción (Pushed → Cuenta → PushedID). Te avisaremos cuando tu mesa esté lista.',
    );
    await poll(() => screen.innerText()).toContain('DEMO');
    await context.close();
  });

  test('the link: not https is refused; https but not pushed.co/s/ gets a warning and is saved', async () => {
    const page = await app.open();
    let settings = await saveSubscriptionLink(page, 'http://pushed.co/s/Abc1234');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.locator('.field-error').innerText()).toContain('must start with https://');
    await settings.getByLabel('Channel subscription link').fill('https://example.com/join');
    await poll(() => settings.locator('#settings-subscriptionLink-hint').innerText()).toContain(
      'isn’t a pushed.co/s/… link',
    );
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    const screen = await openJoin(page);
    expect(await readQr(await screen.getByRole('img', { name: PUSHED_QR }).screenshot())).toBe(
      'https://example.com/join',
    );
    await screen.click({ position: { x: 20, y: 20 } });

    settings = await saveSubscriptionLink(page, '');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Show join code' }).click();
    // No Pushed link: the check-in code alone, and no step about the Pushed app.
    const alone = page.getByRole('dialog', { name: 'Demo Bistro' });
    await alone.getByRole('img', { name: CHECK_IN_QR }).waitFor();
    expect(await alone.getByRole('img', { name: PUSHED_QR }).count()).toBe(0);
    expect(await alone.innerText()).not.toContain('Pushed');
  });
});

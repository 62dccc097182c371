import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, test } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { openSettings, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });
const DEMO_LINK = 'https://pushed.co/s/WbDemo1';

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
  await screen.getByRole('img', { name: 'QR code to subscribe to Demo Bistro on Pushed' }).waitFor();
  return screen;
}

async function saveSubscriptionLink(page: Page, link: string) {
  const settings = await openSettings(page);
  await settings.getByLabel('Channel subscription link').fill(link);
  return settings;
}

describe('the join screen', () => {
  test('shows the venue’s subscription link as a QR code a phone can read, with the venue and one line for guests', async () => {
    const page = await app.open();
    const screen = await openJoin(page);
    const code = await screen.getByRole('img', { name: /QR code/ }).screenshot();
    expect(await readQr(code)).toBe(DEMO_LINK);
    await poll(() => screen.innerText()).toContain(
      'Scan with your phone to get a Pushed message when your table is ready.',
    );
    // Dark on light whatever the theme: the code stays high contrast for phone cameras.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await readQr(await screen.getByRole('img', { name: /QR code/ }).screenshot())).toBe(DEMO_LINK);
  });

  test('tapping anywhere goes back to the waitlist; the buttons do not', async () => {
    const page = await app.open();
    const screen = await openJoin(page);
    await screen
      .getByRole('button', { name: 'Print poster' })
      .evaluate((b) => b.closest('.join-actions')!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(await page.getByRole('dialog', { name: 'Demo Bistro' }).count()).toBe(1);
    await screen.click({ position: { x: 20, y: 20 } });
    await poll(() => page.getByRole('dialog', { name: 'Demo Bistro' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add party' }).waitFor();
  });

  test('downloads as SVG and PNG, both readable', async () => {
    const page = await app.open();
    const screen = await openJoin(page);
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      screen.getByRole('link', { name: 'Download SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('waitbell-join-code.svg');
    expect((await readFile(await svg.path(), 'utf8')).startsWith('<svg')).toBe(true);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      screen.getByRole('link', { name: 'Download PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('waitbell-join-code.png');
    expect(await readQr(await readFile(await png.path()))).toBe(DEMO_LINK);
  });

  test('the printed poster is one page, A4 or Letter, with the code and nothing of the kiosk around it', async () => {
    const page = await app.open();
    await openJoin(page);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['.app-header', '.join-actions', '.join-back'].map((s) => {
        const style = getComputedStyle(document.querySelector(s)!);
        return style.visibility === 'hidden' || style.display === 'none';
      }),
    );
    expect(hidden).toEqual([true, true, true]);
    for (const format of ['A4', 'Letter'] as const) {
      const pdf = (await page.pdf({ format, printBackground: true })).toString('latin1');
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, format).toBe(1);
    }
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
      'Escanea con tu teléfono y te avisaremos por Pushed cuando tu mesa esté lista.',
    );
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
    expect(await readQr(await screen.getByRole('img', { name: /QR code/ }).screenshot())).toBe(
      'https://example.com/join',
    );
    await screen.click({ position: { x: 20, y: 20 } });

    settings = await saveSubscriptionLink(page, '');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Show join code' }).click();
    await poll(() => page.getByRole('dialog', { name: 'Demo Bistro' }).innerText()).toContain(
      'Add your channel’s subscription link in Settings',
    );
  });
});

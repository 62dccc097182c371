import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { cameraVideo, launchWithCamera, trackStates, watchCameraStreams } from './camera.ts';
import { servedAppUrl } from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';

const appUrl = servedAppUrl();
const poll = <T>(fn: () => Promise<T>, timeout = 8_000) => expect.poll(fn, { timeout, interval: 100 });
const ID = 'K7pQ2xV9mN4rT8wZ';
let browser: Browser | undefined;
let context: BrowserContext | undefined;
/** One Chromium per camera picture for the whole file (a launch costs a second of CPU); a fresh profile per test. */
const cameras = new Map<string, Promise<Browser>>();
afterEach(async () => {
  await context?.close();
  context = undefined;
  await browser?.close();
  browser = undefined;
});
afterAll(async () => {
  for (const camera of cameras.values()) await (await camera).close();
});

/** A fresh profile in a Chromium whose camera shows `text` as `scene`. */
async function cameraContext(text: string, scene: Parameters<typeof cameraVideo>[1]): Promise<BrowserContext> {
  const key = `${scene}\n${text}`;
  if (!cameras.has(key)) cameras.set(key, cameraVideo(text, scene).then(launchWithCamera));
  context = await (await cameras.get(key)!).newContext({ viewport: { width: 1024, height: 900 } });
  return context;
}

/** The app in a Chromium whose camera shows `scene`; Add party open, the scanner started. */
async function scanWith(
  text: string,
  scene: Parameters<typeof cameraVideo>[1],
  options: Parameters<typeof watchCameraStreams>[1] = {},
) {
  const context = await cameraContext(text, scene);
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await watchCameraStreams(page, options);
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Add party' }).click();
  const sheet = page.getByRole('dialog', { name: 'Add party' });
  await sheet.getByRole('button', { name: 'Scan PushedID' }).click();
  return { page, sheet };
}
const status = (page: Page) => page.getByRole('region', { name: 'Scan PushedID' }).getByRole('status').innerText();

describe('scanning the guest’s PushedID with the tablet camera (fake camera, real Chromium)', () => {
  for (const scene of ['normal', 'light-on-dark', 'rotated 20°', 'small'] as const) {
    test(`${scene}: the PushedID fills the field, the camera turns off, the host sees a short confirmation`, async () => {
      const { page, sheet } = await scanWith(ID, scene);
      await poll(() => sheet.getByLabel('PushedID', { exact: true }).inputValue()).toBe(ID);
      await poll(() => sheet.locator('.scan-confirmation').innerText()).toBe('PushedID K…Z scanned ✓');
      expect(await sheet.getByRole('region', { name: 'Scan PushedID' }).count()).toBe(0);
      await poll(() => trackStates(page)).toEqual(['ended']);
    });
  }

  test('a subscription code is not a PushedID: it says so and keeps scanning; closing turns the camera off', async () => {
    const { page, sheet } = await scanWith('https://pushed.co/s/AbC1234', 'normal');
    await poll(() => status(page)).toContain('That’s a subscription code, not a PushedID');
    expect(await sheet.getByLabel('PushedID', { exact: true }).inputValue()).toBe('');
    expect(await trackStates(page)).toEqual(['live']);
    await sheet.getByRole('button', { name: 'Close camera' }).click();
    await poll(() => trackStates(page)).toEqual(['ended']);
  });

  test('plain text is refused with its reason, and the scan goes on', async () => {
    const { page } = await scanWith('Hello, is this the waitlist?', 'normal');
    await poll(() => status(page)).toContain('A PushedID has only letters and numbers');
    expect(await trackStates(page)).toEqual(['live']);
  });

  test('leaving mid-scan (Cancel) releases the camera', async () => {
    const { page, sheet } = await scanWith('Hello there', 'normal');
    await poll(() => trackStates(page)).toEqual(['live']);
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => trackStates(page)).toEqual(['ended']);
  });

  test('closing while the camera is still starting: the late stream is stopped the moment it arrives', async () => {
    const { page, sheet } = await scanWith(ID, 'normal', { delayMs: 1_500 });
    await sheet.getByRole('button', { name: 'Close camera' }).click();
    await poll(() =>
      page.evaluate(() => (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.length),
    ).toBe(1);
    await poll(() => trackStates(page)).toEqual(['ended']);
  });

  for (const [error, words] of [
    ['NotAllowedError', 'isn’t allowed to use the camera. Allow it in the browser’s site settings'],
    ['NotFoundError', 'No camera found on this device'],
    ['NotReadableError', 'The camera is in use by another app'],
  ] as const) {
    test(`${error}: a message that says what to do, and typing still works`, async () => {
      const { page, sheet } = await scanWith(ID, 'normal', { fail: error });
      await poll(() => status(page)).toContain(words);
      await sheet.getByLabel('PushedID', { exact: true }).fill(ID);
      await sheet.getByLabel('Name').fill('Typed');
      await sheet.getByRole('button', { name: 'Add to waitlist' }).click();
      await poll(() => page.getByRole('heading', { name: 'Typed' }).count()).toBe(1);
    });
  }

  test('offline: once the app has loaded, the scanner and its WebAssembly decoder work with no network', async () => {
    const context = await cameraContext(ID, 'light-on-dark');
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Add party' }).click();
    const sheet = page.getByRole('dialog', { name: 'Add party' });
    await sheet.getByRole('button', { name: 'Scan PushedID' }).click();
    await poll(() => sheet.getByLabel('PushedID', { exact: true }).inputValue()).toBe(ID);
  });

  test('end to end: the sandbox guest phone’s own QR code, scanned, then Table ready reaches that phone', async () => {
    const sandbox = sandboxClient(appUrl);
    await sandbox.reset();
    const pushedId = await sandbox.guest();
    // The very code the phone page shows: a screenshot of it, turned into the camera's video.
    const shooter = await launchWithCamera(await cameraVideo('unused', 'no code'));
    const phone = await shooter.newPage({ viewport: { width: 640, height: 480 } });
    await phone.goto(new URL(`/sandbox/phone?guest=${pushedId}`, appUrl).href);
    const png = await phone.getByRole('img', { name: 'PushedID QR code' }).screenshot();
    await shooter.close();
    const video = await screenshotToVideo(png);

    browser = await launchWithCamera(video);
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    await page.goto(appUrl);
    await page.getByRole('button', { name: 'Add party' }).click();
    const sheet = page.getByRole('dialog', { name: 'Add party' });
    await sheet.getByLabel('Name').fill('Scanned Guest');
    await sheet.getByRole('button', { name: 'Scan PushedID' }).click();
    await poll(() => sheet.getByLabel('PushedID', { exact: true }).inputValue()).toBe(pushedId);
    await sheet.getByRole('button', { name: 'Add to waitlist' }).click();
    await page.getByRole('button', { name: 'Table ready' }).click();
    await poll(() => sandbox.notifications(pushedId)).toEqual([
      "You're on the list at Demo Bistro: #1, about 15 min", // the suggested quote for 1–2 with no history
      'Scanned Guest, your table at Demo Bistro is ready! Please come to the host stand.',
    ]);
  });
});

/** A PNG screenshot, centred on a grey 640×480 frame, as a fake-camera video. */
async function screenshotToVideo(png: Buffer): Promise<string> {
  const { writeY4m } = await import('../support/y4m.ts');
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { chromium } = await import('playwright');
  const { CHROMIUM_ARGS, findChromium } = await import('../support/chromium.ts');
  // Chromium decodes the PNG; no image library needed.
  const decoder = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  const page = await decoder.newPage();
  const luma = await page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = new OffscreenCanvas(640, 480);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#808080';
    context.fillRect(0, 0, 640, 480);
    const scale = Math.min(1, 440 / Math.max(image.width, image.height));
    const [w, h] = [image.width * scale, image.height * scale];
    context.drawImage(image, (640 - w) / 2, (480 - h) / 2, w, h);
    const { data } = context.getImageData(0, 0, 640, 480);
    return Array.from({ length: 640 * 480 }, (_, i) => data[i * 4]!);
  }, png.toString('base64'));
  await decoder.close();
  const path = join(await mkdtemp(join(tmpdir(), 'waitbell-phone-')), 'phone.y4m');
  await writeY4m(path, [Uint8Array.from(luma)], 640, 480);
  return path;
}

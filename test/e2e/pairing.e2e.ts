import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { addParty, deliveryOf, openSettings, row, servedAppUrl, shootTabletSizes, showPairingStep } from './browser.ts';
import { cameraVideo, launchWithCamera } from './camera.ts';
import { sandboxClient } from './sandbox-client.ts';
import { setUpVenue, startVenueServer } from './venue-server.ts';

const appUrl = servedAppUrl();
const sandbox = sandboxClient(appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });

let server: Awaited<ReturnType<typeof startVenueServer>>;
let pairingLink: string;
const browsers: Browser[] = [];

/** The pairing link printed by `venue add` / `venue pair`: the QR's text. */
const linkIn = (output: string) => /(https?:\/\/\S+\/pair\?code=[0-9A-Z-]+)/.exec(output)?.[1];
const codeOf = (link: string) => new URL(link).searchParams.get('code')!;

beforeAll(async () => {
  // The owner's terminal: the server serving this same production build, then a venue with the sandbox's Pushed app.
  server = await startVenueServer(inject('appDir'), appUrl);
  pairingLink = linkIn(await setUpVenue(server))!;
  expect(pairingLink).toBeDefined();
}, 90_000);
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});

/** A fresh tablet (empty profile) opening Waitbell from the venue server (at `at`), its camera showing `cameraText`. */
async function freshTablet(cameraText: string, at = server.url): Promise<{ page: Page; context: BrowserContext }> {
  const browser = await launchWithCamera(await cameraVideo(cameraText, 'normal'));
  browsers.push(browser);
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await page.goto(at);
  await page.getByRole('button', { name: 'Add party' }).waitFor();
  return { page, context };
}

/** Settings → Connect to the venue server on `page`. */
async function connectStep(page: Page) {
  const settings = await openSettings(page);
  await showPairingStep(settings);
  return settings;
}

describe('pairing a tablet with the venue server (real server process, production build, fake camera)', () => {
  test('the terminal’s code, as a QR on the camera, pairs a fresh tablet, which then delivers a Table ready through the server', async () => {
    const { page } = await freshTablet(pairingLink);
    const settings = await connectStep(page);
    await settings.getByRole('button', { name: 'Scan the pairing code' }).click();
    await poll(() => settings.getByLabel('Pairing code').inputValue()).toBe(codeOf(pairingLink));
    await settings.getByLabel('Name for this tablet (optional)').fill('Front stand');
    await settings.getByRole('button', { name: 'Connect', exact: true }).click();
    await poll(() => settings.getByRole('status').filter({ hasText: 'Connected:' }).count()).toBe(1);
    await shootTabletSizes(page, 'pairing-connected');
    // The owner's list on the server now has this tablet, under its name.
    const devices = await server.cli(['device', 'list', 'Casa Prueba']);
    expect(devices.out).toContain('Front stand');
    await page.keyboard.press('Escape');

    const pushedId = await sandbox.guest();
    await addParty(page, { name: 'Pairing Guest', size: 2, pushedId });
    await row(page, 'Pairing Guest').getByRole('button', { name: 'Table ready' }).click();
    await poll(async () =>
      (await sandbox.notifications(pushedId)).some((n) => /your table at .+ is ready/.test(n)),
    ).toBe(true);
    // Through the venue server: its log has the push, never the device token or the message text.
    await poll(async () => server.logs.join('').includes('"msg":"push"')).toBe(true);
  });

  test('a used code and an expired-looking unknown code are refused in words; nothing is saved', async () => {
    const { page } = await freshTablet('no code here');
    const settings = await connectStep(page);
    await settings.getByLabel('Pairing code').fill(codeOf(pairingLink)); // used by the test above
    await settings.getByRole('button', { name: 'Connect', exact: true }).click();
    await settings.getByText('That code was already used', { exact: false }).waitFor();
    await settings.getByLabel('Pairing code').fill('K7QM-3XDP-9RTA');
    await settings.getByRole('button', { name: 'Connect', exact: true }).click();
    await settings.getByText('The venue server doesn’t know that code', { exact: false }).waitFor();
    await shootTabletSizes(page, 'pairing-refused');
  });

  test('opened at an address the owner did not give the server, the tablet names it and says what to do; the code is not spent', async () => {
    const code = codeOf(linkIn((await server.cli(['venue', 'pair', 'Casa Prueba'])).out)!);
    const elsewhere = server.url.replace('127.0.0.1', 'localhost'); // the server was told 127.0.0.1 (WAITBELL_PUBLIC_URL)
    const { page } = await freshTablet('no code here', elsewhere);
    const settings = await connectStep(page);
    await settings.getByLabel('Pairing code').fill(code);
    await settings.getByRole('button', { name: 'Connect', exact: true }).click();
    await settings
      .getByText(`The venue server doesn’t take tablets opened at ${elsewhere}.`, { exact: false })
      .waitFor();
    await shootTabletSizes(page, 'pairing-address-refused');

    const right = await connectStep((await freshTablet('no code here')).page); // at the address the server knows
    await right.getByLabel('Pairing code').fill(code);
    await right.getByRole('button', { name: 'Connect', exact: true }).click();
    await poll(() => right.getByRole('status').filter({ hasText: 'Connected:' }).count()).toBe(1);
  });

  test('opened at the venue server before pairing, a tablet says it is not connected to the venue yet (not the demo); its messages wait, and its button leads to pairing', async () => {
    const code = codeOf(linkIn((await server.cli(['venue', 'pair', 'Casa Prueba'])).out)!);
    const { page } = await freshTablet('no code here');
    const banner = page.getByRole('alert').filter({ hasText: 'This tablet isn’t connected to the venue yet.' });
    await banner.waitFor();
    expect(await page.getByRole('button', { name: 'Demo', exact: true }).count()).toBe(0);
    const pushedId = await sandbox.guest();
    await addParty(page, { name: 'Early Guest', size: 3, pushedId });
    await poll(() => deliveryOf(page, 'Early Guest', 'On the list')).toBe(
      'Queued: this tablet isn’t connected to the venue yet. It goes once it is.',
    );
    await row(page, 'Early Guest').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => deliveryOf(page, 'Early Guest')).toBe('Queued'); // behind the first, as every queue waits
    await shootTabletSizes(page, 'unpaired-at-venue-server');

    // The banner's button opens Settings (behind the PIN) on the pairing step itself.
    const settings = await openSettings(page, undefined, 'Connect to the venue');
    await expect
      .poll(() => settings.getByLabel('Pairing code').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await expect(settings.getByText('Demo account in use', { exact: false }).count()).resolves.toBe(0);
    await shootTabletSizes(page, 'unpaired-pairing-step');
    await settings.getByLabel('Pairing code').fill(code);
    await settings.getByRole('button', { name: 'Connect', exact: true }).click();
    await poll(() => settings.getByRole('status').filter({ hasText: 'Connected:' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await poll(() => banner.count()).toBe(0);
    expect(await deliveryOf(page, 'Early Guest')).not.toMatch(/^Not sent/); // waiting, never failed on a token
  });

  test('a revoked tablet says plainly it was disconnected, and keeps its waitlist and its queued message', async () => {
    const pair = await server.cli(['venue', 'pair', 'Casa Prueba']);
    const { page } = await freshTablet(linkIn(pair.out)!);
    const settings = await connectStep(page);
    await settings.getByLabel('Pairing code').fill(codeOf(linkIn(pair.out)!));
    await settings.getByLabel('Name for this tablet (optional)').fill('Patio');
    await settings.getByRole('button', { name: 'Connect', exact: true }).click();
    await poll(() => settings.getByRole('status').filter({ hasText: 'Connected:' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    const pushedId = await sandbox.guest();
    await addParty(page, { name: 'Kept Guest', size: 4, pushedId });

    // The owner disconnects the tablet from the terminal.
    const list = await server.cli(['device', 'list', 'Casa Prueba']);
    const id = /(dev_[A-Za-z0-9_-]+)[^\n]*Patio/.exec(list.out)?.[1];
    expect(id, list.out).toBeDefined();
    expect((await server.cli(['device', 'revoke', id!])).code).toBe(0);

    await row(page, 'Kept Guest').getByRole('button', { name: 'Table ready' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'disconnected from the venue server' });
    await poll(() => banner.isVisible()).toBe(true);
    await row(page, 'Kept Guest').waitFor();
    await page.reload();
    await row(page, 'Kept Guest').waitFor(); // still on the tablet after a reload
    await poll(() => banner.isVisible()).toBe(true); // and it says so again at once, asked at start-up
    await shootTabletSizes(page, 'pairing-revoked');
    expect(await sandbox.notifications(pushedId)).not.toContainEqual(
      expect.stringMatching(/your table at .+ is ready/),
    );
  });
});

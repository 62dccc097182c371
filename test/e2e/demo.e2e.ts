import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { serveDir } from '../support/serve-build.ts';
import { openAdvanced, openSettings, row, shootTabletSizes, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

describe('the demo account is labelled', () => {
  test('with the sandbox account the header says Demo, and tapping it says how to connect a real Pushed account', async () => {
    const page = await app.open();
    const badge = page.locator('.app-header').getByRole('button', { name: 'Demo' });
    await badge.waitFor();
    await badge.click();
    const info = page.getByRole('dialog', { name: 'Demo account: not a real Pushed account' });
    await poll(() => info.innerText()).toContain('not to guests’ phones');
    expect(await info.innerText()).toContain('To connect your real Pushed account: open Settings');
    await info.getByRole('button', { name: 'Settings' }).click();
    await page.locator('dialog.pin-gate').waitFor(); // straight on to Settings, behind the PIN
  });

  test('the header stays on one line at 1024×768 in English, badge included', async () => {
    const page = await app.open();
    await page.locator('.demo-badge').waitFor();
    const heights = await page.evaluate(() =>
      [...document.querySelectorAll('.app-header > *, .header-actions > *')].map((e) => e.getBoundingClientRect()),
    );
    const top = Math.min(...heights.map((r) => r.top));
    expect(heights.every((r) => r.top < top + 20 && r.right <= 1024)).toBe(true);
    const buttons = page.locator('.app-header .button');
    for (let i = 0; i < (await buttons.count()); i++) {
      expect((await buttons.nth(i).boundingBox())!.height, await buttons.nth(i).innerText()).toBeLessThanOrEqual(48); // one line of label
    }
  });

  test('Settings say so too; after saving a real venue server token the badge and the DEMO mark are gone', async () => {
    const page = await app.open();
    let settings = await openSettings(page);
    await poll(() => settings.locator('.demo-note').innerText()).toContain('Demo account in use');
    await openAdvanced(settings);
    await settings.getByLabel('Device token').fill('VenueFrontTablet01');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await poll(() => page.locator('.demo-badge').count()).toBe(0);
    settings = await openSettings(page);
    expect(await settings.locator('.demo-note').count()).toBe(0);
    await settings.getByRole('button', { name: 'Cancel' }).first().click();
    await page.getByRole('button', { name: 'Show join code' }).click();
    const screen = page.getByRole('dialog', { name: 'Demo Bistro' });
    await screen
      .getByRole('img', { name: /QR code/ })
      .first()
      .waitFor();
    expect(await screen.getByText('DEMO', { exact: true }).count()).toBe(0);
  });

  test('the join screen carries the DEMO mark while the demo account is in use', async () => {
    const page = await app.open();
    await page.getByRole('button', { name: 'Show join code' }).click();
    const screen = page.getByRole('dialog', { name: 'Demo Bistro' });
    await screen.getByText('DEMO', { exact: true }).waitFor();
    expect(await screen.innerText()).toContain('Demo account: no real messages are sent.');
  });
});

describe('the guest’s whole path in the demo', () => {
  /** A demo server of the same build as `npm start` serves it, with demo sync on: its demo tablets share its board. */
  let shared: Awaited<ReturnType<typeof serveDir>>;
  let sharedUrl = '';
  beforeAll(async () => {
    shared = await serveDir(inject('appDir'), 0, { demoSync: true });
    sharedUrl = shared.resolvedUrls!.local[0]!; // a listening preview server reports its address
    await fetch(new URL('/relay/readyz', sharedUrl)); // the demo venue's database opens here, not in the test
  });
  afterAll(() => shared?.close());

  test('the demo servers the other files share keep each demo tablet’s board its own; this file’s own shares it', async () => {
    const venueOf = async (base: string) =>
      (await fetch(new URL('/relay/1/venue', base), {
        headers: { Authorization: `Bearer ${SANDBOX_SETTINGS.deviceToken}` },
      }).then((r) => r.json())) as { demoSync?: boolean };
    expect(await venueOf(app.appUrl)).not.toHaveProperty('demoSync');
    expect(await venueOf(sharedUrl)).toMatchObject({ demoSync: true });
  });

  test('the guest checks in from the sandbox phone and lets Pushed notify them; the demo tablet shows the row, its Table ready reaches the phone through Pushed and on the page, and the phone’s on-my-way reaches the row', async () => {
    const tablet = await app.open(sharedUrl);
    await poll(() => tablet.getByRole('status', { name: 'Connection' }).innerText(), 10_000).toContain('In sync');
    await tablet.getByRole('button', { name: 'Show join code' }).click();
    const join = tablet.getByRole('dialog', { name: 'Demo Bistro' });
    await join.getByRole('img', { name: 'QR code to join the waitlist at Demo Bistro' }).waitFor();
    const address = (await join.locator('.join-address strong').innerText()).trim();
    expect(address).toMatch(new RegExp(`^${new URL(sharedUrl).host}/v/[2-9A-HJKMNP-Z]{6}$`));
    await shootTabletSizes(tablet, 'demo-join-screen');
    await tablet.keyboard.press('Escape');
    await poll(() => tablet.getByRole('dialog').count()).toBe(0);

    const phoneContext = await app.context
      .browser()!
      .newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    try {
      const phone = await phoneContext.newPage();
      await phone.goto(new URL('/sandbox/phone', sharedUrl).href);
      await phone.getByRole('button', { name: 'New guest' }).click();
      const pushedId = (await phone.locator('#pushed-id').textContent())!.trim();
      await phone.getByRole('button', { name: 'Subscribe to Demo Bistro' }).click();
      await phone.locator('#subscription').waitFor();
      await phone.getByRole('link', { name: 'Check in at Demo Bistro' }).click();
      await phone.getByRole('heading', { name: 'Demo Bistro' }).waitFor();
      expect(`${new URL(phone.url()).host}${new URL(phone.url()).pathname}`).toBe(address); // the tablet's QR opens this page
      await phone.getByLabel('Your name').fill('Marisol Vega');
      await phone.getByRole('radio', { name: '3' }).check();
      // Pushed's own page (the sandbox's) knows this phone; one Allow, and the guest is back on their place in line.
      await phone.getByRole('button', { name: 'Join and notify me with Pushed' }).click();
      await phone.getByRole('heading', { name: 'Demo Bistro wants to send you notifications' }).waitFor();
      expect(await phone.getByRole('radio', { name: pushedId }).isChecked()).toBe(true);
      await phone.getByRole('button', { name: 'Allow' }).click();
      await phone.getByText('Pushed will tell you when your table is ready.').first().waitFor();
      await phone.getByText('Marisol Vega, party of\u00a03').waitFor();

      const guest = row(tablet, 'Marisol Vega');
      await guest.getByText('Joined online').waitFor({ timeout: 10_000 });
      await guest.getByRole('button', { name: 'Table ready' }).click();
      await phone.getByRole('heading', { name: 'Your table is ready' }).waitFor({ timeout: 10_000 });
      await phone.getByRole('button', { name: 'I’m on my way' }).click();
      await phone.getByText('The host knows you’re on your way').waitFor();
      await guest.getByText('On the way').waitFor({ timeout: 10_000 });
      await shootTabletSizes(tablet, 'demo-guest-on-the-way');
      // And the Pushed app on the phone got Table ready, as a notification that opens the status page.
      await phone.goto(new URL(`/sandbox/phone?guest=${pushedId}`, sharedUrl).href);
      await phone.getByRole('link', { name: /Marisol Vega, your table at Demo Bistro is ready/ }).waitFor();
    } finally {
      await phoneContext.close();
    }
  });
});

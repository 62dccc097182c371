import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Party } from '../../src/core/party.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { mutation } from '../../src/core/sync/mutation.ts';
import { openAdvanced, openSettings, useBrowser } from './browser.ts';

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
  /** The demo venue server's API, as the demo tablet calls it (its relay, its device token). */
  const asDemoTablet = async (path: string, body?: unknown) => {
    const response = await fetch(new URL(`/relay/1${path}`, app.appUrl), {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Authorization: `Bearer ${SANDBOX_SETTINGS.deviceToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, path).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it asserts
    const json: any = await response.json();
    return json;
  };

  test('the sandbox phone opens Demo Bistro’s check-in page; the guest joins, the venue has the row, Table ready reaches the phone', async () => {
    const { checkIn } = await asDemoTablet('/venue');
    expect(checkIn.url).toBe(new URL(`/v/${checkIn.code}`, app.appUrl).href); // the tablet shows this address's QR code

    const phone = await app.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(new URL('/sandbox/phone', app.appUrl).href);
    await phone.getByRole('link', { name: 'Check in at Demo Bistro' }).click();
    await phone.getByRole('heading', { name: 'Demo Bistro' }).waitFor();
    expect(new URL(phone.url()).pathname).toBe(`/v/${checkIn.code}`);
    const name = `Guest ${randomUUID().slice(0, 8)}`; // this worker's demo venue serves other files before and after
    await phone.getByLabel('Your name').fill(name);
    await phone.getByRole('radio', { name: '3' }).check();
    await phone.getByRole('button', { name: 'Join the waitlist' }).click();
    await phone.getByText(`${name}, party of\u00a03`).waitFor();
    expect(new URL(phone.url()).pathname).toBe(`/v/${checkIn.code}/status`);

    const { parties } = (await asDemoTablet('/sync/changes?since=0')) as { parties: { party: Party }[] };
    const row = parties.find((p) => p.party.name === name)?.party;
    expect(row).toMatchObject({ size: 3, joinedVia: 'online', status: 'waiting' });

    await asDemoTablet('/sync/push', {
      mutations: [mutation(randomUUID(), 'demo-tablet', Date.now(), row!.id, { kind: 'act', action: 'notify' })],
    });
    await phone.getByRole('heading', { name: 'Your table is ready' }).waitFor({ timeout: 10_000 });
  });
});

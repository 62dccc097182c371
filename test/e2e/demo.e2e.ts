import { describe, expect, test } from 'vitest';
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
    await screen.getByRole('img', { name: /QR code/ }).waitFor();
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

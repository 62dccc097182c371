import { describe, expect, test } from 'vitest';
import { openSettings, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

describe('Settings never refuse silently', () => {
  test('a bad app secret typed in "Straight to Pushed", then back to the relay and Save: the relay route is saved', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await settings.getByLabel('Straight to Pushed').check();
    await settings.getByLabel('App secret', { exact: true }).fill('not a secret!');
    await settings.getByLabel('Through the venue’s relay', { exact: false }).check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    const again = await openSettings(page);
    expect(await again.getByLabel('Through the venue’s relay', { exact: false }).isChecked()).toBe(true);
    await again.getByLabel('Straight to Pushed').check(); // the secret saved before is still there, untouched
    await poll(() => again.locator('#settings-appSecret-hint').innerText()).toBe(
      'A secret is saved and stays hidden. Type a new one only to replace it.',
    );
  });

  test('refused fields are named at the top of the sheet, and the first one gets the focus', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await settings.getByLabel('Venue name').fill('');
    await settings.getByLabel('Channel alias').fill('');
    await settings.getByRole('button', { name: 'Save' }).click();
    const summary = settings.getByRole('alert');
    await poll(() => summary.innerText()).toBe('Not saved. Check: Venue name, Channel alias.');
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('settings-venueName');
    await settings.getByLabel('Venue name').fill('Casa Ana');
    await poll(() => summary.innerText()).toBe('Not saved. Check: Channel alias.');
    await settings.getByLabel('Channel alias').fill('CasaAna');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  test('the device token, once saved, has its own hint', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await poll(() => settings.locator('#settings-deviceToken-hint').innerText()).toBe(
      'A device token is saved and stays hidden. Type a new one only to replace it.',
    );
  });
});

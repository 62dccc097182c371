import { describe, expect, test } from 'vitest';
import { addParty, openAdvanced, openSettings, shootTabletSizes, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

describe('Settings never refuse silently', () => {
  test('a bad app secret typed in "Straight to Pushed", then back to the venue server and Save: that route is saved', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await settings.getByLabel('Straight to Pushed').check();
    // Said where the route is chosen: a lost answer can notify twice, and only the venue server stops it.
    await settings.getByText('Straight to Pushed, a guest can get the same message twice', { exact: false }).waitFor();
    await shootTabletSizes(page, 'settings-straight-to-pushed', {
      before: () => settings.getByLabel('Straight to Pushed').scrollIntoViewIfNeeded(),
    });
    await settings.getByLabel('App secret', { exact: true }).fill('not a secret!');
    await settings.getByLabel('Through the venue server', { exact: false }).check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    const again = await openSettings(page);
    expect(await again.getByLabel('Through the venue server', { exact: false }).isChecked()).toBe(true);
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
    // Folded away: a tablet gets its token by pairing, and the heading says the typed one is for upgrades.
    expect(await settings.getByLabel('Device token').isVisible()).toBe(false);
    await settings.getByText('A tablet gets its device token by pairing').waitFor();
    await openAdvanced(settings);
    await settings.getByText('Only to upgrade a tablet set up before pairing existed', { exact: false }).waitFor();
    await poll(() => settings.locator('#settings-deviceToken-hint').innerText()).toBe(
      'A device token is saved and stays hidden. Type a new one only to replace it.',
    );
    await shootTabletSizes(page, 'settings-advanced-token', {
      before: () => settings.locator('details.advanced').scrollIntoViewIfNeeded(),
    });
  });
});

describe('Settings refuse what Pushed would refuse', () => {
  test('a 164-character template and a limit of 500: both refused next to the field, named at the top, nothing saved', async () => {
    const page = await app.open();
    let settings = await openSettings(page);
    await settings.getByLabel('Message when the table is ready').fill('x'.repeat(164));
    // The live count says what Save will say: the limit stays Pushed's 140 while 500 is typed, and says why.
    await settings.getByLabel('Message limit (characters)').fill('500');
    await poll(() => settings.locator('#settings-template-count .count').innerText()).toBe(
      '164 of 140 characters, the most Pushed takes, until the limit below is 20 to 140; up to 164 at worst.',
    );
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.getByRole('alert').innerText()).toBe(
      'Not saved. Check: Message when the table is ready, Message limit (characters).',
    );
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('settings-template');
    expect(await settings.locator('#settings-template-error').innerText()).toBe(
      'With a 30-character name, a party of 20, place 99 and a 999-minute quote, this message would be 164 characters; the limit is 140. Shorten it (or the venue name).',
    );
    expect(await settings.locator('#settings-contentLimit-error').innerText()).toBe(
      'A whole number from 20 to 140: Pushed refuses longer messages.',
    );
    expect(await settings.getByLabel('Message when the table is ready').getAttribute('aria-describedby')).toBe(
      'settings-template-error',
    );
    await settings.getByRole('button', { name: 'Cancel' }).first().click();
    settings = await openSettings(page);
    expect(await settings.getByLabel('Message when the table is ready').inputValue()).toBe(
      '{name}, your table at {venue} is ready! Please come to the host stand.',
    );
    expect(await settings.getByLabel('Message limit (characters)').inputValue()).toBe('140');
  });

  test('the worst case counts the venue name as typed: a long venue name makes the standard message too long', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await settings.getByLabel('Venue name').fill('The Very Long Name of a Restaurant by the Old Harbour Wall');
    await poll(() => settings.locator('#settings-template-count .count').innerText()).toContain('up to 145');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.getByRole('alert').innerText()).toBe(
      'Not saved. Check: Message when the table is ready.',
    );
    await settings.getByLabel('Message when the table is ready').fill('{name}, your table at {venue} is ready!');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  test('Settings open with the focus on their first field', async () => {
    const page = await app.open();
    await openSettings(page);
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('settings-venueName');
  });
});

describe('rules for called parties', () => {
  test('late after N minutes and no-show by themselves: saved, kept across a reload, and followed by the board', async () => {
    await app.context.clock.install(); // before the app starts, so the board's own timer follows the fake clock
    const page = await app.open();
    let settings = await openSettings(page);
    expect(await settings.getByLabel('Called party is late after (minutes)').inputValue()).toBe('10');
    expect(await settings.getByLabel('Mark late parties as no-show by themselves').isChecked()).toBe(false);
    await settings.getByLabel('Called party is late after (minutes)').fill('0');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.locator('#settings-lateAfterMinutes-error').innerText()).toBe(
      'A whole number of minutes from 1 to 60.',
    );
    await settings.getByLabel('Called party is late after (minutes)').fill('2');
    await settings.getByLabel('Mark late parties as no-show by themselves').check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    await addParty(page, { name: 'Dana' });
    await page.getByRole('button', { name: 'Table ready' }).click();
    // The call is stored (its time taken) before the clock moves: else a loaded machine calls at 01:30.
    await page.getByRole('button', { name: 'Seat now' }).waitFor();
    await page.clock.fastForward('01:30');
    expect(await page.getByRole('heading', { name: 'Dana' }).count()).toBe(1); // not late yet
    await page.clock.fastForward('01:00');
    await poll(() => page.getByRole('heading', { name: 'Dana' }).count()).toBe(0);
    await poll(() => page.getByRole('button', { name: 'Seated & gone (1)' }).count()).toBe(1);

    await page.reload();
    settings = await openSettings(page);
    expect(await settings.getByLabel('Called party is late after (minutes)').inputValue()).toBe('2');
    expect(await settings.getByLabel('Mark late parties as no-show by themselves').isChecked()).toBe(true);
  });
});

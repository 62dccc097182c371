import type { Page } from 'playwright';
import { describe, expect, test } from 'vitest';
import {
  addParty,
  confirmRecoveryCode,
  openAdvanced,
  openSettings,
  recoveryCodes,
  TEST_PIN,
  useBrowser,
} from './browser.ts';

const app = useBrowser();

/** The PIN record as stored in IndexedDB. */
const storedPin = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open('waitbell');
        open.onsuccess = () => {
          const get = open.result.transaction('security').objectStore('security').get('staff-pin');
          get.onsuccess = () => resolve(get.result);
        };
      }),
  );
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

describe('the staff PIN and the venue’s secrets', () => {
  test('Settings ask for a PIN on a new tablet; it is stored only as a slow salted hash', async () => {
    const page = await app.open();
    await openSettings(page); // chooses TEST_PIN
    const stored = await storedPin(page);
    expect(stored).toMatchObject({
      iterations: expect.any(Number),
      salt: expect.any(String),
      hash: expect.any(String),
    });
    expect((stored as { iterations: number }).iterations).toBeGreaterThanOrEqual(100_000);
    expect(JSON.stringify(stored)).not.toContain(TEST_PIN);
  });

  test('five wrong PINs lock Settings for 60 s, even for the right PIN and across a reload; the board still works', async () => {
    const page = await app.open();
    await openSettings(page);
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Cancel' }).click();
    for (let i = 1; i <= 5; i++) {
      await page.getByRole('button', { name: 'Settings' }).click();
      const gate = page.locator('dialog.pin-gate');
      await gate.getByLabel('PIN', { exact: true }).fill('0000');
      await gate.getByRole('button', { name: 'Open settings' }).click();
      if (i < 5) {
        await poll(() => gate.getByRole('alert').innerText()).toBe(
          `Wrong PIN. ${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left before Settings lock.`,
        );
        await gate.getByRole('button', { name: 'Cancel' }).click();
      }
    }
    const gate = page.locator('dialog.pin-gate');
    await poll(() => gate.getByRole('alert').innerText()).toMatch(
      /^Too many wrong PINs\. Settings are locked for (60|59|58) more seconds\.$/,
    );
    expect(await gate.getByLabel('PIN', { exact: true }).count()).toBe(0);

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await poll(() => page.locator('dialog.pin-gate').getByRole('alert').innerText()).toContain('Too many wrong PINs');
    await page.locator('dialog.pin-gate').getByRole('button', { name: 'Cancel' }).click();
    await addParty(page, { name: 'Still works' });
    await poll(() => page.getByRole('heading', { name: 'Still works' }).count()).toBe(1);
  });

  test('saved secrets (device token, app secret) are never shown again: not in the page, the console or localStorage', async () => {
    const page = await app.open();
    const console: string[] = [];
    page.on('console', (m) => console.push(m.text()));
    const secret = 'TopSecret9876543210abcdef';
    const settings = await openSettings(page);
    await openAdvanced(settings);
    await settings.getByLabel('Device token').fill(secret); // the venue server's secret (the default route)
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await addParty(page, { name: 'Ana', pushedId: 'NotSubscribed1' });
    await page.getByRole('button', { name: 'Table ready' }).click();
    await poll(async () => (await page.locator('.delivery-line').innerText()).replace(/\s+/g, ' ').trim()).toBe(
      'Table ready · Not sent: The venue server didn’t accept this tablet’s device token. Connect it again: Settings → Venue server.',
    );
    const again = await openSettings(page);
    await openAdvanced(again);
    expect(await again.getByLabel('Device token').inputValue()).toBe('');
    await again.getByLabel('Straight to Pushed').check();
    // A tablet that is not the demo's starts with no app key: it gives its own, never the demo's.
    await again.getByLabel('App key', { exact: true }).fill('VenueAppKey000000001');
    await again.getByLabel('App secret', { exact: true }).fill(`${secret}2`);
    await again.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await (await openSettings(page)).getByLabel('App secret', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret); // the device token, and the app secret that starts with it
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(secret);
    expect(console.join('\n')).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
  });
});

/** Opens the PIN gate and goes to "Forgot PIN?". */
describe('the PIN gate by keyboard alone', () => {
  test('each step starts in its first field and Enter goes on: new PIN, recovery code shown, Forgot PIN, new PIN', async () => {
    const page = await app.open();
    const focused = () => page.evaluate(() => document.activeElement?.id);
    await page.getByRole('button', { name: 'Settings' }).click();
    await poll(focused).toBe('pin-first');
    await page.keyboard.type(TEST_PIN);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PIN);
    await page.keyboard.press('Enter');
    await poll(focused).toBe('recovery-written');
    const code = await page.locator('#recovery-code').innerText();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Venue name').waitFor();

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await poll(focused).toBe('pin-first');
    await page.locator('dialog.pin-gate').getByRole('button', { name: 'Forgot PIN?' }).click();
    await poll(focused).toBe('recovery-code-input');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose a new staff PIN' }).waitFor();
    await poll(focused).toBe('pin-first');
    await page.keyboard.type('9753');
    await page.keyboard.press('Tab');
    await page.keyboard.type('9753');
    await page.keyboard.press('Enter');
    await poll(focused).toBe('recovery-written');
  });
});

async function forgotPin(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  const gate = page.locator('dialog.pin-gate');
  await gate.getByRole('button', { name: 'Forgot PIN?' }).click();
  await gate.getByRole('heading', { name: 'Reset the staff PIN' }).waitFor();
  return gate;
}

describe('a forgotten PIN, without wiping the waitlist', () => {
  test('the recovery code (after a reload, typed loosely) sets a new PIN and shows a new code; the old code stops working', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Still here' });
    await openSettings(page);
    const code = recoveryCodes.get(page)!; // openSettings chose the PIN, so it saw the code
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const stored = JSON.stringify(await storedPin(page));
    expect(stored).toContain('"recovery"');
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(code.replace(/-/g, ''));
    expect(await page.content()).not.toContain(code); // shown once, gone once confirmed

    await page.reload();
    let gate = await forgotPin(page);
    await gate.getByLabel('Recovery code').fill(code.toLowerCase().replace(/-/g, ' '));
    await gate.getByRole('button', { name: 'Check the code' }).click();
    await gate.getByRole('heading', { name: 'Choose a new staff PIN' }).waitFor();
    await gate.getByLabel('New PIN (4 to 8 digits)').fill('9753');
    await gate.getByLabel('The same PIN again').fill('9753');
    await gate.getByRole('button', { name: 'Save PIN and open settings' }).click();
    const next = await confirmRecoveryCode(page);
    expect(next).not.toBe(code);
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByLabel('Venue name').waitFor();
    await settings.getByRole('button', { name: 'Cancel' }).first().click();
    expect(await page.getByRole('heading', { name: 'Still here' }).count()).toBe(1); // the waitlist is untouched

    await page.reload();
    gate = await forgotPin(page);
    await gate.getByLabel('Recovery code').fill(code);
    await gate.getByRole('button', { name: 'Check the code' }).click();
    await poll(() => gate.getByRole('alert').innerText()).toBe(
      'That recovery code is wrong. 4 tries left before Settings lock.',
    );
    await gate.getByRole('button', { name: 'Back to the PIN' }).click();
    await gate.getByLabel('PIN', { exact: true }).fill('9753');
    await gate.getByRole('button', { name: 'Open settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Venue name').waitFor();
  });

  test('wrong recovery codes lock Settings like wrong PINs, across a reload; what is not a code does not count', async () => {
    const page = await app.open();
    await openSettings(page);
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Cancel' }).first().click();
    const gate = await forgotPin(page);
    await gate.getByLabel('Recovery code').fill('1234');
    await gate.getByRole('button', { name: 'Check the code' }).click();
    await poll(() => gate.getByRole('alert').innerText()).toContain('A recovery code has 16 letters and digits');
    for (let i = 1; i <= 4; i++) {
      await gate.getByLabel('Recovery code').fill(`0000-0000-0000-000${i}`);
      await gate.getByRole('button', { name: 'Check the code' }).click();
      await poll(() => gate.getByRole('alert').innerText()).toBe(
        `That recovery code is wrong. ${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left before Settings lock.`,
      );
    }
    await gate.getByLabel('Recovery code').fill('0000-0000-0000-0009');
    await gate.getByRole('button', { name: 'Check the code' }).click();
    await poll(() => gate.getByRole('alert').innerText()).toMatch(/^Too many wrong PINs\. Settings are locked for/);
    expect(await gate.getByLabel('Recovery code').count()).toBe(0);

    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await poll(() => page.locator('dialog.pin-gate').getByRole('alert').innerText()).toContain('Too many wrong PINs');
    expect(await page.locator('dialog.pin-gate').getByRole('button', { name: 'Forgot PIN?' }).count()).toBe(0);
  });
});

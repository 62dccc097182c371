import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { addParty, openAdvanced, openSettings, recoveryCodes, useBrowser } from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';

const app = useBrowser();
const sandbox = sandboxClient(app.appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 8_000) => expect.poll(fn, { timeout });
beforeEach(() => sandbox.reset());

describe('moving the setup to another tablet', () => {
  test('without the secret the file holds none; with it, only sealed; a new tablet imports it and sends at once', async () => {
    const page = await app.open();
    let settings = await openSettings(page);
    await settings.getByLabel('Venue name').fill('Casa Lucía');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    settings = await openSettings(page);
    await settings.getByRole('button', { name: 'Export settings (no secret)' }).click();
    const [plain] = await Promise.all([
      page.waitForEvent('download'),
      settings.getByRole('link', { name: 'waitbell-settings.json' }).click(),
    ]);
    const plainText = await readFile(await plain.path(), 'utf8');
    expect(JSON.parse(plainText)).toMatchObject({ format: 'waitbell-config', settings: { venueName: 'Casa Lucía' } });
    expect(plainText).not.toContain(SANDBOX_SETTINGS.appSecret);
    expect(plainText).not.toContain(SANDBOX_SETTINGS.deviceToken);

    await settings.getByLabel('Passphrase (at least 8 characters)').fill('short');
    await settings.getByRole('button', { name: 'Export with the secret, encrypted' }).click();
    await poll(() => settings.getByRole('status').innerText()).toBe('Use a passphrase of at least 8 characters.');
    await settings.getByLabel('Passphrase (at least 8 characters)').fill('correct horse battery');
    await settings.getByRole('button', { name: 'Export with the secret, encrypted' }).click();
    const [sealed] = await Promise.all([
      page.waitForEvent('download'),
      settings.getByRole('link', { name: 'waitbell-settings-with-secret.json' }).click(),
    ]);
    const sealedPath = await sealed.path();
    expect(await readFile(sealedPath, 'utf8')).not.toContain(SANDBOX_SETTINGS.appSecret);
    expect(await readFile(sealedPath, 'utf8')).not.toContain(SANDBOX_SETTINGS.deviceToken);
    expect(await readFile(sealedPath, 'utf8')).not.toContain('recovery'); // its hash is sealed with the secrets

    // The replacement tablet: a fresh profile whose secret is wrong until the import.
    const other = await app.context.browser()!.newContext();
    const tablet = await other.newPage();
    await tablet.goto(app.appUrl);
    let fresh = await openSettings(tablet);
    await openAdvanced(fresh);
    await fresh.getByLabel('Device token').fill('NotTheRightToken');
    await fresh.getByRole('button', { name: 'Save' }).click();
    await poll(() => tablet.getByRole('dialog').count()).toBe(0);

    fresh = await openSettings(tablet);
    await fresh.getByLabel('Import settings from a file').setInputFiles(sealedPath);
    await poll(() => fresh.getByRole('status').innerText()).toBe(
      'This file holds an encrypted secret: type its passphrase above first.',
    );
    await fresh.getByLabel('Passphrase (at least 8 characters)').fill('wrong passphrase');
    await fresh.getByLabel('Import settings from a file').setInputFiles(sealedPath);
    await poll(() => fresh.getByRole('status').innerText()).toBe('Wrong passphrase, or the file was changed.');
    await fresh.getByLabel('Passphrase (at least 8 characters)').fill('correct horse battery');
    await fresh.getByLabel('Import settings from a file').setInputFiles(sealedPath);
    await poll(() => fresh.getByRole('status').innerText()).toBe(
      'Settings imported. This tablet’s PIN can now be reset with the recovery code of the tablet the file came from. Check the settings, then Save.',
    );
    await poll(() => fresh.getByLabel('Venue name').inputValue()).toBe('Casa Lucía');
    await fresh.getByRole('button', { name: 'Cancel' }).first().click();

    // The owner wrote down one recovery code, on the first tablet: it now resets this one's PIN too.
    await tablet.getByRole('button', { name: 'Settings' }).click();
    const gate = tablet.locator('dialog.pin-gate');
    await gate.getByRole('button', { name: 'Forgot PIN?' }).click();
    await gate.getByLabel('Recovery code').fill(recoveryCodes.get(page)!); // openSettings chose the first tablet's PIN
    await gate.getByRole('button', { name: 'Check the code' }).click();
    await gate.getByRole('heading', { name: 'Choose a new staff PIN' }).waitFor();
    await gate.getByRole('button', { name: 'Cancel' }).click();

    const pushedId = await sandbox.guest();
    await addParty(tablet, { name: 'Moved', pushedId });
    await tablet.getByRole('button', { name: 'Table ready' }).click();
    await poll(() => sandbox.notifications(pushedId)).toEqual([
      "You're on the list at Casa Lucía: #1, about 15 min", // the suggested quote for 1–2 with no history
      'Moved, your table at Casa Lucía is ready! Please come to the host stand.',
    ]);
    await other.close();
  });

  test('a file that is not a Waitbell settings file is refused and nothing changes', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await settings
      .getByLabel('Import settings from a file')
      .setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') });
    await poll(() => settings.getByRole('status').innerText()).toBe('That file isn’t a Waitbell settings file.');
    expect(await settings.getByLabel('Venue name').inputValue()).toBe('Demo Bistro');
  });
});

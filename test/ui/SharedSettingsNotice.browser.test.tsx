import { render } from 'preact';
import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { createSharedSettingsSync } from '../../src/state/shared-settings-sync.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { sharedSyncStore } from '../../src/storage/shared-sync-store.ts';
import { SettingsDialog } from '../../src/ui/SettingsDialog.tsx';
import { language } from '../../src/ui/strings.ts';
import '../../src/ui/app.css';
import '../../src/ui/sheets.css';
import { fakeKiosk, screenHost } from '../support/screen.ts';

/** Where the screenshots go (git-ignored), to look at as a host would. */
const SHOTS = '__screenshots__/shared-settings';

const host = screenHost();

const kiosk = fakeKiosk;

/** The Settings model over a fresh tablet database, with its shared-settings sync (the notices' source). */
async function settingsWithSync() {
  const db = await openWaitbellDb(`ui-shared-${crypto.randomUUID()}`);
  const store = settingsStore(db);
  const shared = createSharedSettingsSync({
    settings: store,
    pins: pinStore(db),
    sync: sharedSyncStore(db),
    connect: () => {
      throw new Error('the demo tablet asks no venue server');
    },
    ownOrigin: location.origin,
  });
  return { shared, settings: createSettingsModel({ store, shared }) };
}

test('Settings says which venue settings another tablet had changed too, in words, until the host has read it', async () => {
  const { shared, settings } = await settingsWithSync();
  shared.conflict.value = ['venueName', 'defaultQuotes']; // as a reconcile leaves it
  render(<SettingsDialog settings={settings} kiosk={kiosk} onClose={() => {}} />, host);

  const notice = page.getByRole('status').filter({ hasText: 'Another tablet' });
  await expect
    .element(notice)
    .toHaveTextContent(
      'Another tablet had also changed the venue name and usual quotes. What was saved on this tablet now holds on every tablet; the other settings are as the venue has them.',
    );
  for (const [width, height] of [
    [1024, 768],
    [768, 1024],
  ] as const) {
    await page.viewport(width, height);
    document.querySelector('.sheet')?.scrollTo(0, 0); // the top of the sheet, where the notice is
    await page.screenshot({ path: `${SHOTS}/conflict-en-${width}x${height}.png` });
  }
  language.value = 'es';
  await expect.element(notice.or(page.getByText('Otra tableta'))).toBeVisible();
  await expect
    .element(page.getByText(/Otra tableta también había cambiado el nombre del local y las esperas habituales/))
    .toBeVisible();
  document.querySelector('.sheet')?.scrollTo(0, 0);
  await page.screenshot({ path: `${SHOTS}/conflict-es-768x1024.png` });

  await userEvent.click(page.getByRole('button', { name: 'Entendido' }));
  await expect.element(page.getByText(/Otra tableta/)).not.toBeInTheDocument();
  expect(shared.conflict.value).toBeNull();
});

test('a new PIN, or other settings, the venue server refused for want of the PIN: Settings say they did not reach the venue and must be made again online', async () => {
  const { shared, settings } = await settingsWithSync();
  shared.pinRefused.value = true; // as a reconcile leaves it
  language.value = 'en';
  render(<SettingsDialog settings={settings} kiosk={kiosk} onClose={() => {}} />, host);
  await expect
    .element(page.getByRole('status').filter({ hasText: 'The new staff PIN did not reach the venue server' }))
    .toHaveTextContent(/this tablet uses the venue’s PIN again\. Set the new PIN again while this tablet is online\./);
  await page.viewport(768, 1024);
  document.querySelector('.sheet')?.scrollTo(0, 0);
  await page.screenshot({ path: `${SHOTS}/pin-refused-en-768x1024.png` });
  language.value = 'es';
  await expect.element(page.getByText(/El nuevo PIN del personal no llegó al servidor del local/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/pin-refused-es-768x1024.png` });
  await userEvent.click(page.getByRole('button', { name: 'Entendido' }));
  expect(shared.pinRefused.value).toBe(false);

  // Other settings changed here, uploaded after Settings closed: refused likewise, named.
  shared.settingsRefused.value = ['template', 'lateAfterMinutes'];
  await expect
    .element(
      page.getByText(
        /Los cambios en el mensaje de mesa lista y los minutos hasta que un grupo avisado llega tarde no llegaron/,
      ),
    )
    .toBeVisible();
  language.value = 'en';
  await expect
    .element(page.getByRole('status').filter({ hasText: 'The changes to the' }))
    .toHaveTextContent(
      /needs the staff PIN to change them: this tablet has the venue’s settings again\. Open Settings and make them again/,
    );
  await page.screenshot({ path: `${SHOTS}/settings-refused-en-768x1024.png` });
  await userEvent.click(page.getByRole('button', { name: 'Got it' }));
  expect(shared.settingsRefused.value).toEqual([]);
});

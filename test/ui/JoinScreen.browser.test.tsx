import { render } from 'preact';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { createPinModel } from '../../src/state/pin-model.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { App } from '../../src/ui/App.tsx';
import '../../src/ui/app.css';
import '../../src/ui/board.css';
import '../../src/ui/sheets.css';
import '../../src/ui/venue.css';
import '../../src/ui/join.css';
import { TABLET_SIZES, fakeKiosk, screenHost } from '../support/screen.ts';
import { boardOver, tabletBesideVenueServer } from '../support/tablet.ts';

/** Where the screenshots go (next to this file, git-ignored), to look at as a guest would. */
const SHOTS = '__screenshots__/join';
const SIZES = TABLET_SIZES;

const host = screenHost();

const kiosk = fakeKiosk;

/** A new tablet (the demo's settings) opened from a venue server that has not paired it. */
async function unpairedTablet() {
  const { db, store, venue } = await tabletBesideVenueServer('ui-join');
  await venue.check(); // the server does not know the demo's token
  expect(venue.unpaired.value).toBe(true);
  const model = boardOver(db);
  const pin = createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } });
  const settings = createSettingsModel({ store });
  render(
    <App model={model} settings={settings} pin={pin} loadScanner={async () => null!} kiosk={kiosk} venue={venue} />,
    host,
  );
}

test('unpaired at a venue server, Show join code says the tablet isn’t connected yet, never the demo’s code, and leads to pairing', async () => {
  await unpairedTablet();
  await page.getByRole('button', { name: 'Show join code' }).click();
  const screen = page.getByRole('dialog', { name: 'This tablet isn’t connected to the venue yet.', exact: false });
  await expect.element(screen).toBeVisible();
  const text = screen.element().textContent ?? '';
  expect(text).not.toContain('DEMO');
  expect(text).not.toContain('Demo Bistro');
  expect(document.querySelector('.join-code')).toBeNull();
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/unpaired-${width}x${height}.png` });
  }
  // The same way to connect as the board's banner: the staff PIN, then Settings on the pairing step.
  await screen.getByRole('button', { name: 'Connect to the venue' }).click();
  await expect.element(page.getByRole('dialog', { name: 'Choose a staff PIN' })).toBeVisible();
  expect(document.querySelector('.join-screen')).toBeNull();
});

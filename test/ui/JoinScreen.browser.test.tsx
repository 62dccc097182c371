import { render } from 'preact';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { createBoardModel } from '../../src/state/board-model.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { createVenueClient } from '../../src/pushed/venue-client.ts';
import { createVenueModel } from '../../src/state/venue-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { App } from '../../src/ui/App.tsx';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';
import { fakeVenueServer } from '../support/fake-venue-server.ts';
import '../../src/ui/app.css';
import '../../src/ui/board.css';
import '../../src/ui/sheets.css';
import '../../src/ui/venue.css';
import '../../src/ui/join.css';
import { TABLET_SIZES, fakeKiosk, screenHost } from '../support/screen.ts';

/** Where the screenshots go (next to this file, git-ignored), to look at as a guest would. */
const SHOTS = '__screenshots__/join';
const SIZES = TABLET_SIZES;

const host = screenHost();

const kiosk = fakeKiosk;

/** A new tablet (the demo's settings) opened from a venue server that has not paired it. */
async function unpairedTablet() {
  const db = await openWaitbellDb(`ui-join-${crypto.randomUUID()}`);
  const store = settingsStore(db);
  const server = fakeVenueServer({ origin: location.origin });
  const venue = createVenueModel({
    store,
    connect: (c) => createVenueClient({ ...c, fetch: server.fetch }),
    ownOrigin: location.origin,
    allowedOrigins: [],
  });
  await venue.check(); // the server does not know the demo's token
  expect(venue.unpaired.value).toBe(true);
  const model = createBoardModel({
    store: partyStore(db),
    outbox: outboxStore(db),
    connectivity: fakeConnectivity().connectivity,
    deliver: () => {},
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
  });
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

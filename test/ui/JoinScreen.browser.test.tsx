import { render } from 'preact';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { createPinModel } from '../../src/state/pin-model.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { App } from '../../src/ui/App.tsx';
import { PosterSection } from '../../src/ui/PosterSection.tsx';
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

/** A tablet paired with a venue server that names its check-in page, its venue taking online joins or not. */
async function pairedTablet({ url, enabled }: { url: string | null; enabled: boolean }) {
  const { db, store, server, venue } = await tabletBesideVenueServer('ui-join-check-in');
  expect((await venue.pair(server.addCode(), 'Front stand')).ok).toBe(true);
  const saved = await store.read();
  await store.save({ ...saved, onlineJoins: { ...saved.onlineJoins, enabled } });
  server.setCheckIn({ code: 'K7QM2P', url });
  const model = boardOver(db);
  const pin = createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } });
  const settings = createSettingsModel({ store });
  await settings.load();
  render(
    <App model={model} settings={settings} pin={pin} loadScanner={async () => null!} kiosk={kiosk} venue={venue} />,
    host,
  );
  await page.getByRole('button', { name: 'Show join code' }).click();
  return page.getByRole('dialog', { name: 'Casa Prueba' });
}

const CHECK_IN_QR = 'QR code to join the waitlist at Casa Prueba';
const PUSHED_QR = 'QR code to subscribe to Casa Prueba on Pushed';

test('a venue taking online joins shows its check-in page’s code first and big, and the Pushed code as the second way, both in view', async () => {
  const screen = await pairedTablet({ url: 'https://waitlist.example.com/v/K7QM2P', enabled: true });
  const checkIn = screen.getByRole('img', { name: CHECK_IN_QR });
  const pushed = screen.getByRole('img', { name: PUSHED_QR });
  await expect.element(checkIn).toBeVisible();
  await expect.element(pushed).toBeVisible();
  await expect.element(screen.getByText('Scan to join the waitlist — no app needed')).toBeVisible();
  await expect.element(screen.getByText('Want a notification? Get the Pushed app')).toBeVisible();
  await expect.element(screen.getByText('waitlist.example.com/v/K7QM2P')).toBeVisible();
  // The code encodes the check-in page itself: drawn by the same library as the Pushed one.
  expect(checkIn.element().innerHTML).toContain('<svg');
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    const big = checkIn.element().getBoundingClientRect();
    const small = pushed.element().getBoundingClientRect();
    expect(big.width, `${width}×${height}`).toBeGreaterThan(2 * small.width);
    for (const box of [big, small]) {
      expect(box.bottom, `${width}×${height}`).toBeLessThanOrEqual(height);
      expect(box.right).toBeLessThanOrEqual(width);
    }
    await page.screenshot({ path: `${SHOTS}/check-in-${width}x${height}.png` });
  }
});

test('a venue not taking online joins, or a server without a public address, shows today’s join screen: the Pushed code and its steps', async () => {
  for (const setup of [
    { url: 'https://waitlist.example.com/v/K7QM2P', enabled: false },
    { url: null, enabled: true },
  ]) {
    const screen = await pairedTablet(setup);
    await expect.element(screen.getByRole('img', { name: PUSHED_QR })).toBeVisible();
    expect(screen.element().textContent).not.toContain('no app needed');
    expect(document.querySelectorAll('.join-code')).toHaveLength(1);
    render(null, host);
  }
});

test('the poster prints both ways in: the check-in page’s code first, then the Pushed code and its steps, DEMO marked as before', async () => {
  const { store } = await tabletBesideVenueServer('ui-poster');
  const saved = await createSettingsModel({ store })
    .load()
    .then(() => store.readPublic());
  render(
    <PosterSection saved={saved} checkIn={{ code: 'K7QM2P', url: 'https://waitlist.example.com/v/K7QM2P' }} />,
    host,
  );
  await expect.element(page.getByRole('button', { name: 'Print poster' })).toBeVisible();
  // The poster is drawn once its codes are made, after the button shows.
  await expect.poll(() => document.querySelector('.join-poster')?.querySelectorAll('.join-code svg').length).toBe(2);
  const poster = document.querySelector('.join-poster')!;
  expect([...poster.querySelectorAll('.join-code')].map((c) => c.getAttribute('aria-label'))).toEqual([
    'QR code to join the waitlist at Demo Bistro',
    'QR code to subscribe to Demo Bistro on Pushed',
  ]);
  expect(poster.textContent).toContain('Scan to join the waitlist — no app needed');
  expect(poster.textContent).toContain('Want a notification? Get the Pushed app');
  expect(poster.querySelector('.demo-mark')?.textContent).toContain('DEMO');
  // The check-in code alone, for table cards or the window, as for the Pushed one.
  await expect
    .element(page.getByRole('link', { name: 'Download check-in PNG' }))
    .toHaveAttribute('download', 'waitbell-check-in.png');
  await expect
    .element(page.getByRole('link', { name: 'Download check-in SVG' }))
    .toHaveAttribute('download', 'waitbell-check-in.svg');
});

test('a venue with check-in but no Pushed link yet still prints its check-in poster', async () => {
  const { store } = await tabletBesideVenueServer('ui-poster-check-in-only');
  const saved = { ...(await store.readPublic()), subscriptionLink: '' };
  render(
    <PosterSection saved={saved} checkIn={{ code: 'K7QM2P', url: 'https://waitlist.example.com/v/K7QM2P' }} />,
    host,
  );
  await expect.element(page.getByRole('button', { name: 'Print poster' })).toBeVisible();
  await expect.poll(() => document.querySelector('.join-poster')?.querySelectorAll('.join-code svg').length).toBe(1);
  const poster = document.querySelector('.join-poster')!;
  expect(poster.querySelector('.join-code')?.getAttribute('aria-label')).toBe(
    'QR code to join the waitlist at Demo Bistro',
  );
  expect(poster.textContent).not.toContain('Want a notification?');
  expect(document.body.textContent).not.toContain('subscription link in Settings');
});

import { render } from 'preact';
import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import type { LoadScanner } from '../../src/state/scanner-port.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { App } from '../../src/ui/App.tsx';
import { SettingsDialog } from '../../src/ui/SettingsDialog.tsx';
import { language } from '../../src/ui/strings.ts';
import '../../src/ui/app.css';
import '../../src/ui/board.css';
import '../../src/ui/sheets.css';
import '../../src/ui/scan.css';
import '../../src/ui/venue.css';
import '../../src/ui/join.css';
import { TABLET_SIZES, fakeKiosk, screenHost } from '../support/screen.ts';
import { boardOver, tabletBesideVenueServer } from '../support/tablet.ts';

/** Where the screenshots go (next to this file, git-ignored), to look at as a host would. */
const SHOTS = '__screenshots__/venue';
const SIZES = TABLET_SIZES;

const host = screenHost();

const kiosk = fakeKiosk;

/** A camera that sees, in turn, each of these texts (the first ones are refused, the last accepted). */
const cameraSeeing =
  (...texts: string[]): LoadScanner =>
  async () => ({
    async scan({ onText, onCamera }) {
      onCamera({ cameras: [], activeDeviceId: null, torch: null });
      for (const text of texts) if (onText(text) === 'accept') return { kind: 'accepted' };
      return { kind: 'timed_out' };
    },
  });

async function setup({ pairedAs, staffPin }: { pairedAs?: string; staffPin?: () => string | null } = {}) {
  const { db, store, server, venue } = await tabletBesideVenueServer('ui-venue', staffPin ? { staffPin } : {});
  if (pairedAs) {
    server.addDevice('Patio', new Date(Date.now() - 5 * 60_000).toISOString());
    const paired = await venue.pair(server.addCode(), pairedAs);
    if (!paired.ok) throw new Error(`pairing failed: ${JSON.stringify(paired)}`);
  }
  const settings = createSettingsModel({ store });
  return { db, store, server, venue, settings };
}

async function shoot(name: string, scrollTo: string) {
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    document.querySelector(scrollTo)?.scrollIntoView({ block: 'start' });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
  }
}

test('connect: scan the pairing QR, name the tablet, Connect; the token is saved but never shown', async () => {
  const { store, server, venue, settings } = await setup();
  const code = server.addCode();
  await page.viewport(1024, 768);
  render(
    <SettingsDialog
      settings={settings}
      kiosk={kiosk}
      venue={venue}
      loadScanner={cameraSeeing('https://pushed.co/s/WbDemo1', `${location.origin}/pair?code=${code}`)}
      onClose={() => {}}
    />,
    host,
  );
  await expect
    .element(page.getByText('This tablet isn’t connected to a venue server.', { exact: false }))
    .toBeVisible();
  await page.getByRole('button', { name: 'Connect to the venue server' }).click();
  await page.getByRole('button', { name: 'Scan the pairing code' }).click();
  await expect.element(page.getByLabelText('Pairing code')).toHaveValue(code);
  await page.getByLabelText('Name for this tablet (optional)').fill('Front stand');
  await shoot('connect-step', '.venue-section');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect
    .element(page.getByRole('status').filter({ hasText: 'Connected:' }))
    .toHaveTextContent(
      'Connected: this tablet now sends Casa Prueba’s messages through the venue server, as “Front stand”.',
    );
  const saved = await store.read();
  expect(saved).toMatchObject({ route: 'relay', relayUrl: '/relay/1', venueName: 'Casa Prueba' });
  expect(saved.deviceToken).toBe(server.devices[0]!.token);
  // The owner's tools for a connected tablet appear; the token is nowhere on the screen.
  await expect.element(page.getByRole('heading', { name: 'The venue’s Pushed account' })).toBeVisible();
  await expect.element(page.getByLabelText('Venue name', { exact: true }).first()).toHaveValue('Casa Prueba');
  expect(document.body.innerHTML).not.toContain(saved.deviceToken);
});

test('a wrong code says why in words, keeps what was typed, and saves nothing', async () => {
  const { store, server, venue, settings } = await setup();
  const used = server.addCode();
  await venue.pair(used, 'Other');
  await store.save(SANDBOX_SETTINGS);
  render(<SettingsDialog settings={settings} kiosk={kiosk} venue={venue} onClose={() => {}} />, host);
  await page.getByRole('button', { name: 'Connect to the venue server' }).click();
  const field = page.getByLabelText('Pairing code');
  await field.fill('K7QM-3XDP');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.element(page.getByText('A pairing code has 12 letters and digits', { exact: false })).toBeVisible();
  await field.fill(used.toLowerCase());
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.element(page.getByText('That code was already used', { exact: false })).toBeVisible();
  await expect.element(field).toHaveValue(used.toLowerCase());
  expect(await store.read()).toEqual(SANDBOX_SETTINGS);
});

test('a QR for another server names it: open Waitbell from that address', async () => {
  const { venue, settings, server } = await setup();
  render(
    <SettingsDialog
      settings={settings}
      kiosk={kiosk}
      venue={venue}
      loadScanner={cameraSeeing('https://venue.example/pair?code=K7QM-3XDP-9RTA')}
      onClose={() => {}}
    />,
    host,
  );
  await page.getByRole('button', { name: 'Connect to the venue server' }).click();
  await page.getByRole('button', { name: 'Scan the pairing code' }).click();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect
    .element(
      page.getByText('This code is for the venue server at https://venue.example: open Waitbell from that address'),
    )
    .toBeVisible();
  expect(server.requests).toEqual([]);
});

test('opened at /pair?code=…: the connect step is open with the code in, the tablet’s name next', async () => {
  const { venue, settings } = await setup();
  render(
    <SettingsDialog settings={settings} kiosk={kiosk} venue={venue} pairCode="K7QM-3XDP-9RTA" onClose={() => {}} />,
    host,
  );
  await expect.element(page.getByLabelText('Pairing code')).toHaveValue('K7QM-3XDP-9RTA');
  await expect.element(page.getByLabelText('Name for this tablet (optional)')).toHaveFocus();
});

test('the venue server section: Pushed account with field problems, a pairing code with its countdown, the tablets', async () => {
  const { server, venue, settings } = await setup({ pairedAs: 'Front stand' });
  render(<SettingsDialog settings={settings} kiosk={kiosk} venue={venue} onClose={() => {}} />, host);
  await expect
    .element(page.getByText('This tablet sends Casa Prueba’s messages through the venue server.'))
    .toBeVisible();

  // The Pushed account: a refused field says why under it, in the host's language.
  await page.getByLabelText('Pushed app key').fill('not a key!');
  await page.getByLabelText('Pushed app secret').fill('Secret123');
  await page.getByRole('button', { name: 'Save to the venue server' }).click();
  await expect
    .element(
      page.getByText('The Pushed app key has only letters and digits: check it in the Pushed dashboard.', {
        exact: false,
      }),
    )
    .toBeVisible();
  expect(server.venue.appSecret).toBe('');
  await page.getByLabelText('Pushed app key').fill('Key123');
  await page.getByRole('button', { name: 'Save to the venue server' }).click();
  await expect.element(page.getByText('Saved on the venue server.', { exact: true })).toBeVisible();
  expect(server.venue).toMatchObject({ appKey: 'Key123', appSecret: 'Secret123' });
  await expect.element(page.getByLabelText('Pushed app secret')).toHaveValue(''); // never shown again
  await expect.element(page.getByText('Saved on the venue server. Type a new one only to replace it.')).toBeVisible();

  await shoot('venue-account', '.venue-section');

  // Pair another tablet: a QR, the code to type, and how long it lasts.
  await page.getByRole('button', { name: 'Show a pairing code' }).click();
  await expect.element(page.getByRole('img', { name: /QR code to connect another tablet/ })).toBeVisible();
  const code = [...server.requests].reverse().find((r) => r.url.endsWith('/pairing-codes'));
  expect(code).toBeDefined();
  await expect.element(page.getByRole('timer')).toHaveTextContent(/Valid for (10:00|9:5\d)/);
  await expect.element(page.getByText(/^K7QM-3XDP-\w{4}$/)).toBeVisible();

  // The tablets: this one marked, others with Disconnect behind a confirmation.
  await expect.element(page.getByText('This tablet', { exact: true })).toBeVisible();
  await shoot('venue-server', '.venue-pairing');
  await shoot('venue-tablets', '.venue-tablets');
  const patio = page.getByRole('listitem').filter({ hasText: 'Patio' });
  await patio.getByRole('button', { name: 'Disconnect…' }).click();
  await expect.element(patio.getByText('Disconnect “Patio”?', { exact: false })).toBeVisible();
  await shoot('venue-revoke-confirm', '.venue-tablets');
  await patio.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect.element(patio.getByText(/^Disconnected /)).toBeVisible();
  expect(server.devices.find((d) => d.label === 'Patio')?.revokedAt).not.toBeNull();
});

test('owner actions: the PIN that opened Settings goes with them, a refusal is said in words; disconnecting names the tablets that go along and keeps those ticked; who paired each', async () => {
  let opened = '1111'; // the PIN this tablet's Settings were opened with
  const { server, venue, settings } = await setup({ pairedAs: 'Front stand', staffPin: () => opened });
  const patio = server.devices.find((d) => d.label === 'Patio')!;
  const bar = server.addDevice('Bar', null, patio.id);
  server.addDevice('Terrace', null, bar);
  server.addDevice('Kitchen', null, patio.id);
  patio.lastOwnerAction = { action: 'pairing_code', at: new Date().toISOString() };
  server.setStaffPin('4821'); // changed on another tablet since
  render(<SettingsDialog settings={settings} kiosk={kiosk} venue={venue} onClose={() => {}} />, host);

  await page.getByRole('button', { name: 'Show a pairing code' }).click();
  await expect
    .element(
      page.getByText('The venue server doesn’t know this PIN: it may have been changed on another tablet.', {
        exact: false,
      }),
    )
    .toBeVisible();
  expect(server.requests.at(-1)).toMatchObject({ staffPin: '1111' });
  await shoot('venue-pin-refused', '.venue-pairing');

  // Who paired each tablet and its last owner action, in words.
  const item = (label: string) => page.getByRole('listitem').filter({ hasText: new RegExp(`^${label}`) });
  await expect.element(item('Bar').getByText('Paired by “Patio”', { exact: false })).toBeVisible();
  await expect
    .element(item('Patio').getByText('Paired from the venue server’s command line', { exact: false }))
    .toBeVisible();
  await expect
    .element(item('Patio').getByText('Last owner action: made a pairing code', { exact: false }))
    .toBeVisible();

  // Disconnecting Patio names the three tablets that go along; Kitchen is kept.
  opened = '4821';
  await item('Patio').getByRole('button', { name: 'Disconnect…' }).click();
  await expect
    .element(page.getByText('The tablets it paired go with it: “Bar”, “Terrace”, “Kitchen”.', { exact: false }))
    .toBeVisible();
  await page.getByRole('checkbox', { name: 'Keep “Kitchen” connected' }).click();
  await shoot('venue-revoke-along', '.venue-tablets');
  await item('Patio').getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect.element(page.getByText('Disconnected: “Patio”, “Bar”, “Terrace”.')).toBeVisible();
  expect(server.requests.at(-2)).toMatchObject({
    staffPin: '4821',
    body: { keep: [server.devices.find((d) => d.label === 'Kitchen')!.id] },
  });
  await expect.element(item('Bar').getByText('Disconnected by “Front stand”', { exact: false })).toBeVisible();
  expect(server.devices.find((d) => d.label === 'Kitchen')?.revokedAt).toBeNull();
  await shoot('venue-revoked-along', '.venue-tablets');
});

test('in Spanish: the account’s field problems and the countdown', async () => {
  const { venue, settings } = await setup({ pairedAs: 'Entrada' });
  language.value = 'es';
  render(<SettingsDialog settings={settings} kiosk={kiosk} venue={venue} onClose={() => {}} />, host);
  await page.getByRole('textbox', { name: 'Enlace de suscripción', exact: true }).fill('pushed.co/s/x');
  await page.getByRole('button', { name: 'Guardar en el servidor del local' }).click();
  await expect
    .element(page.getByText('Escribe el enlace tal como lo muestra el panel de Pushed', { exact: false }))
    .toBeVisible();
  await page.getByRole('button', { name: 'Mostrar un código de emparejamiento' }).click();
  await expect.element(page.getByRole('timer')).toHaveTextContent(/Válido durante (10:00|9:5\d)/);
});

test('a disconnected tablet: a plain banner on the board, nothing deleted, and the way to connect again', async () => {
  const { db, venue, settings } = await setup({ pairedAs: 'Front stand' });
  const model = boardOver(db);
  model.start();
  await model.refresh();
  const pin = createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } });
  render(
    <App model={model} settings={settings} pin={pin} loadScanner={cameraSeeing()} kiosk={kiosk} venue={venue} />,
    host,
  );
  await expect.element(page.getByRole('heading', { name: 'Waitbell' })).toBeVisible();
  expect(document.querySelector('.revoked-banner')).toBeNull();
  venue.notePush({ kind: 'held', why: 'device_revoked' });
  const banner = page.getByRole('alert').filter({ hasText: 'disconnected' });
  await expect
    .element(banner)
    .toHaveTextContent(
      'This tablet was disconnected from the venue server. Ask the owner to connect it again (Settings → Connect to the venue server). The waitlist on this tablet is kept.',
    );
  await shoot('revoked-banner', '.app');
  await banner.getByRole('button', { name: 'Connect again' }).click();
  await expect.element(page.getByRole('dialog')).toBeVisible(); // the staff PIN first, like the rest of Settings
});

test('Settings on a disconnected tablet: the connect step is open and focused, the owner’s tools are not', async () => {
  const { server, venue, settings } = await setup({ pairedAs: 'Front stand' });
  server.revokeAll();
  venue.notePush({ kind: 'held', why: 'device_revoked' });
  render(<SettingsDialog settings={settings} kiosk={kiosk} venue={venue} onClose={() => {}} />, host);
  await expect.element(page.getByLabelText('Pairing code')).toHaveFocus();
  expect(document.querySelector('.venue-account, .venue-pairing, .venue-tablets')).toBeNull();
  await page.getByLabelText('Pairing code').fill(server.addCode());
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect.element(page.getByRole('heading', { name: 'The venue’s tablets' })).toBeVisible();
  expect(venue.revoked.value).toBe(false);
});

test('the app opened with a pairing code asks for the staff PIN first', async () => {
  const { db, venue, settings } = await setup();
  const model = boardOver(db);
  const pin = createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } });
  render(
    <App
      model={model}
      settings={settings}
      pin={pin}
      loadScanner={cameraSeeing()}
      kiosk={kiosk}
      venue={venue}
      pairCode="K7QM-3XDP-9RTA"
    />,
    host,
  );
  await expect.element(page.getByRole('dialog')).toBeVisible();
  expect(document.querySelector('#venue-code')).toBeNull(); // not before the PIN
  await userEvent.keyboard('{Escape}');
});

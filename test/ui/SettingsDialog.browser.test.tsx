import { render } from 'preact';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { SettingsDialog } from '../../src/ui/SettingsDialog.tsx';
import '../../src/ui/app.css';
import '../../src/ui/sheets.css';
import '../../src/ui/venue.css';
import { TABLET_SIZES, fakeKiosk, screenHost } from '../support/screen.ts';
import { tabletBesideVenueServer } from '../support/tablet.ts';

/** Where the screenshots go (next to this file, git-ignored), to look at as the owner would. */
const SHOTS = '__screenshots__/settings';
const SIZES = TABLET_SIZES;

const host = screenHost();

const kiosk = fakeKiosk;

/** Settings on a new tablet (the demo), or on one paired with the venue server. */
async function openSettings({ paired }: { paired: boolean }) {
  const { store, server, venue } = await tabletBesideVenueServer('ui-settings');
  if (paired && !(await venue.pair(server.addCode(), 'Front stand')).ok) throw new Error('pairing failed');
  const settings = createSettingsModel({ store });
  render(<SettingsDialog settings={settings} kiosk={kiosk} venue={venue} onClose={() => {}} />, host);
  await expect.element(page.getByRole('radio', { name: 'Straight to Pushed' })).toBeVisible();
  return { store };
}

const field = (id: string) => document.getElementById(id) as HTMLInputElement;

test('Straight to Pushed on a paired tablet starts on Pushed’s real API with no key or secret of the demo’s', async () => {
  const { store } = await openSettings({ paired: true });
  await page.getByRole('radio', { name: 'Straight to Pushed' }).click();
  await expect.element(page.getByText('Pushed’s own API: https://api.pushed.co/1.')).toBeVisible();
  expect(field('settings-apiBaseUrl').value).toBe('https://api.pushed.co/1');
  expect(field('settings-appKey').value).toBe('');
  expect(field('settings-appSecret').placeholder).toBe(''); // no secret shown as saved
  expect(document.body.textContent).not.toContain('built-in sandbox');
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    document.getElementById('settings-apiBaseUrl')?.scrollIntoView({ block: 'center' });
    await page.screenshot({ path: `${SHOTS}/direct-paired-${width}x${height}.png` });
  }
  // A real key without its secret is refused in words, never sent with the demo's secret.
  field('settings-appKey').focus();
  await page.elementLocator(field('settings-appKey')).fill('RealKey1');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.element(page.getByRole('alert').filter({ hasText: 'Not saved.' })).toBeVisible();
  expect((await store.read()).route).toBe('relay');
  // Paired, the owner's report opens from here and asks the venue server.
  await page.getByRole('button', { name: 'Open the report' }).click();
  await expect.element(page.getByRole('dialog', { name: 'Report' })).toBeVisible();
  // This fake venue server has no report: said so, not blamed on the tablet.
  await expect
    .element(page.getByRole('alert').filter({ hasText: 'This venue server has no report yet' }))
    .toBeVisible();
});

test('in the demo, Straight to Pushed keeps the sandbox and says so', async () => {
  await openSettings({ paired: false });
  await page.getByRole('radio', { name: 'Straight to Pushed' }).click();
  await expect.element(page.getByText('/1 is the built-in sandbox', { exact: false })).toBeVisible();
  expect(field('settings-apiBaseUrl').value).toBe('/1');
  // The report is the venue server's to work out: the demo tablet is told so, with no button to a refusal.
  await expect.element(page.getByText('The report is worked out by the venue server', { exact: false })).toBeVisible();
  expect(page.getByRole('button', { name: 'Open the report' }).elements()).toEqual([]);
});

test('the route choices’ radio buttons are one size, at least 24 px, in one column, however their labels wrap', async () => {
  await openSettings({ paired: true });
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    const boxes = [...document.querySelectorAll<HTMLInputElement>('input[name="route"]')].map((input) =>
      input.getBoundingClientRect(),
    );
    expect(boxes).toHaveLength(2);
    const [relay, direct] = boxes as [DOMRect, DOMRect];
    expect(relay.width).toBeGreaterThanOrEqual(24);
    expect(relay.height).toBeGreaterThanOrEqual(24);
    expect([relay.width, relay.height, relay.left]).toEqual([direct.width, direct.height, direct.left]);
    document.querySelector('.route-choice')?.scrollIntoView({ block: 'center' });
    await page.screenshot({ path: `${SHOTS}/route-choice-${width}x${height}.png` });
  }
});

test('Online check-in: switched on, with a limit, a largest party and hours, saved in this tablet’s time zone; refusals said in words at the field', async () => {
  const { store } = await openSettings({ paired: true });
  await store.save({ ...(await store.read()), onlineJoins: { ...(await store.read()).onlineJoins, enabled: false } });
  render(null, host);
  const settings = createSettingsModel({ store });
  render(<SettingsDialog settings={settings} kiosk={kiosk} onClose={() => {}} />, host);
  const group = page.getByRole('group', { name: 'Online check-in' });
  const on = group.getByRole('checkbox', { name: 'Guests may check in from their phone' });
  await expect.element(on).not.toBeChecked();
  await on.click();
  await group.getByLabelText('Most online parties waiting at once').fill('0');
  await group.getByLabelText('Largest party that may check in online').fill('6');
  await group.getByLabelText('Online check-in from').fill('17:30');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // Two refusals at once: the limit out of range, and an hour without the other.
  await expect
    .element(page.getByRole('alert'))
    .toHaveTextContent('Not saved. Check: Most online parties waiting at once, Online check-in until.');
  await expect
    .element(group.getByLabelText('Most online parties waiting at once'))
    .toHaveAccessibleDescription(/A whole number of parties from 1 to 200/);
  await expect
    .element(group.getByLabelText('Online check-in until'))
    .toHaveAccessibleDescription(/A time such as 17:30, or leave both times empty/);
  expect((await store.read()).onlineJoins.enabled).toBe(false);
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    group.element().scrollIntoView({ block: 'center' });
    await page.screenshot({ path: `${SHOTS}/online-check-in-${width}x${height}.png` });
  }

  await group.getByLabelText('Most online parties waiting at once').fill('12');
  await group.getByLabelText('Online check-in until').fill('23:00');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(async () => (await store.read()).onlineJoins.enabled).toBe(true);
  expect((await store.read()).onlineJoins).toEqual({
    enabled: true,
    maxWaiting: 12,
    maxSize: 6,
    hours: { from: '17:30', to: '23:00' },
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
});

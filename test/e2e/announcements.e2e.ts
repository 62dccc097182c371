import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright';
import { beforeEach, describe, expect, test } from 'vitest';
import { pinGateAsks, shootTabletSizes, TEST_PIN, useBrowser, waitingToGo } from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';

const app = useBrowser({ offline: true });
const sandbox = sandboxClient(app.appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout, interval: 100 });
/** Where the screenshots of the dialog and the list go, to look at as a host would. */
const KITCHEN = 'The kitchen closes in 30 minutes.';

beforeEach(async () => {
  await sandbox.reset();
});

/** Taps Announce and gets past the staff PIN (choosing it on a new tablet), as staff would. */
async function openAnnouncements(page: Page, pin = TEST_PIN): Promise<Locator> {
  await page.getByRole('button', { name: 'Announce' }).click();
  const gate = page.locator('dialog.pin-gate');
  if ((await pinGateAsks(gate)) === 'choose') {
    await gate.getByLabel('New PIN (4 to 8 digits)').fill(pin);
    await gate.getByLabel('The same PIN again').fill(pin);
    await gate.getByRole('button', { name: 'Save PIN and open announcements' }).click();
    await gate.getByLabel('I have written down the recovery code').check();
    await gate.getByRole('button', { name: 'Continue to announcements' }).click();
  } else {
    await gate.getByLabel('PIN', { exact: true }).fill(pin);
    await gate.getByRole('button', { name: 'Open announcements' }).click();
  }
  const dialog = page.getByRole('dialog', { name: 'Announcements' });
  await dialog.getByLabel('Message').waitFor();
  return dialog;
}

/** Writes (or picks) the message, reviews it and sends it to the channel. */
async function announce(dialog: Locator, text: string, { ready = false } = {}) {
  if (ready) await dialog.getByRole('button', { name: text }).click();
  else await dialog.getByLabel('Message').fill(text);
  await dialog.getByRole('button', { name: 'Review and send' }).click();
  await dialog.getByRole('button', { name: 'Send to the channel' }).click();
}

/** The delivery line of the newest announcement in the list. */
const newestDelivery = (dialog: Locator) =>
  dialog.locator('.announce-item').first().locator('.announce-delivery').innerText();

/** Takes the same screen at landscape and portrait tablet sizes. */
const shoot = (page: Page, name: string) => shootTabletSizes(page, `announce-${name}`);

describe('announcements to the venue’s channel, through the Pushed sandbox', () => {
  test('behind the PIN; the confirmation names who gets it; every subscribed guest gets it once; a second within 10 minutes is refused in words', async () => {
    const guests = [await sandbox.guest(), await sandbox.guest(), await sandbox.guest()];
    const notSubscribed = await sandbox.guest({ subscribed: false });
    const page = await app.open();

    // The PIN comes first: no announcement can be written without it.
    await page.getByRole('button', { name: 'Announce' }).click();
    await expect
      .poll(() => page.locator('dialog.pin-gate').getByRole('heading').innerText())
      .toBe('Choose a staff PIN');
    expect(await page.getByRole('dialog', { name: 'Announcements' }).count()).toBe(0);
    await page.locator('dialog.pin-gate').getByRole('button', { name: 'Cancel' }).click();

    const dialog = await openAnnouncements(page);
    await dialog.getByRole('button', { name: KITCHEN }).click();
    expect(await dialog.getByLabel('Message').inputValue()).toBe(KITCHEN);
    expect(await dialog.locator('#announce-count').innerText()).toBe(`${KITCHEN.length} of 140 characters`);
    await shoot(page, 'compose');

    await dialog.getByRole('button', { name: 'Review and send' }).click();
    const confirm = dialog.locator('.announce-confirm');
    expect(await confirm.locator('.announce-audience').innerText()).toBe(
      'Everyone subscribed to Demo Bistro’s channel: the guests who scanned the join code or the poster.',
    );
    expect(await confirm.locator('q').innerText()).toBe(KITCHEN);
    await shoot(page, 'confirm');
    await confirm.getByRole('button', { name: 'Send to the channel' }).click();

    for (const pushedId of guests) await poll(() => sandbox.notifications(pushedId)).toEqual([KITCHEN]);
    expect(await sandbox.notifications(notSubscribed)).toEqual([]);
    await poll(() => newestDelivery(dialog)).toMatch(/^Sent \d/);
    expect(await dialog.getByRole('status').innerText()).toBe(
      'Announcement to the channel is on its way; its delivery shows below.',
    );

    // Within 10 minutes: refused, with when the last went and when the next can.
    await announce(dialog, 'We’re seating walk-ins now');
    const refusal = confirm.getByRole('alert');
    await poll(() => refusal.innerText()).toMatch(
      /^⚠?\s*You sent one to the channel at \d{1,2}:\d{2}.*\. The next is possible at \d{1,2}:\d{2}.*\.$/,
    );
    expect(await confirm.getByRole('button', { name: 'Send to the channel' }).count()).toBe(0);
    await shoot(page, 'refused');
    await confirm.getByRole('button', { name: 'Back' }).click();
    expect(await dialog.locator('.announce-target').first().innerText()).toMatch(/The next is possible at/);
    await shoot(page, 'list');

    const { shipments, pushRequests } = await sandbox.shipments();
    expect(shipments.map((s) => s.content)).toEqual([KITCHEN]);
    expect(pushRequests).toBe(1);
    for (const pushedId of guests) expect(await sandbox.notifications(pushedId)).toEqual([KITCHEN]);
  });

  test('offline: queued, kept over a reload, and sent once when the network returns', async () => {
    const guests = [await sandbox.guest(), await sandbox.guest()];
    const page = await app.open();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await app.context.setOffline(true);
    let dialog = await openAnnouncements(page);
    await announce(dialog, 'We’re seating walk-ins now. Come to the host stand!', { ready: true });
    await poll(() => newestDelivery(dialog)).toBe('Queued: waiting for internet');
    expect(await dialog.getByRole('status').innerText()).toBe(
      'Announcement to the channel queued: it goes as soon as the tablet is online.',
    );
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await poll(() => page.getByRole('status', { name: 'Connection' }).innerText()).toContain('Offline · 1 to send');

    await page.reload(); // offline: the service worker serves the app, IndexedDB keeps the queue
    dialog = await openAnnouncements(page);
    await poll(() => newestDelivery(dialog)).toBe('Queued: waiting for internet');
    expect((await sandbox.shipments()).pushRequests).toBe(0);

    await app.context.setOffline(false);
    for (const pushedId of guests)
      await poll(() => sandbox.notifications(pushedId)).toEqual([
        'We’re seating walk-ins now. Come to the host stand!',
      ]);
    await poll(() => newestDelivery(dialog)).toMatch(/^Sent \d/);
    await poll(() => waitingToGo(page)).toBe(0); // nothing left to go: a duplicate could only come from there
    expect((await sandbox.shipments()).pushRequests).toBe(1);
  });

  test('a wrong PIN opens nothing', async () => {
    const page = await app.open();
    await openAnnouncements(page);
    await page
      .getByRole('dialog', { name: 'Announcements' })
      .getByRole('button', { name: 'Close', exact: true })
      .click();
    await page.getByRole('button', { name: 'Announce' }).click();
    const gate = page.locator('dialog.pin-gate');
    await gate.getByLabel('PIN', { exact: true }).fill('9999');
    await gate.getByRole('button', { name: 'Open announcements' }).click();
    await poll(() => gate.getByRole('alert').innerText()).toMatch(/^Wrong PIN/);
    expect(await page.getByRole('dialog', { name: 'Announcements' }).count()).toBe(0);
  });

  test('the dialog, its confirmation and its refusal: no serious or critical accessibility violations', async () => {
    await sandbox.guest();
    const page = await app.open();
    const dialog = await openAnnouncements(page);
    const serious = async () =>
      (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    const found: Record<string, string[]> = { compose: await serious() };
    await dialog.getByLabel('Message').fill('x'.repeat(141));
    found.over = await serious();
    await announce(dialog, KITCHEN, { ready: true });
    await poll(() => newestDelivery(dialog)).toMatch(/^Sent/);
    found.list = await serious();
    await announce(dialog, 'Again');
    await dialog.locator('.announce-confirm').getByRole('alert').waitFor();
    found.refused = await serious();
    expect(found).toEqual({ compose: [], over: [], list: [], refused: [] });
  });
});

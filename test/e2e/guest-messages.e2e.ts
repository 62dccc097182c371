import type { Page } from 'playwright';
import { beforeEach, describe, expect, test } from 'vitest';
import { addParty, finishParty, openSettings, row, shootTabletSizes, useBrowser, waitingToGo } from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';

const app = useBrowser({ offline: true });
const sandbox = sandboxClient(app.appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout, interval: 100 });
/** Where the screenshots go, to look at as a host would. */

const onList = (position: number, quote: number) =>
  `You're on the list at Demo Bistro: #${position}, about ${quote} min`;
const gettingClose = (name: string) => `${name}, you're nearly up at Demo Bistro: please stay close.`;
const tableReady = (name: string) => `${name}, your table at Demo Bistro is ready! Please come to the host stand.`;

/** The row's status, words only, its lines joined by " · ": "On the list · Sent 8:42 PM", "Called just now · Table ready · Sent 8:42 PM". */
const lineOf = async (page: Page, name: string) =>
  (await row(page, name).locator('.party-status > span').allInnerTexts())
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join(' · ');
/** The details' list of messages, one line of words per message. */
const detailsOf = (page: Page, name: string) =>
  page.getByRole('dialog', { name }).locator('.message-list li').allInnerTexts();
/** Screenshots at both tablet sizes, to look at as a host would; `before` brings the part in view. */
const screenshots = (page: Page, name: string, before?: () => Promise<void>) =>
  shootTabletSizes(page, name, { before });
const openDetails = (page: Page, name: string) =>
  row(page, name)
    .getByRole('button', { name: `More for ${name}` })
    .click();

beforeEach(async () => {
  await sandbox.reset();
});

describe('the messages guests want: on the list, getting close, table ready', () => {
  test('each reaches the phone once and in order; getting close fires once at place 2, with two tabs open; row and details say where each is', async () => {
    const guest = await sandbox.guest();
    const page = await app.open();
    const other = await app.open(); // a second tab watching the same board: it must not send a second "getting close"
    await page.bringToFront();
    await addParty(page, { name: 'Ahead One' });
    await addParty(page, { name: 'Ahead Two' });
    await addParty(page, { name: 'Mia', size: 3, quote: 25, pushedId: guest });

    await poll(() => sandbox.notifications(guest)).toEqual([onList(3, 25)]);
    await poll(() => lineOf(page, 'Mia')).toMatch(/^On the list · Sent \d/);

    // Ahead One is seated: Mia moves up to place 2 and is told, by itself.
    await finishParty(page, 'Ahead One', 'Seat now');
    await poll(() => sandbox.notifications(guest)).toEqual([onList(3, 25), gettingClose('Mia')]);
    await poll(() => lineOf(page, 'Mia')).toMatch(/^Almost ready · Sent \d/);
    await other.bringToFront();
    await poll(() => lineOf(other, 'Mia')).toMatch(/^Almost ready · Sent \d/);

    // Back to place 3 (Undo) and up to 2 again: not told twice.
    await page.bringToFront();
    await page.getByRole('button', { name: 'Undo' }).click();
    await poll(() => row(page, 'Ahead One').count()).toBe(1);
    await finishParty(page, 'Ahead One', 'Seat now');
    await poll(() => row(page, 'Ahead One').count()).toBe(0);

    await row(page, 'Mia').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => sandbox.notifications(guest)).toEqual([onList(3, 25), gettingClose('Mia'), tableReady('Mia')]);
    await poll(() => lineOf(page, 'Mia')).toMatch(/ · Table ready · Sent \d/);
    await poll(() => waitingToGo(page)).toBe(0); // nothing left to go: a duplicate could only come from there
    expect(await sandbox.notifications(guest)).toEqual([onList(3, 25), gettingClose('Mia'), tableReady('Mia')]);
    expect((await sandbox.shipments()).pushRequests).toBe(3);

    await openDetails(page, 'Mia');
    await poll(() => detailsOf(page, 'Mia').then((lines) => lines.length)).toBe(3);
    const details = await detailsOf(page, 'Mia');
    expect(details[0]).toMatch(/^On the list\s+\d+:\d\d [AP]M\s+Sent \d/);
    expect(details[1]).toMatch(/^Almost ready\s+\d+:\d\d [AP]M\s+Sent \d/);
    expect(details[2]).toMatch(/^Table ready\s+\d+:\d\d [AP]M\s+Sent \d/);
    await other.close();
  });

  test('Almost ready by hand: a party that joined at place 2 is not told by itself, and the host sends it on purpose, twice', async () => {
    const guest = await sandbox.guest();
    const page = await app.open();
    await addParty(page, { name: 'First' });
    await addParty(page, { name: 'Noor', quote: 10, pushedId: guest });
    await poll(() => sandbox.notifications(guest)).toEqual([onList(2, 10)]);

    await openDetails(page, 'Noor');
    await page.getByRole('dialog', { name: 'Noor' }).getByRole('button', { name: 'Almost ready' }).click();
    await poll(() => sandbox.notifications(guest)).toEqual([onList(2, 10), gettingClose('Noor')]);
    await poll(() => lineOf(page, 'Noor')).toMatch(/^Almost ready · Sent \d/);
    await openDetails(page, 'Noor');
    await page.getByRole('dialog', { name: 'Noor' }).getByRole('button', { name: 'Almost ready' }).click();
    await poll(() => sandbox.notifications(guest)).toEqual([onList(2, 10), gettingClose('Noor'), gettingClose('Noor')]);
    await poll(() => lineOf(page, 'Noor')).toMatch(/^Almost ready \(2×\) · Sent \d/);
    await openDetails(page, 'Noor');
    await poll(() => detailsOf(page, 'Noor').then((lines) => lines[1] ?? '')).toMatch(
      /^Almost ready · 2nd time\s+\d+:\d\d [AP]M\s+Sent \d.*\(2×\)$/,
    );

    // What the host sees, at both tablet sizes: the board with its message lines, and the details with every message.
    await page.getByRole('dialog', { name: 'Noor' }).getByRole('button', { name: 'Close' }).click();
    const [carl, dana] = [await sandbox.guest(), await sandbox.guest()];
    await addParty(page, { name: 'Carl', size: 4, quote: 20, pushedId: carl });
    await addParty(page, { name: 'Dana', quote: 30, pushedId: dana });
    await row(page, 'Carl').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => lineOf(page, 'Carl')).toMatch(/ · Table ready · Sent \d/);
    await poll(() => lineOf(page, 'Dana')).toMatch(/^On the list · Sent \d/);
    await openDetails(page, 'Carl');
    await poll(() => detailsOf(page, 'Carl').then((lines) => lines.length)).toBe(2);
    await screenshots(page, 'messages-details');
    await page.getByRole('dialog', { name: 'Carl' }).getByRole('button', { name: 'Close' }).click();
    await screenshots(page, 'messages-board');
  });

  test('offline: all three wait in line, and arrive once each, in order, when the network returns', async () => {
    const guest = await sandbox.guest();
    const page = await app.open();
    await addParty(page, { name: 'Ahead One' });
    await addParty(page, { name: 'Ahead Two' });
    await app.context.setOffline(true);

    await addParty(page, { name: 'Omar', quote: 30, pushedId: guest });
    await poll(() => lineOf(page, 'Omar')).toBe('On the list · Queued: waiting for internet');
    await finishParty(page, 'Ahead One', 'Seat now');
    await poll(() => lineOf(page, 'Omar')).toBe('Almost ready · Queued: waiting for internet');
    await row(page, 'Omar').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => lineOf(page, 'Omar')).toMatch(/ · Table ready · Queued: waiting for internet$/);
    await poll(() => page.getByRole('status', { name: 'Connection' }).innerText()).toContain('Offline · 3 to send');
    expect((await sandbox.shipments()).pushRequests).toBe(0);

    await app.context.setOffline(false);
    await poll(() => sandbox.notifications(guest), 10_000).toEqual([
      onList(3, 30),
      gettingClose('Omar'),
      tableReady('Omar'),
    ]);
    await poll(() => lineOf(page, 'Omar')).toMatch(/ · Table ready · Sent \d/);
    await poll(() => waitingToGo(page)).toBe(0);
    expect((await sandbox.shipments()).pushRequests).toBe(3);
  });
});

describe('a message that could not go', () => {
  test('On the list to a guest not yet subscribed: the row says why, and its button stays Table ready (no Retry for it)', async () => {
    const guest = await sandbox.guest({ subscribed: false });
    const page = await app.open();
    await addParty(page, { name: 'Ruth', quote: 15, pushedId: guest });
    await poll(() => lineOf(page, 'Ruth')).toBe(
      'On the list · Not sent: Guest isn’t subscribed to your channel yet. Ask them to scan the join code.',
    );
    expect(await row(page, 'Ruth').locator('.button.next').innerText()).toBe('Table ready');
    await sandbox.subscribe(guest);
    await row(page, 'Ruth').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => sandbox.notifications(guest)).toEqual([tableReady('Ruth')]);
  });
});

describe('the messages in Settings', () => {
  test('a template that could be too long is refused at Save, named at the top and next to it; nothing is saved', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    const onListTemplate = settings.getByLabel('Message when a party is added');
    await onListTemplate.fill(`${'Welcome! '.repeat(10)}{name}, you are #{position}, about {quote} min.`);
    await poll(() => settings.locator('#settings-onListTemplate-count .count').getAttribute('class')).toBe(
      'count over',
    );
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.getByRole('alert').innerText()).toBe('Not saved. Check: Message when a party is added.');
    await poll(() => settings.locator('#settings-onListTemplate-error').innerText()).toMatch(
      /^With a 30-character name, a party of 20, place 99 and a 999-minute quote, this message would be 149 characters; the limit is 140\./,
    );
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('settings-onListTemplate');
    await screenshots(page, 'messages-settings', () =>
      settings.locator('fieldset.guest-messages').scrollIntoViewIfNeeded(),
    );

    await settings.getByRole('button', { name: 'Cancel' }).click();
    const again = await openSettings(page);
    expect(await again.getByLabel('Message when a party is added').inputValue()).toBe(
      "You're on the list at {venue}: #{position}, about {quote} min",
    );
  });
});

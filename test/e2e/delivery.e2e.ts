import type { Page } from 'playwright';
import { beforeEach, describe, expect, test } from 'vitest';
import { addParty, deliveryOf, onlyTableReady, openSettings, row, useBrowser, waitingToGo } from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';

const app = useBrowser({ offline: true });
const sandbox = sandboxClient(app.appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout, interval: 100 });
const message = (name: string) => `${name}, your table at Demo Bistro is ready! Please come to the host stand.`;
const tableReady = (page: Page, name: string) => row(page, name).getByRole('button', { name: 'Table ready' }).click();

/** Waits until the service worker controls the app, so that reloading offline works. */
async function offlineReady(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

beforeEach(async () => {
  await sandbox.reset();
});

describe('"Table ready" reaches the guest through the Pushed sandbox', () => {
  test('the guest phone gets exactly one notification with the right text, and the row says sent', async () => {
    const pushedId = await sandbox.guest();
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    const phone = await app.context.newPage();
    await phone.goto(new URL(`/sandbox/phone?guest=${pushedId}`, app.appUrl).href);

    await addParty(page, { name: 'Ana', size: 4, pushedId });
    await tableReady(page, 'Ana');
    await poll(() => phone.locator('#notifications li').allInnerTexts()).toEqual([message('Ana')]);
    await poll(() => deliveryOf(page, 'Ana')).toMatch(/^Sent \d/);
    expect((await sandbox.shipments()).pushRequests).toBe(1);
  });

  test('offline: two Table readys wait, survive a reload, and arrive once each, oldest first, when the network returns', async () => {
    const [first, second] = [await sandbox.guest(), await sandbox.guest()];
    const page = await app.open();
    await offlineReady(page);
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await addParty(page, { name: 'First', pushedId: first });
    await addParty(page, { name: 'Second', pushedId: second });

    await app.context.setOffline(true);
    await tableReady(page, 'First');
    await tableReady(page, 'Second');
    await poll(() => deliveryOf(page, 'Second')).toContain('Queued: waiting for internet');
    await poll(() => page.getByRole('status', { name: 'Connection' }).innerText()).toContain('Offline · 2 to send');

    await page.reload(); // offline: the service worker serves the app, IndexedDB still has the queue
    await poll(() => deliveryOf(page, 'First')).toContain('Queued: waiting for internet');
    expect((await sandbox.shipments()).pushRequests).toBe(0);

    await app.context.setOffline(false);
    await poll(() => sandbox.shipments().then((s) => s.shipments.map((x) => x.content))).toEqual([
      message('First'),
      message('Second'),
    ]);
    await poll(() => deliveryOf(page, 'Second')).toMatch(/^Sent/);
    expect(await sandbox.notifications(first)).toEqual([message('First')]);
    expect(await sandbox.notifications(second)).toEqual([message('Second')]);
    expect((await sandbox.shipments()).pushRequests).toBe(2);
  });

  test('two tabs open when the network returns: still once each', async () => {
    const guests = [await sandbox.guest(), await sandbox.guest(), await sandbox.guest()];
    const tabA = await app.open();
    await onlyTableReady(tabA); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    const tabB = await app.open();
    await tabA.bringToFront(); // a tab in the background gets no animation frames, and Playwright's clicks wait for them
    for (const [i, pushedId] of guests.entries()) await addParty(tabA, { name: `Guest ${i + 1}`, pushedId });
    await app.context.setOffline(true);
    for (let i = 1; i <= 3; i++) {
      const tab = i % 2 ? tabA : tabB;
      await tab.bringToFront();
      await tableReady(tab, `Guest ${i}`);
    }
    await poll(() => deliveryOf(tabB, 'Guest 3')).toContain('waiting for internet');

    await app.context.setOffline(false);
    await poll(() => sandbox.shipments().then((s) => s.shipments.length)).toBe(3);
    await poll(() => waitingToGo(tabA)).toBe(0); // nothing left to go: a duplicate could only come from there
    const { shipments, pushRequests } = await sandbox.shipments();
    expect(shipments.map((s) => s.content)).toEqual([message('Guest 1'), message('Guest 2'), message('Guest 3')]);
    expect(pushRequests).toBe(3);
    await poll(() => deliveryOf(tabB, 'Guest 1')).toMatch(/^Sent/);
  });

  test('Pushed answers 500, then 200: the row says it will retry, and the guest gets it once', async () => {
    const pushedId = await sandbox.guest();
    await sandbox.fault({ mode: 'status', status: '500', count: '1' });
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await addParty(page, { name: 'Retry Me', pushedId });
    await tableReady(page, 'Retry Me');
    await poll(() => deliveryOf(page, 'Retry Me')).toMatch(/Pushed didn’t answer, trying again at|Sent/);
    await poll(() => deliveryOf(page, 'Retry Me'), 10_000).toMatch(/^Sent/);
    expect(await sandbox.notifications(pushedId)).toEqual([message('Retry Me')]);
    expect((await sandbox.shipments()).pushRequests).toBe(2);
  });

  test('through the relay, a relay that cannot be reached: the row says the relay didn’t answer, and it goes once the relay is back', async () => {
    const pushedId = await sandbox.guest();
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await page.route('**/relay/1/push', (route) => route.abort('connectionrefused'));
    await addParty(page, { name: 'Hana', pushedId });
    await tableReady(page, 'Hana');
    await poll(() => deliveryOf(page, 'Hana')).toMatch(/^Queued: the venue server didn’t answer, trying again at \d/);
    expect((await sandbox.shipments()).pushRequests).toBe(0);
    await page.unroute('**/relay/1/push');
    await poll(() => deliveryOf(page, 'Hana'), 10_000).toMatch(/^Sent/);
    expect(await sandbox.notifications(pushedId)).toEqual([message('Hana')]);
  });

  test('through the relay, Pushed unreachable behind it (the relay’s 502): the row says Pushed didn’t answer', async () => {
    const pushedId = await sandbox.guest();
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    const body = JSON.stringify({ error: { type: 'upstream_unreachable', message: 'Pushed could not be reached.' } });
    await page.route('**/relay/1/push', (route) =>
      route.fulfill({ status: 502, contentType: 'application/json', body }),
    );
    await addParty(page, { name: 'Ivo', pushedId });
    await tableReady(page, 'Ivo');
    await poll(() => deliveryOf(page, 'Ivo')).toMatch(/^Queued: Pushed didn’t answer, trying again at \d/);
  });

  test('a wrong app secret: the row says why in plain words, nothing is retried, and the secret is never shown', async () => {
    const pushedId = await sandbox.guest();
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    const wrongSecret = 'WrongSecret1234567890';
    const settings = await openSettings(page);
    await settings.getByLabel('Straight to Pushed').check();
    await settings.getByLabel('App secret', { exact: true }).fill(wrongSecret);
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    await addParty(page, { name: 'Cara', pushedId });
    await tableReady(page, 'Cara');
    await poll(() => deliveryOf(page, 'Cara')).toBe(
      'Not sent: Pushed didn’t accept the app key or secret. Check them in Settings.',
    );
    await poll(() => waitingToGo(page)).toBe(0); // nothing kept to retry
    expect((await sandbox.shipments()).pushRequests).toBe(1);
    expect(await sandbox.notifications(pushedId)).toEqual([]);

    await openSettings(page);
    expect(await page.locator('#settings-appSecret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(wrongSecret);
  });

  test('not subscribed yet: the row says so and Retry sends it once they are', async () => {
    const pushedId = await sandbox.guest({ subscribed: false });
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await addParty(page, { name: 'Dev', pushedId });
    await tableReady(page, 'Dev');
    await poll(() => deliveryOf(page, 'Dev')).toContain('Guest isn’t subscribed to your channel yet');
    await sandbox.subscribe(pushedId);
    await row(page, 'Dev').getByRole('button', { name: 'Retry' }).click();
    await poll(() => deliveryOf(page, 'Dev')).toMatch(/^Sent/);
    expect(await sandbox.notifications(pushedId)).toEqual([message('Dev')]);
  });

  test('an answer lost after Pushed took it: not retried by itself; staff see "not sure" and can Resend', async () => {
    const pushedId = await sandbox.guest();
    await sandbox.fault({ mode: 'drop', afterProcessing: 'true' });
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await addParty(page, { name: 'Eli', pushedId });
    await tableReady(page, 'Eli');
    await poll(() => deliveryOf(page, 'Eli')).toContain('Not sure it arrived');
    await poll(() => waitingToGo(page)).toBe(0); // nothing kept to retry by itself
    expect(await sandbox.notifications(pushedId)).toEqual([message('Eli')]); // it did arrive, once
    await row(page, 'Eli').getByRole('button', { name: 'Resend' }).click();
    await poll(() => sandbox.notifications(pushedId)).toEqual([message('Eli'), message('Eli')]);
    await poll(() => deliveryOf(page, 'Eli')).toMatch(/^Sent/);
  });

  test('a party without a PushedID is marked notified, with a reminder to call them', async () => {
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await addParty(page, { name: 'Fay' });
    await tableReady(page, 'Fay');
    await poll(() => deliveryOf(page, 'Fay')).toBe('No PushedID: call the guest.');
    expect((await sandbox.shipments()).pushRequests).toBe(0);
  });

  test('the message template: live count against the limit while typing, and the guest gets the new words', async () => {
    const pushedId = await sandbox.guest();
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    const settings = await openSettings(page);
    const template = settings.getByLabel('Message when the table is ready');
    await template.fill('{name}, party of {size}: your table at {venue} is ready.');
    await poll(() => settings.locator('#settings-template-count').innerText()).toContain(
      'Ana, party of 4: your table at Demo Bistro is ready.',
    );
    await poll(() => settings.locator('#settings-template-count .count').innerText()).toBe(
      '52 of 140 characters; up to 80 at worst.',
    );
    await template.fill('{name} '.repeat(25));
    await poll(() => settings.locator('#settings-template-count .count').getAttribute('class')).toBe('count over');
    await template.fill('{nmae}, come in');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.locator('.field-error').innerText()).toContain(
      '{nmae} isn’t something Waitbell can fill in',
    );
    await template.fill('{name}, party of {size}: your table at {venue} is ready.');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    await addParty(page, { name: 'Gil', size: 3, pushedId });
    await tableReady(page, 'Gil');
    await poll(() => sandbox.notifications(pushedId)).toEqual(['Gil, party of 3: your table at Demo Bistro is ready.']);
  });

  test('through the relay, the answer lost on the way back (slow Pushed, tablet offline then online): the guest gets exactly one', async () => {
    const pushedId = await sandbox.guest();
    await sandbox.fault({ mode: 'slow', delayMs: '1500' }); // Pushed takes its time…
    await sandbox.fault({ mode: 'drop-client' }); // …and the relay's answer never reaches the tablet
    const page = await app.open();
    await onlyTableReady(page); // these tests are about Table ready alone (guest-messages.e2e.ts has all three)
    await addParty(page, { name: 'Relayed', pushedId });
    await tableReady(page, 'Relayed');
    await poll(() => sandbox.shipments().then((s) => s.shipments.length)).toBe(1); // Pushed took it
    await app.context.setOffline(true);
    await poll(() => deliveryOf(page, 'Relayed')).toContain('waiting for internet'); // not "not sure": via the relay it retries
    await app.context.setOffline(false); // the retry carries the same key: the relay answers with Pushed's one answer
    await poll(() => deliveryOf(page, 'Relayed'), 20_000).toMatch(/^Sent/);
    await poll(() => waitingToGo(page)).toBe(0);
    expect(await sandbox.notifications(pushedId)).toEqual([message('Relayed')]);
    expect((await sandbox.shipments()).pushRequests).toBe(1);
  }, 40_000);
});

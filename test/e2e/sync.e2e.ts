import { isDeepStrictEqual } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { createDatabase, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  addParty,
  deliveryOf,
  finishParty,
  openSettings,
  pinGateAsks,
  row,
  rows,
  servedAppUrl,
  SHOTS,
  shootTabletSizes,
  TEST_PIN,
} from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';
import { pairTablet, setUpVenue, startVenueServer, type Tablet, type VenueServer } from './venue-server.ts';

const appUrl = servedAppUrl();
const poll = <T>(fn: () => Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });
const sandbox = sandboxClient(appUrl);

/** A small seeded generator (mulberry32): the same run every time, a different one per seed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

/** What a tablet holds of each party, read from its own storage: what must end the same on every tablet. */
const storedParties = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ id: string; name: string; status: string; callCount: number; size: number }[]>(
        (resolve, reject) => {
          const open = indexedDB.open('waitbell');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('parties').objectStore('parties').getAll();
            read.onsuccess = () => {
              const all = read.result as {
                id: string;
                name: string;
                status: string;
                callCount: number;
                size: number;
              }[];
              resolve(
                all
                  .map(({ id, name, status, callCount, size }) => ({ id, name, status, callCount, size }))
                  .sort((x, y) => x.id.localeCompare(y.id)),
              );
              open.result.close();
            };
          };
        },
      ),
  );

/** Announcements opened past the venue's staff PIN (the PIN the tablets chose in Settings). */
async function openAnnouncements(page: Page) {
  await page.getByRole('button', { name: 'Announce' }).click();
  const gate = page.locator('dialog.pin-gate');
  expect(await pinGateAsks(gate)).toBe('enter');
  await gate.getByLabel('PIN', { exact: true }).fill(TEST_PIN);
  await gate.getByRole('button', { name: 'Open announcements' }).click();
  const dialog = page.getByRole('dialog', { name: 'Announcements' });
  await dialog.getByLabel('Message').waitFor();
  return dialog;
}

const badge = (page: Page) => page.getByRole('status', { name: 'Connection' });
const boardNames = async (page: Page) => (await rows(page).getByRole('heading').allInnerTexts()).join(' | ');

describe.each([
  ['two server copies over one PostgreSQL', 'postgres'],
  ['one server on PGlite', 'pglite'],
] as const)('three tablets of one venue, %s', (_, engine) => {
  let cluster: PostgresCluster | undefined;
  let server: VenueServer;
  let browser: Browser;
  const tablets: Tablet[] = [];

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      cluster = await startPostgres();
      databaseUrl = await createDatabase(cluster.config);
    }
    [server, browser] = await Promise.all([
      startVenueServer(inject('appDir'), appUrl, databaseUrl ? { databaseUrl, copies: 2 } : {}),
      chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true }),
    ]);
    await setUpVenue(server);
    // The door and the bar on one server copy, the host stand on the other (when there are two).
    const labels = ['Host stand', 'Door', 'Bar'];
    for (const [i, label] of labels.entries())
      tablets.push(await pairTablet(browser, server, server.urls[i % server.urls.length]!, label));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await cluster?.stop();
  });

  test('each tablet is connected, and the owner sees all three', async () => {
    const devices = await server.cli(['device', 'list', 'Casa Prueba']);
    for (const { label } of tablets) expect(devices.out).toContain(label);
    for (const { page } of tablets) await poll(() => badge(page).innerText()).toContain('In sync');
  });

  test('a party added on one tablet shows on the other two, and a finish on one leaves every board', async () => {
    const [host, door, bar] = tablets.map((t) => t.page) as [Page, Page, Page];
    await addParty(host, { name: 'Ana Live', size: 2 });
    await row(door, 'Ana Live').waitFor({ timeout: 5_000 });
    await row(bar, 'Ana Live').waitFor({ timeout: 5_000 });
    await finishParty(bar, 'Ana Live', 'Seat now');
    for (const page of [host, door]) await poll(() => row(page, 'Ana Live').count(), 5_000).toBe(0);
    await shootTabletSizes(door, `sync-${engine}-in-sync`);
  });

  test('Table ready tapped on one tablet in the very task another tablet’s call turns it into Seat now does not seat the party anywhere', async () => {
    const [host, door] = tablets.map((t) => t.page) as [Page, Page];
    await addParty(host, { name: `Maria ${engine}`, size: 4 });
    const doorButton = row(door, `Maria ${engine}`).getByRole('button', { name: 'Table ready' });
    await doorButton.waitFor({ timeout: 5_000 });
    // The door's finger lands as the host stand's call arrives: in the same task that draws the new words, before any paint.
    await doorButton.evaluate((button: HTMLButtonElement) => {
      new MutationObserver((_, observer) => {
        if (button.textContent !== 'Seat now') return;
        observer.disconnect();
        button.click();
        document.documentElement.dataset.tappedOn = button.textContent;
      }).observe(button, { childList: true, characterData: true, subtree: true });
    });
    await row(host, `Maria ${engine}`).getByRole('button', { name: 'Table ready' }).click();
    await poll(() => door.evaluate(() => document.documentElement.dataset.tappedOn)).toBe('Seat now');
    await poll(() => badge(door).innerText()).toContain('In sync');
    // Seated would leave the door's own board at once, before any server: it is still there, called, on both.
    for (const page of [door, host]) {
      expect(await row(page, `Maria ${engine}`).innerText()).toContain('Called');
      const stored = (await storedParties(page)).find((p) => p.name === `Maria ${engine}`);
      expect(stored).toMatchObject({ status: 'notified', callCount: 1 });
    }
    await shootTabletSizes(door, `sync-${engine}-tap-as-call-arrives`);
  });

  test('a Table ready another tablet beat says the guest was already called, by which tablet and when', async () => {
    const [host, door] = tablets as [Tablet, Tablet];
    const name = `Ines ${engine}`;
    await addParty(host.page, { name, size: 4 });
    await row(door.page, name).waitFor({ timeout: 5_000 });
    await door.context.setOffline(true);
    await row(host.page, name).getByRole('button', { name: 'Table ready' }).click();
    await poll(() => badge(host.page).innerText()).toContain('In sync');
    await row(door.page, name).getByRole('button', { name: 'Table ready' }).click(); // offline: it waits
    await door.context.setOffline(false);
    // News, not a failure: the guest was called. With no PushedID there was nothing to hold back.
    const notice = door.page
      .getByRole('status')
      .filter({ hasText: `${name} (party of 4) was already called by Host stand at ` });
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.innerText()).toContain('Your Table ready was not needed.');
    await shootTabletSizes(door.page, `sync-${engine}-already-called`);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  test.runIf(engine === 'postgres')(
    "an announcement from one tablet holds the venue's 10 minutes on another, through the other server copy, and is in its list",
    async () => {
      const [host, door] = tablets as [Tablet, Tablet];
      await sandbox.guest(); // subscribed to the channel: one nobody could get would not count
      const kitchen = 'The kitchen closes in 30 minutes.';
      const sent = await openAnnouncements(host.page);
      await sent.getByRole('button', { name: kitchen }).click();
      await sent.getByRole('button', { name: 'Review and send' }).click();
      await sent.getByRole('button', { name: 'Send to the channel' }).click();
      const delivery = sent.locator('.announce-item').first().locator('.announce-delivery');
      await poll(() => delivery.innerText()).toMatch(/^Sent/);

      // The door tablet (the other copy) lists it with the tablet that sent it, and the wait before a word is typed.
      const other = await openAnnouncements(door.page);
      await poll(() => other.locator('.announce-item').filter({ hasText: kitchen }).innerText()).toContain(
        'from Host stand',
      );
      expect(await other.locator('.announce-target').first().innerText()).toMatch(/The next is possible at/);
      await shootTabletSizes(door.page, `sync-${engine}-announcement`);
      await door.page.keyboard.press('Escape');
      await host.page.keyboard.press('Escape');
    },
  );

  // Once, on PGlite: a browser run of a few seconds (the rules themselves are tested in core and storage).
  test.runIf(engine === 'pglite')(
    'the owner erases a guest on one tablet while another is offline with a Table ready queued for them: back online, that tablet shows the guest erased and never sends it',
    async () => {
      const [host, door] = tablets as [Tablet, Tablet];
      const name = `Erin ${engine}`;
      const pushedId = await sandbox.guest();
      await addParty(host.page, { name, size: 3, pushedId });
      await row(door.page, name).waitFor({ timeout: 5_000 });
      await door.context.setOffline(true);
      try {
        await row(door.page, name).getByRole('button', { name: 'Table ready' }).click(); // offline: queued here
        await poll(() => deliveryOf(door.page, name), 5_000).toBe('Queued: waiting for internet');

        const settings = await openSettings(host.page);
        await settings.getByRole('button', { name: 'Open guests’ data' }).click();
        const data = host.page.getByRole('dialog', { name: 'Guests’ data' });
        await data.getByLabel('Guest’s name').fill(name.toUpperCase()); // the search ignores case and accents
        await data.getByRole('button', { name: 'Find' }).click();
        await data.getByRole('button', { name: 'Erase 1 guest' }).click();
        await data.getByRole('button', { name: 'Yes, erase 1 guest' }).click();
        await data.getByText('Erased 1 guest.').waitFor();
        await data.getByText(/by name · 1 party · Host stand$/).waitFor();
        await shootTabletSizes(host.page, `sync-${engine}-guest-erased`);
        await host.page.keyboard.press('Escape'); // Guests' data, then Settings
        await data.waitFor({ state: 'detached' });
        await host.page.keyboard.press('Escape');
        await settings.waitFor({ state: 'hidden' });
      } finally {
        await door.context.setOffline(false); // the next tests need it back, whatever happened here
      }
      const notice = door.page
        .getByRole('status')
        .filter({ hasText: 'This guest’s details were erased by the owner — your Table ready was not applied.' });
      await notice.waitFor({ timeout: 20_000 });
      await poll(() => row(door.page, name).count(), 5_000).toBe(0);
      await poll(() => badge(door.page).innerText()).toContain('In sync');
      await door.page.getByRole('button', { name: /^Seated & gone/ }).click();
      const gone = door.page.getByRole('dialog', { name: 'Seated & gone today' });
      const erased = gone
        .getByRole('listitem')
        .filter({ has: door.page.getByRole('heading', { name: 'Erased guest' }) });
      await expect.poll(() => erased.innerText()).toContain('Message not sent: the guest’s details were erased.');
      await shootTabletSizes(door.page, `sync-${engine}-erased-on-return`);
      await door.page.keyboard.press('Escape');
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      for (const { page } of [host, door])
        expect((await storedParties(page)).filter((p) => p.name.includes('Erin'))).toEqual([]);
      const ready = (await sandbox.notifications(pushedId)).filter((n) => /your table at .+ is ready/.test(n));
      expect(ready).toEqual([]);
    },
  );

  test('a guest checks in from their phone on one server copy: the row is on all three tablets at once, Table ready reaches the phone live, and the guest’s “on my way” and cancel reach every tablet', async () => {
    const [host, door, bar] = tablets.map((t) => t.page) as [Page, Page, Page];
    // The owner turns online check-in on at the host stand (behind the PIN): shared with every tablet.
    const settings = await openSettings(host);
    await settings
      .getByRole('group', { name: 'Online check-in' })
      .getByRole('checkbox', { name: 'Guests may check in from their phone' })
      .check();
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await poll(() => host.getByRole('dialog').count()).toBe(0);
    const listed = await server.cli(['venue', 'list']);
    const code = /\b([2-9A-HJKMNP-Z]{6})\b\s+Casa Prueba/.exec(listed.out)?.[1];
    expect(code, listed.out).toBeDefined();
    // The guests' phones talk to the last copy; the host stand and the bar to the first (on PostgreSQL).
    const checkIn = `${server.urls.at(-1)}/v/${code}`;
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    phone.setDefaultTimeout(8_000);
    try {
      const lupe = await phone.newPage();
      await lupe.goto(checkIn);
      const name = `Lupe ${engine}`;
      await lupe.getByLabel('Your name').fill(name);
      await lupe.getByRole('radio', { name: '3' }).check();
      await lupe.getByLabel('Phone number (optional)').fill('+34 612 345 678');
      await lupe.getByRole('button', { name: 'Join the waitlist' }).click();
      await lupe.getByText(/You’re #\d+ in line/).waitFor();
      for (const page of [host, door, bar])
        await row(page, name).getByText('Joined online').waitFor({ timeout: 5_000 });
      expect(await row(door, name).getByRole('link', { name: /Call/ }).getAttribute('href')).toBe('tel:+34612345678');

      // Table ready on the door's tablet (the other copy): the phone's page turns without a reload.
      await row(door, name).getByRole('button', { name: 'Table ready' }).click();
      await lupe.getByRole('heading', { name: 'Your table is ready' }).waitFor({ timeout: 5_000 });
      await lupe.getByRole('button', { name: 'I’m on my way' }).click();
      await lupe.getByText('The host knows you’re on your way').waitFor();
      for (const page of [host, door, bar]) await row(page, name).getByText('On the way').waitFor({ timeout: 5_000 });
      await lupe.screenshot({ path: `${SHOTS}/guest-${engine}-ready-on-my-way-390x844.png` });
      await shootTabletSizes(bar, `sync-${engine}-guest-on-the-way`);

      // Another guest (another phone) checks in and changes their mind: off every board, and every tablet says so.
      const noorPhone = await browser.newContext({
        viewport: { width: 360, height: 640 },
        hasTouch: true,
        isMobile: true,
      });
      try {
        const noor = await noorPhone.newPage();
        await noor.goto(checkIn);
        await noor.getByLabel('Your name').fill(`Noor ${engine}`);
        await noor.getByRole('radio', { name: '2' }).check();
        await noor.getByRole('button', { name: 'Join the waitlist' }).click();
        await noor.getByText(/You’re #\d+ in line/).waitFor();
        await row(host, `Noor ${engine}`).waitFor({ timeout: 5_000 });
        await noor.getByRole('button', { name: 'Cancel my spot' }).click();
        await noor.getByRole('button', { name: 'Yes, cancel' }).click();
        await noor.getByText('You’ve left the waitlist').waitFor();
        for (const page of [host, door, bar]) {
          await poll(() => row(page, `Noor ${engine}`).count(), 5_000).toBe(0);
          await page.getByText(`Noor ${engine} (party of 2) cancelled from their phone`).first().waitFor();
        }
        // Lupe's page never showed anything of Noor's.
        expect(await lupe.content()).not.toContain('Noor');
      } finally {
        await noorPhone.close();
      }
    } finally {
      await phone.close();
    }
  });

  test('a seeded rush on three tablets, each going offline and back, reloads and a server restart: every board ends the same, no party lost or doubled, every Table ready sent once', async () => {
    const random = seeded(engine === 'postgres' ? 1301 : 1302);
    // What the tests before this one left (a finished party, the called ones): still there after the rush.
    const before = (await storedParties(tablets[0]!.page)).map((p) => p.name);
    const added: string[] = [];
    const guests = new Map<string, string>(); // party name → the sandbox guest's PushedID
    const offline = new Set<number>();
    let restarted = false;
    let wentOffline = 0;
    let reloaded = 0;
    const STEPS = 24;
    for (let step = 0; step < STEPS; step++) {
      const which = Math.floor(random.next() * tablets.length);
      const { page, context } = tablets[which]!;
      // Every eighth step takes a tablet offline (or back), and another reloads one: a seed alone once went a whole rush without.
      const roll = step % 8 === 5 ? 0.85 : step % 8 === 2 ? 0.95 : random.next();
      if (roll < 0.35 || added.length < 3) {
        const name = `G${step} ${tablets[which]!.label}`;
        const pushedId = await sandbox.guest();
        guests.set(name, pushedId);
        await addParty(page, { name, size: 1 + Math.floor(random.next() * 6), pushedId });
        await row(page, name).waitFor();
        added.push(name);
      } else if (roll < 0.7) {
        // The row's main button as this tablet shows it now: Table ready, or Seat now once called.
        const shown = await rows(page).getByRole('heading').allInnerTexts();
        if (shown.length === 0) continue;
        const name = random.pick(shown);
        await row(page, name)
          .locator('button.primary')
          .first()
          .click({ timeout: 3_000 })
          .catch(() => {}); // gone meanwhile: another tablet's change arrived
      } else if (roll < 0.8) {
        const shown = await rows(page).getByRole('heading').allInnerTexts();
        if (shown.length === 0) continue;
        await finishParty(page, random.pick(shown), 'No-show').catch(() => page.keyboard.press('Escape'));
      } else if (roll < 0.92) {
        if (offline.has(which)) offline.delete(which);
        else offline.add(which);
        await context.setOffline(offline.has(which));
        if (offline.has(which)) wentOffline++;
      } else if (!offline.has(which)) {
        await page.reload();
        await page.getByRole('button', { name: 'Add party' }).waitFor();
        reloaded++;
      }
      if (step === Math.floor(STEPS / 2) && !restarted) {
        restarted = true;
        await server.restart(server.urls.length - 1); // the copy the door talks to (the only one on PGlite)
      }
    }
    for (const [i, { context }] of tablets.entries()) if (offline.has(i)) await context.setOffline(false);
    // The seed's run holds what the title promises: a tablet offline and back, a reload, the restart.
    expect([wentOffline > 0, reloaded > 0, restarted]).toEqual([true, true, true]);

    // Every tablet catches up: in sync, and the same parties, the same way, in storage and on screen.
    for (const { page } of tablets) await poll(() => badge(page).innerText(), 30_000).toContain('In sync');
    // The last tablet to say "In sync" may have pushed a moment ago: the others take that in from their
    // streams, so every tablet is read again until all hold the same.
    const readAll = () => Promise.all(tablets.map(({ page }) => storedParties(page)));
    const everyTablet = async () => {
      const [first, ...others] = await readAll();
      return others.every((other) => isDeepStrictEqual(other, first)) ? first! : null;
    };
    await poll(everyTablet, 15_000)
      .not.toBeNull()
      .catch(async (error: unknown) => {
        const [first, ...others] = await readAll();
        for (const other of others) expect(other).toEqual(first); // says where they differ
        throw error;
      });
    const reference = (await everyTablet())!;
    const shownFirst = await boardNames(tablets[0]!.page);
    for (const { page } of tablets.slice(1)) await poll(() => boardNames(page), 10_000).toBe(shownFirst);
    expect(reference.map((p) => p.name).sort()).toEqual([...added, ...before].sort());
    // The run did what it says: parties called, seated or gone, on more than one tablet.
    expect(reference.filter((p) => p.callCount > 0).length).toBeGreaterThanOrEqual(2);
    expect(reference.filter((p) => p.status !== 'waiting' && p.status !== 'notified').length).toBeGreaterThanOrEqual(2);
    // Never twice: at most one "table is ready" per call, whichever tablets tapped it. A party still
    // called on the board got every call; one seated or gone may have left before a call queued on an
    // offline tablet went out, and then that call is rightly never sent.
    for (const party of reference) {
      const pushedId = guests.get(party.name);
      if (!pushedId) continue;
      const ready = async () =>
        (await sandbox.notifications(pushedId)).filter((n) => /your table at .+ is ready/.test(n)).length;
      const what = `${party.name} (${party.status}, called ${party.callCount}×)`;
      if (party.status === 'notified') await poll(ready, 30_000).toBe(party.callCount);
      expect(await ready(), what).toBeLessThanOrEqual(party.callCount);
    }
    await shootTabletSizes(tablets[1]!.page, `sync-${engine}-after-rush`);
  }, 180_000);
});

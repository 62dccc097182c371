import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { createDatabase, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import { openSettings, row, servedAppUrl, SHOTS, shootTabletSizes } from './browser.ts';
import { pushedTap } from './pushed-tap.ts';
import { sandboxClient } from './sandbox-client.ts';
import { pairTablet, setUpVenue, startVenueServer, type Tablet, type VenueServer } from './venue-server.ts';

const appUrl = servedAppUrl();
const sandbox = sandboxClient(appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });

/** Everything a tablet sent to or heard from the venue server, as text: where a token must never be. */
function recordTraffic(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (request) => void seen.push(request.url(), request.postData() ?? ''));
  context.on('response', (response) => {
    seen.push(JSON.stringify(response.headers()));
    response.text().then(
      (text) => void seen.push(text),
      () => {}, // a stream cut when the page went away: what arrived was read by the listener above, if anything
    );
  });
  return seen;
}

/** All that a tablet keeps in IndexedDB, every database and store, as one text. */
const storedEverything = (page: Page) =>
  page.evaluate(async () => {
    const dump: unknown[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        dump.push(
          await new Promise((resolve, reject) => {
            const read = db.transaction(store).objectStore(store).getAll();
            read.onsuccess = () => resolve(read.result);
            read.onerror = () => reject(read.error);
          }),
        );
      }
      db.close();
    }
    return JSON.stringify(dump);
  });

describe('Notify me with Pushed: a guest lets the venue’s Pushed app reach them, through two server copies', () => {
  let cluster: PostgresCluster;
  let tap: Awaited<ReturnType<typeof pushedTap>>;
  let server: VenueServer;
  let browser: Browser;
  let checkIn: string;
  const tablets: Tablet[] = [];
  const traffic: string[][] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    tap = await pushedTap(appUrl);
    const databaseUrl = await createDatabase(cluster.config);
    [server, browser] = await Promise.all([
      startVenueServer(inject('appDir'), tap.url, { databaseUrl, copies: 2 }),
      chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true }),
    ]);
    await setUpVenue(server);
    // Both tablets on the first copy; the guests' phones (and so Pushed's way back) on the second.
    for (const label of ['Host stand', 'Door']) {
      const tablet = await pairTablet(browser, server, server.urls[0]!, label);
      traffic.push(recordTraffic(tablet.context));
      tablets.push(tablet);
    }
    const settings = await openSettings(tablets[0]!.page);
    await settings
      .getByRole('group', { name: 'Online check-in' })
      .getByRole('checkbox', { name: 'Guests may check in from their phone' })
      .check();
    await settings.getByRole('button', { name: 'Save', exact: true }).click();
    await tablets[0]!.page.getByRole('dialog').waitFor({ state: 'detached' });
    const listed = await server.cli(['venue', 'list']);
    const code = /\b([2-9A-HJKMNP-Z]{6})\b\s+Casa Prueba/.exec(listed.out)?.[1];
    expect(code, listed.out).toBeDefined();
    checkIn = `${server.urls[1]}/v/${code}`;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tap?.close();
    await cluster?.stop();
  });

  /** A guest's phone with the Pushed app (a sandbox phone, subscribed to the venue's channel unless told otherwise). */
  async function guestPhone({ subscribed = true } = {}) {
    const pushedId = await sandbox.guest({ subscribed });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    const callbacks: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/oauth/pushed') callbacks.push(request.url());
    });
    return { pushedId, context, page, callbacks };
  }

  /** Checks in from the venue's page and taps the Pushed button: the phone lands on Pushed's sign-in page. */
  async function joinWithPushed(page: Page, name: string) {
    await page.goto(checkIn);
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('radio', { name: '2' }).check();
    await page.getByRole('button', { name: 'Join and notify me with Pushed' }).click();
    await page.getByRole('heading', { name: /wants to send you notifications/ }).waitFor();
  }

  /** On Pushed's page: signs in as this phone and allows, or declines. */
  async function decide(page: Page, pushedId: string, decision: 'Allow' | 'Decline') {
    await page.getByRole('radio', { name: pushedId }).check();
    await page.getByRole('button', { name: decision }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/status'));
  }

  /** The status page's own start of a Pushed trip, as its button makes it: Pushed's link, with a fresh state. */
  const startFrom = (page: Page) =>
    page.evaluate(async () => {
      const answer = await fetch('/1/guest/pushed', {
        method: 'POST',
        headers: { 'Waitbell-Ticket': location.hash.slice(1) },
      });
      return ((await answer.json()) as { url: string }).url;
    });

  test('allowed: Table ready on a tablet reaches the phone once, through Pushed’s user target, and tapping it opens the status page; no tablet ever holds the token, and the same way back twice is refused', async () => {
    const guest = await guestPhone();
    try {
      await joinWithPushed(guest.page, 'Ana Pushed');
      await decide(guest.page, guest.pushedId, 'Allow');
      await guest.page.getByText('Pushed will tell you when your table is ready.').first().waitFor();
      expect(new URL(guest.page.url()).search, 'the outcome is read once, then dropped').toBe('');
      await guest.page.screenshot({ path: `${SHOTS}/pushed-oauth-allowed-390x844.png`, fullPage: true });
      expect(tap.tokens).toHaveLength(1);

      const [host, door] = tablets.map((t) => t.page) as [Page, Page];
      for (const page of [host, door]) await row(page, 'Ana Pushed').getByText('Pushed', { exact: true }).waitFor();
      await shootTabletSizes(door, 'pushed-oauth-row-allowed');
      await row(door, 'Ana Pushed').getByRole('button', { name: 'Table ready' }).click();
      await guest.page.getByRole('heading', { name: 'Your table is ready' }).waitFor();
      await poll(async () => (await sandbox.notifications(guest.pushedId)).length).toBe(1);
      const { shipments } = await sandbox.shipments();
      expect(shipments.filter((s) => s.recipients.includes(guest.pushedId))).toHaveLength(1);

      // The notification opens the guest's own status page: a way back that needs nothing kept on the phone.
      const notified = await guest.context.newPage();
      await notified.goto(new URL(`/sandbox/phone?guest=${guest.pushedId}`, appUrl).href);
      const [opened] = await Promise.all([
        guest.context.waitForEvent('page'),
        notified.getByRole('link', { name: /ready/ }).click(),
      ]);
      await opened.getByRole('heading', { name: 'Your table is ready' }).waitFor();

      // The same way back from Pushed a second time (a reload, a shared link): refused in words, nothing changes.
      const replay = await guest.context.newPage();
      const answer = await replay.goto(guest.callbacks[0]!);
      expect(answer?.status()).toBe(409);
      await replay.getByRole('heading', { name: 'This link was already used' }).waitFor();
      // Its link leads to this phone's own status page, though the address it links to cannot carry the ticket.
      await replay.getByRole('link', { name: 'Open my status page' }).click();
      await replay.getByRole('heading', { name: 'Your table is ready' }).waitFor();

      for (const [i, tablet] of tablets.entries()) {
        const stored = await storedEverything(tablet.page);
        expect(stored, `${tablet.label} stored the party`).toContain('Ana Pushed');
        const heard = traffic[i]!.join('\n');
        expect(heard, `${tablet.label} heard the party`).toContain('Ana Pushed');
        for (const token of tap.tokens) {
          expect(stored.includes(token), `${tablet.label}'s IndexedDB`).toBe(false);
          expect(heard.includes(token), `${tablet.label}'s traffic`).toBe(false);
        }
      }
      expect(server.logs.join('').includes(tap.tokens[0]!), 'the servers’ logs').toBe(false);
    } finally {
      await guest.context.close();
    }
  });

  test('declined, then allowed from the status page; a code brought back twice and a state the venue never made are refused in words', async () => {
    const guest = await guestPhone();
    try {
      await joinWithPushed(guest.page, 'Bo Declines');
      await decide(guest.page, guest.pushedId, 'Decline');
      await guest.page.getByText('You didn’t allow Pushed. You can try again.').waitFor();
      await guest.page.screenshot({ path: `${SHOTS}/pushed-oauth-declined-390x844.png`, fullPage: true });
      await row(tablets[0]!.page, 'Bo Declines').waitFor();
      expect(await row(tablets[0]!.page, 'Bo Declines').getByText('Pushed', { exact: true }).count()).toBe(0);

      await guest.page.getByRole('button', { name: 'Notify me with Pushed' }).click();
      await guest.page.getByRole('heading', { name: /wants to send you notifications/ }).waitFor();
      await decide(guest.page, guest.pushedId, 'Allow');
      await guest.page.getByText('Pushed will tell you when your table is ready.').first().waitFor();
      await row(tablets[0]!.page, 'Bo Declines').getByText('Pushed', { exact: true }).waitFor();
      const used = new URL(guest.callbacks.at(-1)!).searchParams.get('code');
      expect(used).toBeTruthy();

      // A code Pushed has exchanged already, brought back on a fresh state: Pushed refuses it, and the guest reads so.
      const link = new URL(await startFrom(guest.page));
      const back = new URL(link.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', used!);
      await guest.page.goto(back.href);
      await guest.page.getByText('Pushed did not accept the permission. Try again.').waitFor();

      // A way back with a state the venue never made: no ticket, no redirect, words.
      const forged = await guest.context.newPage();
      const answer = await forged.goto(`${server.urls[1]}/oauth/pushed?state=${'A'.repeat(43)}&code=abc`);
      expect(answer?.status()).toBe(400);
      await forged.getByRole('heading', { name: 'This link does not work' }).waitFor();
      expect(new URL(forged.url()).pathname).toBe('/oauth/pushed');
    } finally {
      await guest.context.close();
    }
  });

  test('Pushed down at the way back: the guest stays on the list and tries again; allowed but not subscribed, the row and the guest’s page say to subscribe', async () => {
    const guest = await guestPhone({ subscribed: false });
    try {
      await sandbox.fault({ mode: 'status', status: '503', on: 'oauth' });
      await joinWithPushed(guest.page, 'Cy Unsubscribed');
      await decide(guest.page, guest.pushedId, 'Allow');
      await guest.page.getByText('Pushed did not answer. Please try again.').waitFor();
      const [host] = tablets.map((t) => t.page) as [Page];
      await row(host, 'Cy Unsubscribed').waitFor();

      await guest.page.getByRole('button', { name: 'Notify me with Pushed' }).click();
      await decide(guest.page, guest.pushedId, 'Allow');
      await guest.page.getByText('Pushed will tell you when your table is ready.').first().waitFor();

      await row(host, 'Cy Unsubscribed').getByRole('button', { name: 'Table ready' }).click();
      await row(host, 'Cy Unsubscribed')
        .getByText(/isn’t subscribed to your channel yet/)
        .waitFor();
      await shootTabletSizes(host, 'pushed-oauth-row-not-subscribed');
      // The page tells them their table is ready, and why Pushed did not.
      await guest.page.getByRole('heading', { name: 'Your table is ready' }).waitFor();
      await guest.page.reload(); // the permission's state alone does not move the live status
      await guest.page.getByText('Pushed can’t reach you yet: subscribe to Casa Prueba in the Pushed app.').waitFor();
      await guest.page.screenshot({ path: `${SHOTS}/pushed-oauth-not-subscribed-390x844.png`, fullPage: true });
    } finally {
      await guest.context.close();
    }
  });
});

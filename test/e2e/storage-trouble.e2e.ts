import { describe, expect, test } from 'vitest';
import { addParty, finishParty, rows, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 3_000) => expect.poll(fn, { timeout });

describe('when storage fails, the host is told what to do and nothing already stored is lost', () => {
  test('a newer Waitbell in another tab: this tab says to reload, keeps showing the board, and writes nothing', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Jo', size: 2 });
    await poll(() => rows(page).count()).toBe(1);

    const newer = await app.context.newPage();
    await newer.goto(new URL('/favicon.svg', app.appUrl).href); // same origin, not the app
    await newer.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('waitbell', 99);
          open.onsuccess = () => (open.result.close(), resolve());
          open.onerror = () => reject(open.error);
        }),
    );

    await poll(() => page.getByRole('alert').innerText()).toContain(
      'Waitbell was updated in another tab. Reload this page',
    );
    expect(await rows(page).allInnerTexts()).toEqual([expect.stringContaining('Jo')]);
    await finishParty(page, 'Jo', 'Seat now');
    await poll(() => page.getByRole('alert').innerText()).toContain('Reload this page');
    expect(await rows(page).count()).toBe(1);

    // The data now belongs to a newer version than this build: reloading says so instead of failing silently.
    await page.getByRole('button', { name: 'Reload' }).click();
    await poll(() => page.getByRole('alert').innerText()).toContain('saved by a newer Waitbell');
  });

  test('an older Waitbell holding the database open: this tab says to close it, then carries on by itself', async () => {
    // An "older version" in another tab: a v1 database held open, deaf to requests to close.
    const older = await app.context.newPage();
    await older.goto(new URL('/favicon.svg', app.appUrl).href); // same origin, not the app
    await older.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open('waitbell', 1);
          open.onupgradeneeded = () =>
            open.result
              .createObjectStore('parties', { keyPath: 'id' })
              .createIndex('by-status-joined', ['status', 'joinedAt']);
          open.onsuccess = () => {
            (window as unknown as { held: IDBDatabase }).held = open.result; // kept open on purpose
            resolve();
          };
        }),
    );

    const page = await app.context.newPage();
    await page.goto(app.appUrl);
    await poll(() => page.getByRole('alert').innerText()).toContain('Close Waitbell in any other tab');
    expect(await page.getByRole('button', { name: 'Add party' }).count()).toBe(0);

    await older.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
    await poll(() => page.getByText('Nobody is waiting').count()).toBe(1);
    await addParty(page, { name: 'After the upgrade' });
    await poll(() => rows(page).count()).toBe(1);
  });
});

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, test } from 'vitest';
import { createParty } from '../../src/core/party-input.ts';
import { addParty, finishParty, row, rows, SHOTS, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = expect.poll;

/** Where the tests leave their screenshots of the board, to look at as a host would (the README's come from here). */

const GUESTS = [
  ['Ana García', 2, 'Booth, birthday: bring the cake at 9'],
  ['Bo Chen', 4, ''],
  ['Carla Ruiz', 2, ''],
  ['Dev Patel', 6, 'High chair'],
  ['Eli Stone', 3, ''],
  ['Fatima Noor', 2, 'Window if possible'],
  ['Gus Brown', 8, ''],
  ['Hana Sato', 2, ''],
  ['Ivan Petrov', 5, 'Wheelchair: step-free table'],
  ['Jo Kim', 1, ''],
  ['Kai Lund', 4, ''],
  ['Lea Moreau', 2, 'Allergy noted on the ticket'],
  ['Mo Farah', 7, ''],
  ['Nia Long', 3, ''],
  ['Oscar Vega', 2, ''],
  ['Pia Berg', 4, 'Outside if warm'],
  ['Quinn Ray', 2, ''],
  ['Rosa Díaz', 10, 'Two tables together'],
] as const;

/** A Friday rush: 18 parties of every size, some with notes, two of them already called. */
async function typedRush(page: Page) {
  for (const [name, size, note] of GUESTS) await addParty(page, { name, size, quote: 20, ...(note ? { note } : {}) });
  await callTwo(page);
}

/**
 * The same rush stored as Add party stores it, the page reloaded to read it: typing 18 parties costs
 * seconds of CPU. Read at load, their waits are known at once, so the re-quote prompts show.
 */
async function rush(page: Page) {
  const now = Date.now();
  const parties = GUESTS.map(([name, size, note], i) => ({
    ...createParty({ name, size, note, quoteMinutes: 20, pushedId: null, email: null }, `rush-${i}`, now + i),
    joinedPosition: i + 1, // its place when it joined, as storing a new party sets it
  }));
  await page.evaluate(
    (list) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('waitbell'); // made by the app's first load
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const write = open.result.transaction('parties', 'readwrite');
          for (const party of list) write.objectStore('parties').put(party);
          write.oncomplete = () => (open.result.close(), resolve());
          write.onerror = () => reject(write.error);
        };
      }),
    parties,
  );
  await page.reload();
  await callTwo(page);
}

async function callTwo(page: Page) {
  await poll(() => rows(page).count()).toBe(GUESTS.length);
  for (const name of ['Ana García', 'Dev Patel']) {
    await row(page, name).getByRole('button', { name: 'Table ready' }).click();
  }
  await poll(() => row(page, 'Dev Patel').innerText()).toContain('Called just now');
}

/** How many rows are wholly on screen (not cut at the top or bottom, nor hidden under the undo bar). */
const fullyVisibleRows = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector('.board')!.getBoundingClientRect(); // the board is on screen when this runs
    const bottom = Math.min(
      window.innerHeight,
      document.querySelector('.undo-bar')?.getBoundingClientRect().top ?? Infinity,
    );
    return [...document.querySelectorAll('.board > li')].filter((li) => {
      const r = li.getBoundingClientRect();
      return r.top >= Math.max(0, list.top) - 1 && r.bottom <= bottom + 1;
    }).length;
  });

/** The call lines whose words do not fit their room. */
const cutCallLines = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.call-line')]
      .filter((line) => line.scrollWidth > line.clientWidth)
      .map((line) => line.textContent),
  );

/** What sticks out sideways: a page wider than the screen, or buttons partly off it. */
const offScreen = (page: Page) =>
  page.evaluate(() => ({
    pageWider: document.documentElement.scrollWidth > window.innerWidth,
    buttons: [...document.querySelectorAll<HTMLElement>('button')]
      .filter((b) => b.getBoundingClientRect().width > 0)
      .filter((b) => b.getBoundingClientRect().left < 0 || b.getBoundingClientRect().right > window.innerWidth)
      .map((b) => b.textContent || b.getAttribute('aria-label')),
  }));

const positions = (page: Page) =>
  rows(page).evaluateAll((lis) =>
    lis.map(
      (li) =>
        `${li.querySelector('.party-position [aria-hidden]')?.textContent} ${li.querySelector('h2')?.textContent}`,
    ),
  );

describe('the board on a Friday night', () => {
  for (const [width, height, atLeast] of [
    [1024, 768, 12],
    [768, 1024, 14],
  ] as const) {
    test(`${width}×${height}: at least ${atLeast} of 18 parties fully in view, at the default text size`, async () => {
      const page = await app.open();
      await page.setViewportSize({ width, height });
      // Typed: parties just added have no expected wait until the board's next tick, so no re-quote prompts.
      await typedRush(page);
      await page.getByRole('list', { name: 'Waitlist' }).evaluate((list) => list.closest('main')?.scrollTo(0, 0));
      expect(await fullyVisibleRows(page)).toBeGreaterThanOrEqual(atLeast);
      // Every row's one next step is on screen and big enough for a thumb.
      const small = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.board button')]
          .filter((b) => b.getBoundingClientRect().height > 0)
          .filter((b) => b.getBoundingClientRect().height < 48 || b.getBoundingClientRect().width < 48)
          .map((b) => b.textContent),
      );
      expect(small).toEqual([]);
      // The called rows' call lines are whole: no minutes cut off.
      expect(await cutCallLines(page)).toEqual([]);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `rush-${width}x${height}.jpg`), quality: 70 });
    });
  }

  for (const [width, height] of [
    [384, 512],
    [512, 384],
  ] as const) {
    test(`${width}×${height} (a tablet at 200% text): nothing sideways, every button and call line whole`, async () => {
      const page = await app.open();
      await page.setViewportSize({ width, height });
      await rush(page);
      expect(await offScreen(page)).toEqual({ pageWider: false, buttons: [] });
      expect(await cutCallLines(page)).toEqual([]);
      await row(page, 'Ana García').getByRole('button', { name: 'More for Ana García' }).click();
      await page.getByRole('dialog', { name: 'Ana García' }).waitFor();
      expect(await offScreen(page)).toEqual({ pageWider: false, buttons: [] });
    });
  }

  test('the header keeps one line and one height from 9 guests to 100, in English and Spanish', async () => {
    const page = await app.open();
    await page.setViewportSize({ width: 1024, height: 768 });
    await addParty(page, { name: 'Ana', size: 9 });
    const header = page.locator('.app-header');
    const small = (await header.boundingBox())!.height;
    for (let i = 0; i < 10; i++) await addParty(page, { name: `Group ${i}`, size: 10 });
    await poll(() => page.locator('.totals').textContent()).toBe('11 parties · 109 guests');
    expect((await header.boundingBox())!.height).toBe(small);
    // Title and buttons on one line: the title's middle is level with Add party's.
    const middle = async (box: Promise<{ y: number; height: number } | null>) => {
      const b = (await box)!;
      return Math.round(b.y + b.height / 2);
    };
    const addButton = page.getByRole('button', { name: 'Add party', exact: true });
    expect(await middle(addButton.boundingBox())).toBe(await middle(page.locator('.app-title').boundingBox()));
    await page.evaluate(() => localStorage.setItem('waitbell.language', 'es'));
    await page.reload();
    await poll(() => page.locator('.totals').textContent()).toBe('11 grupos · 109 personas');
    expect((await header.boundingBox())!.height).toBe(small);
  });

  test('Seat now on a row puts the focus on Undo; after Edit the focus is back on the row', async () => {
    const page = await app.open();
    for (const name of ['Ana', 'Bo']) await addParty(page, { name, size: 2 });
    await row(page, 'Ana').getByRole('button', { name: 'Table ready' }).click();
    await row(page, 'Ana').getByRole('button', { name: 'Seat now' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');

    await row(page, 'Bo').getByRole('button', { name: 'More for Bo' }).click();
    await page.getByRole('dialog', { name: 'Bo' }).getByRole('button', { name: 'Edit' }).click();
    const sheet = page.getByRole('dialog', { name: 'Edit Bo' });
    await sheet.getByLabel('Name').fill('Bo Chen');
    await sheet.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('More for Bo Chen');
  });

  test('a called party is marked in words, counts up from the call, and turns late after the grace period', async () => {
    const page = await app.context.newPage();
    await page.clock.install();
    await page.goto(app.appUrl);
    await addParty(page, { name: 'Ana', size: 2 });
    await addParty(page, { name: 'Bo', size: 2 });
    await row(page, 'Ana').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => row(page, 'Ana').innerText()).toContain('Called just now');
    // Called, the row's next step is Seated; the waiting party still offers Table ready.
    expect(await row(page, 'Ana').getByRole('button', { name: 'Seat now' }).count()).toBe(1);
    expect(await row(page, 'Bo').getByRole('button', { name: 'Table ready' }).count()).toBe(1);
    expect(await row(page, 'Ana').getAttribute('class')).toContain('called');

    await page.clock.fastForward('04:00');
    await poll(() => row(page, 'Ana').innerText()).toContain('Called 4 min ago');
    await page.clock.fastForward('06:00');
    await poll(() => row(page, 'Ana').innerText()).toContain('Late · 10 min');
    expect(await row(page, 'Ana').getAttribute('class')).toContain('late');
    // By default late is only shown: nobody is marked no-show without the venue asking for it.
    expect(await rows(page).count()).toBe(2);

    // Calling again starts the count over and says how many calls there were.
    await row(page, 'Ana').getByRole('button', { name: 'More for Ana' }).click();
    await page.getByRole('dialog', { name: 'Ana' }).getByRole('button', { name: 'Call again' }).click();
    await poll(() => row(page, 'Ana').innerText()).toMatch(/Called just now · 2 calls/);
  });

  test('how late, not just late: minutes past the quote, and a second level far past it', async () => {
    const page = await app.context.newPage();
    await page.clock.install();
    await page.goto(app.appUrl);
    await addParty(page, { name: 'Quoted', size: 2, quote: 20 });
    await addParty(page, { name: 'Unquoted', size: 2, quote: '' }); // the suggested quote taken off
    await page.clock.fastForward('25:00');
    await poll(() => row(page, 'Quoted').locator('.party-wait').innerText()).toMatch(
      /25 of 20 min\s*\+5 min\s+over quote/,
    );
    expect(await row(page, 'Quoted').locator('.party-wait').getAttribute('class')).toContain('over');
    await page.clock.fastForward('11:00'); // 36 of 20: 16 past, and more than half again
    await poll(() => row(page, 'Quoted').locator('.party-wait').innerText()).toMatch(/\+16 min\s+far over quote/);
    expect(await row(page, 'Quoted').locator('.party-wait').getAttribute('class')).toContain('far_over');
    expect((await row(page, 'Unquoted').locator('.party-wait').innerText()).trim()).toBe('36 min');
  });

  test('size chips and search narrow the board, keep the real places in line, and clear in one tap', async () => {
    const page = await app.open();
    await rush(page);
    const chips = page.getByRole('group', { name: 'Party size' });
    // Seen as "1–2 8", heard as "1–2 guests: 8 parties".
    await poll(() => chips.getByRole('button').allTextContents()).toEqual([
      '1–2 guests: 8 parties',
      '3–4 guests: 5 parties',
      '5–6 guests: 2 parties',
      '7+ guests: 3 parties',
    ]);
    expect(await chips.getByRole('button', { name: '1–2 guests: 8 parties', exact: true }).count()).toBe(1);
    await chips.getByRole('button', { name: /^7\+/ }).click();
    expect(await positions(page)).toEqual(['7 Gus Brown', '13 Mo Farah', '18 Rosa Díaz']);
    await chips.getByRole('button', { name: /^7\+/ }).click(); // the same chip again shows everyone
    await poll(() => rows(page).count()).toBe(18);

    const search = page.getByRole('searchbox', { name: 'Find a name or note' });
    await search.fill('jose'); // nobody
    await poll(() => page.locator('.board-empty').innerText()).toContain('No party on the list matches.');
    await search.fill('wheelchair'); // found in the note
    await poll(() => positions(page)).toEqual(['9 Ivan Petrov']);
    await search.fill('diaz'); // accents do not matter
    await poll(() => positions(page)).toEqual(['18 Rosa Díaz']);
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await poll(() => rows(page).count()).toBe(18);
    expect(await search.inputValue()).toBe('');
  });

  test('edit keeps the party in its place; move up and down, with Undo', async () => {
    const page = await app.open();
    for (const name of ['Ana', 'Bo', 'Cy']) await addParty(page, { name, size: 2 });
    await poll(() => positions(page)).toEqual(['1 Ana', '2 Bo', '3 Cy']);

    await row(page, 'Bo').getByRole('button', { name: 'More for Bo' }).click();
    await page.getByRole('dialog', { name: 'Bo' }).getByRole('button', { name: 'Edit' }).click();
    const sheet = page.getByRole('dialog', { name: 'Edit Bo' });
    await sheet.getByLabel('Name').fill('Bo Chen');
    await sheet.getByRole('button', { name: '5 guests' }).click();
    await sheet.getByLabel('Note').fill('Booth');
    await sheet.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => positions(page)).toEqual(['1 Ana', '2 Bo Chen', '3 Cy']);
    expect(await row(page, 'Bo Chen').innerText()).toMatch(/5[\s\S]*Booth/);

    await row(page, 'Cy').getByRole('button', { name: 'More for Cy' }).click();
    const cy = page.getByRole('dialog', { name: 'Cy' });
    await cy.getByRole('button', { name: 'Move up' }).click();
    await poll(() => positions(page)).toEqual(['1 Ana', '2 Cy', '3 Bo Chen']);
    // The sheet stays open for the next place: up once more, to the front.
    await poll(() => cy.innerText()).toContain('2 of 3');
    await cy.getByRole('button', { name: 'Move up' }).click();
    await poll(() => positions(page)).toEqual(['1 Cy', '2 Ana', '3 Bo Chen']);
    await poll(() => cy.getByRole('button', { name: 'Move up' }).isDisabled()).toBe(true);
    await cy.getByRole('button', { name: 'Close' }).click();
    await poll(() => page.getByRole('status', { name: 'Last change' }).innerText()).toContain('Cy moved.');
    await page.getByRole('button', { name: 'Undo' }).click(); // one place back
    await poll(() => positions(page)).toEqual(['1 Ana', '2 Cy', '3 Bo Chen']);
    await row(page, 'Cy').getByRole('button', { name: 'More for Cy' }).click();
    await cy.getByRole('button', { name: 'Move down' }).click();
    await cy.getByRole('button', { name: 'Close' }).click();
    await poll(() => positions(page)).toEqual(['1 Ana', '2 Bo Chen', '3 Cy']);

    await row(page, 'Ana').getByRole('button', { name: 'More for Ana' }).click();
    const ana = page.getByRole('dialog', { name: 'Ana' });
    expect(await ana.getByRole('button', { name: 'Move up' }).isDisabled()).toBe(true); // first in line already
    await ana.getByRole('button', { name: 'Move down' }).click();
    await poll(() => positions(page)).toEqual(['1 Bo Chen', '2 Ana', '3 Cy']);
    await ana.getByRole('button', { name: 'Close' }).click();
    await page.reload();
    await poll(() => positions(page)).toEqual(['1 Bo Chen', '2 Ana', '3 Cy']);
  });

  test('Seated & gone lists today’s finished parties with when and why; Recall puts one back in its place', async () => {
    const page = await app.open();
    for (const name of ['Ana', 'Bo', 'Cy']) await addParty(page, { name, size: 2 });
    await finishParty(page, 'Bo', 'No-show');
    await finishParty(page, 'Ana', 'Seat now');
    await poll(() => positions(page)).toEqual(['1 Cy']);
    await page.getByRole('button', { name: 'Seated & gone (2)' }).click();
    const gone = page.getByRole('dialog', { name: 'Seated & gone today' });
    await poll(() => gone.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/Ana[\s\S]*Seated \d/),
      expect.stringMatching(/Bo[\s\S]*No-show \d/),
    ]);
    await gone.getByRole('listitem').filter({ hasText: 'Bo' }).getByRole('button', { name: 'Recall' }).click();
    await poll(() => positions(page)).toEqual(['1 Bo', '2 Cy']); // back ahead of Cy, where Bo was
    await poll(() => page.getByRole('button', { name: 'Seated & gone (1)' }).count()).toBe(1);
    await poll(() => page.getByRole('status', { name: 'Last change' }).innerText()).toContain(
      'Bo is back on the list.',
    );
  });

  test('the undo bar never covers a row’s buttons', async () => {
    const page = await app.open();
    await rush(page);
    await finishParty(page, 'Carla Ruiz', 'Seat now');
    await page.getByRole('status', { name: 'Last change' }).waitFor();
    // Every button whose middle is on screen is what a tap there reaches: nothing lies on top of it.
    const covered = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.board button')]
        .filter((b) => {
          const r = b.getBoundingClientRect();
          const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
          if (y < 0 || y > window.innerHeight || r.height === 0) return false;
          const hit = document.elementFromPoint(x, y);
          const main = document.querySelector('main')!.getBoundingClientRect(); // the board lives in main
          return y < main.bottom && !(hit && b.contains(hit));
        })
        .map((b) => b.textContent),
    );
    expect(covered).toEqual([]);
    const [bar, main] = await Promise.all([
      page.locator('.undo-bar').boundingBox(),
      page.locator('main').boundingBox(),
    ]);
    expect(bar!.y).toBeGreaterThanOrEqual(main!.y + main!.height - 1); // the bar sits below the list, not on it
    // The last row can still be brought into view above it.
    await row(page, 'Rosa Díaz').getByRole('button', { name: 'More for Rosa Díaz' }).click();
    await page.getByRole('dialog', { name: 'Rosa Díaz' }).waitFor();
  });

  test('icons are drawn, not typed: no emoji font needed for any delivery or call state', async () => {
    const page = await app.open();
    await addParty(page, { name: 'No contact', size: 2 });
    await addParty(page, { name: 'Not subscribed', size: 2, pushedId: 'NotSubscribed1' });
    await addParty(page, { name: 'Waiting', size: 2, quote: 0 });
    await row(page, 'No contact').getByRole('button', { name: 'Table ready' }).click();
    await row(page, 'Not subscribed').getByRole('button', { name: 'Table ready' }).click();
    await poll(() => row(page, 'Not subscribed').innerText()).toContain('Not sent');
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\p{Extended_Pictographic}|[⏳✓⚠↗]/u);
    const icons = await page.locator('main .party svg.icon').evaluateAll((svgs) =>
      svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return r.width >= 16 && r.height >= 16;
      }),
    );
    expect(icons.length).toBeGreaterThanOrEqual(4);
    expect(icons.every(Boolean)).toBe(true);
  });

  test('a double tap on Table ready calls once and seats nobody', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Grace', size: 2 });
    await row(page, 'Grace').getByRole('button', { name: 'Table ready' }).dblclick();
    await poll(() => row(page, 'Grace').innerText()).toContain('Called just now');
    expect(await row(page, 'Grace').innerText()).not.toContain('2 calls');
    expect(await rows(page).count()).toBe(1);
    await row(page, 'Grace').getByRole('button', { name: 'Seat now' }).waitFor(); // a deliberate tap later still works
  });

  test('a party that leaves on another tab takes its open details sheet with it, and Undo there does not bring it back', async () => {
    const first = await app.open();
    const second = await app.open();
    await first.bringToFront();
    await addParty(first, { name: 'Otto', size: 2 });
    await poll(() => rows(second).count()).toBe(1);
    await row(first, 'Otto').getByRole('button', { name: 'More for Otto' }).click();
    await first.getByRole('dialog', { name: 'Otto' }).waitFor();
    await second.bringToFront();
    await finishParty(second, 'Otto', 'Remove');
    await poll(() => first.getByRole('dialog', { name: 'Otto' }).count()).toBe(0);
    await second.getByRole('button', { name: 'Undo' }).click();
    await poll(() => rows(first).count()).toBe(1);
    expect(await first.getByRole('dialog', { name: 'Otto' }).count()).toBe(0);
  });
});

import type { Locator, Page } from 'playwright';
import { describe, expect, test } from 'vitest';
import { historyCsv } from '../support/history-csv-writer.ts';
import type { PastParty } from '../../src/core/quote-history.ts';
import { addParty, openSettings, row, rows, shootTabletSizes, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = expect.poll;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Screenshots at both tablet sizes, `target` scrolled into view; `check` runs at each size. */
const shoot = (page: Page, name: string, target?: Locator, check?: () => Promise<void>) =>
  shootTabletSizes(page, name, {
    before: () => target?.evaluate((el) => el.scrollIntoView({ block: 'start' })) ?? Promise.resolve(),
    after: check,
  });

/** As long a name as Add party takes. */
const LONG_NAME = 'Maximiliana Short Name With A Long Surname de la Fuente Ruiz';
const LONG_NAME_MESSAGED = 'Bartholomew Short Name With A Long Surname de la Fuente Ruiz';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const addSheet = (page: Page) => page.getByRole('dialog', { name: 'Add party' });
const suggestion = (page: Page) => addSheet(page).locator('.quote-suggestion').innerText();
const quoteTyped = (page: Page) => addSheet(page).getByRole('textbox', { name: 'Quoted wait (minutes)' }).inputValue();

/** Last week's Friday evening at a venue: parties of 3–4 seated after about 45 minutes. */
function lastWeek(): PastParty[] {
  const friday = Date.now() - 7 * DAY;
  return Array.from({ length: 40 }, (_, i) => {
    const joinedAt = friday + i * 5 * MINUTE;
    return {
      joinedAt,
      utcOffsetMinutes: 60,
      size: 3 + (i % 2),
      quotedMinutes: 30,
      seatedAt: i % 10 === 9 ? null : joinedAt + (40 + (i % 7)) * MINUTE,
      leftAt: i % 10 === 9 ? joinedAt + 20 * MINUTE : null,
      outcome: i % 10 === 9 ? 'no_show' : 'seated',
    };
  });
}

/** How many past parties the tablet holds for quotes, read from its own database. */
const storedHistory = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('waitbell');
        open.onsuccess = () => {
          const count = open.result.transaction('history').objectStore('history').count();
          count.onsuccess = () => (open.result.close(), resolve(count.result));
          count.onerror = () => reject(count.error);
        };
      }),
  );

/** Each stored party's quote and Waitbell's suggestion beside it, by name, read from the tablet's own database. */
const storedQuotes = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Record<string, [number | null, number | null | undefined]>>((resolve, reject) => {
        const open = indexedDB.open('waitbell');
        open.onsuccess = () => {
          const all = open.result.transaction('parties').objectStore('parties').getAll();
          all.onsuccess = () => {
            open.result.close();
            const parties = all.result as {
              name: string;
              quoteMinutes: number | null;
              suggestedMinutes?: number | null;
            }[];
            resolve(Object.fromEntries(parties.map((p) => [p.name, [p.quoteMinutes, p.suggestedMinutes]])));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );

const csvFile = (text: string, name = 'old-system.csv') => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('suggested quotes', () => {
  test('Add party starts on the suggestion for the size, which follows the queue; the host’s own pick stays', async () => {
    const page = await app.open();
    await page.getByRole('button', { name: 'Add party' }).click();
    await poll(() => suggestion(page)).toBe('Suggested: 15 min\nYour usual quote for 1–2 (no history yet)');
    expect(await quoteTyped(page)).toBe('15');
    expect(await addSheet(page).getByRole('button', { name: '15 min, suggested' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await addSheet(page).getByRole('button', { name: '4 guests' }).click();
    await poll(() => suggestion(page)).toBe('Suggested: 20 min\nYour usual quote for 3–4 (no history yet)');
    expect(await quoteTyped(page)).toBe('20');
    await addSheet(page).getByRole('button', { name: 'Cancel' }).click();

    // Two parties of 3–4 join (on their suggested quote): the next one hears they are behind them.
    await addParty(page, { name: 'Ana', size: 4 });
    await addParty(page, { name: 'Bo', size: 3 });
    await poll(() => rows(page).count()).toBe(2);
    expect(await row(page, 'Ana').locator('.party-wait').innerText()).toMatch(/of 20 min/);
    // Each is stored with what Waitbell suggested beside the quote, for the owner's report.
    const stored = await storedQuotes(page);
    expect(stored.Ana).toEqual([20, 20]);
    expect(stored.Bo?.[1]).toBe(stored.Bo?.[0]);
    await page.getByRole('button', { name: 'Add party' }).click();
    await addSheet(page).getByRole('button', { name: '4 guests' }).click();
    await poll(() => suggestion(page)).toMatch(/^Suggested: \d+ min\n2 parties of 3–4 ahead/);
    await shoot(page, 'quotes-add-party', addSheet(page).locator('.quote-suggestion'));

    // The host picks 45 themselves: a new size changes the suggestion shown, never their pick.
    await addSheet(page).getByRole('button', { name: '45 min' }).click();
    await addSheet(page).getByRole('button', { name: '2 guests' }).click();
    await poll(() => suggestion(page)).toMatch(/^Suggested: 15 min/);
    expect(await quoteTyped(page)).toBe('45');
    await addSheet(page).getByRole('button', { name: 'Cancel' }).click();

    // Edit never re-suggests: it shows the party's own quote.
    await row(page, 'Bo').getByRole('button', { name: 'More for Bo' }).click();
    await page.getByRole('dialog', { name: 'Bo' }).getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Bo' });
    await edit.getByRole('button', { name: '6 guests' }).click();
    expect(await edit.getByRole('textbox', { name: 'Quoted wait (minutes)' }).inputValue()).toBe('20');
    expect(await edit.locator('.quote-suggestion').count()).toBe(0);
  });

  test('the usual quote per size is a setting, refused out of 1–180 with words, and Add party follows it', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await settings.getByLabel('Parties of 3–4').fill('0');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.locator('#settings-defaultQuote1-error').innerText()).toBe(
      'Whole minutes from 1 to 180.',
    );
    await shoot(page, 'quotes-usual-quotes', settings.locator('.default-quotes'));
    await settings.getByLabel('Parties of 3–4').fill('35');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Add party' }).click();
    await addSheet(page).getByRole('button', { name: '3 guests' }).click();
    await poll(() => suggestion(page)).toBe('Suggested: 35 min\nYour usual quote for 3–4 (no history yet)');
    // 35 is no quick chip: the suggestion is one, and it is the quote.
    const chip = addSheet(page).getByRole('button', { name: '35 min, suggested' });
    await poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    expect(await quoteTyped(page)).toBe('35');
  });

  test('a row whose wait runs 10+ min past its quote says so, and one tap re-quotes it (with Undo)', async () => {
    const page = await app.context.newPage();
    await page.clock.install();
    await page.goto(app.appUrl);
    await addParty(page, { name: 'Ana', size: 2, quote: 10 });
    await addParty(page, { name: 'Bo', size: 2, quote: 60 });
    await addParty(page, { name: LONG_NAME, size: 2, quote: 10 });
    // One with a message line too ("On the list"): the prompt keeps clear of it as well.
    await addParty(page, { name: LONG_NAME_MESSAGED, size: 2, quote: 10, pushedId: 'guestphone1' });
    await poll(() => rows(page).count()).toBe(4);
    await poll(() => row(page, LONG_NAME_MESSAGED).locator('.party-status').innerText()).not.toBe('');
    expect(await page.locator('.requote').count()).toBe(0);
    await page.clock.fastForward('21:00');
    const prompt = row(page, 'Ana').locator('.requote');
    await poll(() => prompt.count()).toBe(1);
    const [, minutes] = /Quote likely short: ~(\d+) min/.exec(await prompt.innerText()) ?? [];
    expect(Number(minutes) % 5).toBe(0);
    expect(Number(minutes)).toBeGreaterThanOrEqual(25); // 21 minutes waited already, rounded up to 5
    expect(await row(page, 'Bo').locator('.requote').count()).toBe(0); // fine rows stay quiet
    await shoot(page, 'quotes-requote-row', undefined, async () => {
      // A 60-letter name: the prompt keeps clear of Table ready and the message line, its words whole,
      // its button tall enough to tap.
      for (const name of [LONG_NAME, LONG_NAME_MESSAGED]) {
        const long = row(page, name);
        await poll(() => long.locator('.requote').count()).toBe(1);
        const promptBox = await long.locator('.requote').boundingBox();
        const nextBox = await long.getByRole('button', { name: 'Table ready' }).boundingBox();
        const statusBox = await long.locator('.party-status').boundingBox();
        expect(promptBox && nextBox && overlaps(promptBox, nextBox)).toBe(false);
        const status = await long.locator('.party-status').innerText(); // an empty one is not there to overlap
        expect(status !== '' && promptBox && statusBox && overlaps(promptBox, statusBox)).toBeFalsy();
        expect(promptBox!.height).toBeGreaterThanOrEqual(48);
        const cut = await long.locator('.requote-do').evaluate((el) => el.scrollWidth > el.clientWidth);
        expect(cut).toBe(false);
        expect(await long.locator('.requote-do').innerText()).toMatch(/^Re-quote \d+ min\n/);
      }
    });

    await row(page, 'Ana')
      .getByRole('button', { name: `Quote likely short: ~${minutes} min Re-quote ${minutes} min for Ana` })
      .click();
    await poll(() => row(page, 'Ana').locator('.party-wait').innerText()).toBe(`21 of ${minutes} min`);
    expect(await prompt.count()).toBe(0);
    await poll(() => page.getByRole('status', { name: 'Last change' }).innerText()).toMatch(/Ana given a new quote\./);
    await page.getByRole('button', { name: 'Undo' }).click();
    await poll(() => row(page, 'Ana').locator('.party-wait').innerText()).toMatch(/^21 of 10 min/);
  });
});

describe('history import', () => {
  test('a CSV is previewed, imported whole, and a second import of it adds nothing twice; quotes learn from it', async () => {
    const page = await app.open();
    const suggestedFor4 = async (guests = '4 guests') => {
      await page.getByRole('button', { name: 'Add party' }).click();
      await addSheet(page).getByRole('button', { name: guests }).click();
      await poll(() => suggestion(page)).toMatch(/^Suggested: \d+ min/);
      const line = await suggestion(page);
      await addSheet(page).getByRole('button', { name: 'Cancel' }).click();
      return line;
    };
    expect(await suggestedFor4()).toBe('Suggested: 20 min\nYour usual quote for 3–4 (no history yet)');
    const settings = await openSettings(page);
    const file = historyCsv(lastWeek());
    await settings.getByLabel('History file (CSV)').setInputFiles(csvFile(file));
    const preview = settings.locator('.history-preview');
    await poll(() => preview.locator('.history-summary').innerText()).toMatch(
      /40 parties in this file\s+(On|From) .+\s+36 seated · 4 no-shows · 0 removed/,
    );
    expect(await preview.getByRole('table').getByRole('row').count()).toBe(6); // the header and the first 5
    expect(await preview.getByRole('row').nth(1).innerText()).toMatch(/\t3\t30 min\tSeated after 40 min$/);
    await shoot(page, 'quotes-import-preview', preview);

    await preview.getByRole('button', { name: 'Import 40 parties' }).click();
    await poll(() => settings.locator('.history-import [role="status"]').innerText()).toBe(
      'Imported 40 parties. Suggested quotes now use them.',
    );
    await settings.getByLabel('History file (CSV)').setInputFiles(csvFile(file));
    await settings.getByRole('button', { name: 'Import 40 parties' }).click();
    await poll(() => settings.locator('.history-import [role="status"]').innerText()).toBe(
      'Imported 0 parties; 40 were already there from an earlier import.',
    );
    expect(await storedHistory(page)).toBe(40);

    // With last week's parties of 3–4 seated after 40–46 minutes, the suggestion comes from them.
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    const alone = await suggestedFor4();
    // Parties of 1–2 still get the usual quote: there is history, just none of their size.
    expect(await suggestedFor4('2 guests')).toBe(
      'Suggested: 15 min\nYour usual quote for 1–2 (not enough history for 1–2 yet)',
    );
    expect(alone).toMatch(
      /^Suggested: \d+ min\nNo parties of 3–4 ahead, a table for 3–4 frees up about every \d+ min$/,
    );
    // …and it follows the queue: two parties of 3–4 join.
    await addParty(page, { name: 'Ana', size: 4 });
    await addParty(page, { name: 'Bo', size: 3 });
    await poll(() => rows(page).count()).toBe(2);
    const behindTwo = await suggestedFor4();
    expect(behindTwo).toMatch(
      /^Suggested: \d+ min\n2 parties of 3–4 ahead, a table for 3–4 frees up about every \d+ min$/,
    );
    const minutes = (line: string) => Number(/Suggested: (\d+) min/.exec(line)?.[1]);
    expect(minutes(behindTwo)).toBeGreaterThan(minutes(alone));
  });

  test('the preview counts with separators and says beforehand how many rows are too old to keep', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    const party = (joinedAt: number): PastParty => ({
      joinedAt,
      utcOffsetMinutes: 60,
      size: 2,
      quotedMinutes: 15,
      seatedAt: joinedAt + 20 * MINUTE,
      leftAt: null,
      outcome: 'seated',
    });
    const recent = Array.from({ length: 1200 }, (_, i) => party(Date.now() - 30 * DAY + i * 30 * MINUTE));
    const old = Array.from({ length: 3 }, (_, i) => party(Date.now() - 420 * DAY + i * DAY)); // about 14 months ago
    await settings.getByLabel('History file (CSV)').setInputFiles(csvFile(historyCsv([...old, ...recent])));
    const preview = settings.locator('.history-preview');
    await poll(() => preview.locator('.history-summary').innerText()).toMatch(
      /^1,203 parties in this file\s+From .+\s+1,203 seated · 0 no-shows · 0 removed\s+3 parties are older than 13 months and will be left out: Waitbell keeps about a year of history\.$/,
    );
    await shoot(page, 'quotes-import-too-old', preview);
    await preview.getByRole('button', { name: 'Import 1,200 parties' }).click();
    await poll(() => settings.locator('.history-import [role="status"]').innerText()).toBe(
      'Imported 1,200 parties. Suggested quotes now use them. 3 parties older than 13 months were left out: Waitbell keeps about a year of history.',
    );
    expect(await storedHistory(page)).toBe(1200);
  });

  test('a bad file is refused line by line, in English and Spanish, and nothing is imported; Cancel imports nothing', async () => {
    const page = await app.open();
    let settings = await openSettings(page);
    const good = historyCsv(lastWeek().slice(0, 2));
    const lines = Array.from(
      { length: 23 },
      (_, i) => `2026-03-06T19:${String(i).padStart(2, '0')}:00+01:00,big,,,,seated`,
    );
    const bad = `${good}${lines.join('\r\n')}\r\nyesterday,2,10,,,gone\r\n`;
    await settings.getByLabel('History file (CSV)').setInputFiles(csvFile(bad));
    const refusal = settings.getByRole('alert');
    await poll(() => refusal.innerText()).toMatch(/^Nothing was imported: 24 lines of this file can’t be used\./);
    // The same fault on 23 lines is one refusal naming its lines; the last line's two faults follow it.
    const items = await refusal.getByRole('listitem').allInnerTexts();
    expect(items[0]).toBe('Lines 4–26: party_size (“big”) must be a whole number of guests, 1 or more.');
    expect(items.slice(1).every((item) => item.startsWith('Line 27: '))).toBe(true);
    expect(items).toHaveLength(3);
    expect(await refusal.innerText()).not.toContain('…and');
    await shoot(page, 'quotes-import-refused', refusal);

    // Cancel from a good file's preview: nothing imported either.
    await settings.getByLabel('History file (CSV)').setInputFiles(csvFile(good));
    const preview = settings.locator('.history-preview');
    await preview.getByRole('button', { name: 'Import 2 parties' }).waitFor();
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => preview.count()).toBe(0);
    expect(await storedHistory(page)).toBe(0);

    // The same refusal in Spanish.
    await settings.getByLabel('Language').selectOption('es');
    settings = page.getByRole('dialog', { name: 'Ajustes' });
    await settings.getByLabel('Archivo de historial (CSV)').setInputFiles(csvFile(bad));
    await poll(() => settings.getByRole('alert').innerText()).toMatch(
      /^No se importó nada: 24 líneas de este archivo no se pueden usar\.[\s\S]*Líneas 4–26: party_size \(«big»\) debe ser un número entero de personas, 1 o más\./,
    );
  });
});

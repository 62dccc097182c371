import { render } from 'preact';
import { test } from 'vitest';
import { signal } from '@preact/signals';
import { benchBoardModel } from './bench-model.ts';
import { DEFAULT_QUOTES } from '../../src/core/quote-estimator.ts';
import { createQuotes } from '../../src/state/quotes-model.ts';
import { historyStore } from '../../src/storage/history-store.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { App } from '../../src/ui/App.tsx';
import '../../src/ui/app.css';
import '../../src/ui/board.css';
import '../../src/ui/sheets.css';
import { WAITING, seedParty } from './seed.ts';
import { measure, report, summarize } from './stats.ts';

/** Resolves when `ready()` holds after a DOM change (or at once): the moment the host sees the result. */
function shown(ready: () => boolean): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}

const rowOf = (id: string) => document.querySelector(`li[aria-labelledby="party-${id}"]`);

test('the rush board: from a tap to what the host sees, with 60 parties on the board', async () => {
  const name = `waitbell-rush-bench-${crypto.randomUUID()}`;
  const db = await openWaitbellDb(name);
  const now = Date.now();
  const tx = db.transaction('parties', 'readwrite');
  for (let i = 0; i < WAITING; i++) void tx.store.put({ ...seedParty(100_000 + i, now), id: `seed-${i}` });
  await tx.done;

  const model = await benchBoardModel(db);
  // Suggested quotes and re-quotes as the app has them: expected waits follow every change to the board.
  const quotes = createQuotes(
    {
      history: historyStore(db),
      clock: { now: () => Date.now() },
      loadCsvReader: () => Promise.reject(new Error('no import in a benchmark')),
      defaults: signal(DEFAULT_QUOTES),
    },
    { parties: model.parties, finished: model.finished, now: model.now },
    (error) => {
      throw error;
    },
  );
  await quotes.learn();
  const host = document.body.appendChild(document.createElement('div'));
  const app = (
    <App
      model={model}
      settings={createSettingsModel({ store: settingsStore(db) })}
      pin={createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } })}
      loadScanner={() => Promise.reject(new Error('no camera in a benchmark'))}
      quotes={quotes}
      kiosk={{
        isFullscreen: () => false,
        toggleFullscreen: () => Promise.resolve(),
        storage: () => Promise.resolve({ persisted: null, usedBytes: null }),
        setLanguage() {},
      }}
    />
  );

  // The whole board drawn from nothing: what a reload or a language switch costs.
  const renderBoard = await measure(30, async () => {
    render(null, host);
    render(app, host);
    await shown(() => document.querySelectorAll('.board > li').length === WAITING);
  });

  // Each measured party leaves again (untimed), so the board stays at 60 throughout.
  const form = { name: 'Bench Guest', size: '4', note: 'Booth', quoteMinutes: '20', pushedId: '', email: '' };
  const addSamples: number[] = [];
  for (let i = 0; i < 103; i++) {
    const start = performance.now();
    const outcome = await model.add(form);
    if (!outcome.ok) throw new Error('add refused');
    await shown(() => rowOf(outcome.party.id) !== null);
    if (i >= 3) addSamples.push(performance.now() - start); // the first three warm up
    await model.act(outcome.party.id, 'remove');
  }
  const addToRow = summarize(addSamples);

  // Table ready on parties still waiting, one after another down the board.
  const waiting = model.parties.value.filter((p) => p.status === 'waiting');
  let next = 0;
  const tableReady = await measure(Math.min(40, waiting.length - 3), async () => {
    const party = waiting[next++]!; // measured + warm-up runs stay within the waiting parties
    await model.notify(party.id);
    await shown(() => rowOf(party.id)?.classList.contains('called') === true);
  });

  // One keystroke in the search box (a name that narrows the board), then clearing it.
  const queries = ['Guest number 1000', 'Booth', 'zzz', ''];
  const keystroke = await measure(100, async (i) => {
    const query = queries[Math.abs(i) % queries.length]!;
    const input = document.querySelector<HTMLInputElement>('.search input')!; // the board is on screen
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const expected = model.entries.value.length;
    await shown(
      () =>
        document.querySelectorAll('.board > li').length === expected ||
        (expected === 0 && document.querySelector('.board') === null),
    );
  });

  const sizeChip = await measure(100, async (i) => {
    const chips = document.querySelectorAll<HTMLButtonElement>('.size-chips .button');
    chips[Math.abs(i) % chips.length]!.click();
    const expected = model.entries.value.length;
    await shown(
      () =>
        document.querySelectorAll('.board > li').length === expected ||
        (expected === 0 && document.querySelector('.board') === null),
    );
  });

  render(null, host);
  db.close();
  indexedDB.deleteDatabase(name);
  report(`Rush board (Chromium, ${model.parties.value.length} parties on the board)`, {
    'draw the whole board from nothing': renderBoard,
    'add party → its row on screen': addToRow,
    'Table ready → row marked called': tableReady,
    'search keystroke → board narrowed': keystroke,
    'size chip tap → board narrowed': sizeChip,
  });
});

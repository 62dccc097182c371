import { render } from 'preact';
import { afterEach, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createBoardModel } from '../../src/state/board-model.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { createSettingsModel } from '../../src/state/settings-model.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { partyStore } from '../../src/storage/parties-store.ts';
import { pinStore } from '../../src/storage/pin-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';
import { App } from '../../src/ui/App.tsx';
import '../../src/ui/app.css';

// Chromium's quota override (CDP) does not reliably reach a connection that has already written, so the
// real store is wrapped to refuse writes the way a full disk does: with a QuotaExceededError.
const host = document.body.appendChild(document.createElement('div'));
afterEach(() => render(null, host));

test('out of space: the sheet keeps what was typed and says what to do; the board keeps what it had', async () => {
  const db = await openWaitbellDb(`ui-full-${crypto.randomUUID()}`);
  const store = partyStore(db);
  let full = false;
  const outbox = outboxStore(db);
  const model = createBoardModel({
    store,
    // A new party is written with its "On the list" message, through the outbox.
    outbox: {
      ...outbox,
      addParty: (p, now) =>
        full ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : outbox.addParty(p, now),
    },
    connectivity: fakeConnectivity().connectivity,
    deliver: () => {},
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
  });
  model.start();
  await model.refresh();
  const noScanner = () => Promise.reject(new Error('no camera in this test'));
  const kiosk = {
    isFullscreen: () => false,
    toggleFullscreen: async () => {},
    storage: async () => ({ persisted: null, usedBytes: null }),
    setLanguage() {},
  };
  const pin = createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } });
  render(
    <App
      model={model}
      settings={createSettingsModel({ store: settingsStore(db) })}
      pin={pin}
      loadScanner={noScanner}
      kiosk={kiosk}
    />,
    host,
  );

  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByRole('dialog', { name: 'Add party' }).getByLabelText('Name').fill('Already here');
  await page.getByRole('button', { name: 'Add to waitlist' }).click();
  await expect.element(page.getByRole('heading', { name: 'Already here' })).toBeVisible();

  full = true;
  await page.getByRole('button', { name: 'Add party' }).click();
  await page.getByRole('dialog', { name: 'Add party' }).getByLabelText('Name').fill('Too many');
  await page.getByRole('dialog', { name: 'Add party' }).getByLabelText('Note').fill('Window seat');
  await userEvent.click(page.getByRole('button', { name: 'Add to waitlist' }));

  const sheet = page.getByRole('dialog', { name: 'Add party' });
  await expect.element(sheet.getByRole('alert')).toHaveTextContent('The tablet is out of storage space');
  await expect.element(sheet.getByLabelText('Name')).toHaveValue('Too many');
  await expect.element(sheet.getByLabelText('Note')).toHaveValue('Window seat');
  expect(await store.readBoard()).toHaveLength(1);

  full = false; // space freed: the same sheet, submitted again, works
  await userEvent.click(page.getByRole('button', { name: 'Add to waitlist' }));
  await expect.element(page.getByRole('heading', { name: 'Too many' })).toBeVisible();
  expect((await store.readBoard()).map((p) => p.name)).toEqual(['Already here', 'Too many']);
  db.close();
});

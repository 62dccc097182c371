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

test('Add party keeps a phone number for the host to call, refuses one that is not, and Edit takes it away', async () => {
  const db = await openWaitbellDb(`ui-phone-${crypto.randomUUID()}`);
  const store = partyStore(db);
  const model = createBoardModel({
    store,
    outbox: outboxStore(db),
    connectivity: fakeConnectivity().connectivity,
    deliver: () => {},
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
  });
  model.start();
  await model.refresh();
  const pin = createPinModel({ store: pinStore(db), clock: { now: () => Date.now() } });
  const kiosk = {
    isFullscreen: () => false,
    toggleFullscreen: async () => {},
    storage: async () => ({ persisted: null, usedBytes: null }),
    setLanguage() {},
  };
  render(
    <App
      model={model}
      settings={createSettingsModel({ store: settingsStore(db) })}
      pin={pin}
      loadScanner={() => Promise.reject(new Error('no camera in this test'))}
      kiosk={kiosk}
    />,
    host,
  );

  await page.getByRole('button', { name: 'Add party' }).click();
  const sheet = page.getByRole('dialog', { name: 'Add party' });
  await sheet.getByLabelText('Name').fill('Rosa');
  await sheet.getByLabelText('Phone').fill('call me');
  await userEvent.click(page.getByRole('button', { name: 'Add to waitlist' }));
  await expect.element(sheet.getByLabelText('Phone')).toHaveAccessibleDescription(/doesn’t look like a phone number/);
  await expect.element(sheet.getByLabelText('Phone')).toHaveFocus();
  expect(await store.readBoard()).toHaveLength(0);

  await sheet.getByLabelText('Phone').fill('+34 600-111-222');
  await userEvent.click(page.getByRole('button', { name: 'Add to waitlist' }));
  const call = page.getByRole('link', { name: 'Call Rosa, +34600111222' });
  await expect.element(call).toHaveAttribute('href', 'tel:+34600111222');
  expect((await store.readBoard())[0]?.phone).toBe('+34600111222');

  await page.getByRole('button', { name: 'More for Rosa' }).click();
  await page.getByRole('dialog', { name: 'Rosa' }).getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Rosa' });
  await expect.element(edit.getByLabelText('Phone')).toHaveValue('+34600111222');
  await edit.getByLabelText('Phone').fill('');
  await userEvent.click(edit.getByRole('button', { name: 'Save changes' }));
  await expect.element(edit).not.toBeInTheDocument();
  await expect.element(call).not.toBeInTheDocument();
  expect((await store.readBoard())[0]?.phone).toBeNull();
  db.close();
});

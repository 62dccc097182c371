import axe from 'axe-core';
import { render } from 'preact';
import { afterEach, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { Announcement } from '../../src/core/announcement.ts';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { createDeliveryLoop } from '../../src/delivery/delivery-loop.ts';
import { pushSender } from '../../src/delivery/push-sender.ts';
import { inTabLock } from '../../src/platform/exclusive-lock.ts';
import type { FetchLike } from '../../src/pushed/send-push.ts';
import type { JsonFetch } from '../../src/pushed/venue-announcements-client.ts';
import { createAnnouncementsModel } from '../../src/state/announcements-model.ts';
import { announcementsStore } from '../../src/storage/announcements-store.ts';
import { openWaitbellDb } from '../../src/storage/open-db.ts';
import { outboxStore } from '../../src/storage/outbox-store.ts';
import { settingsStore } from '../../src/storage/settings-store.ts';
import { AnnouncementsDialog } from '../../src/ui/AnnouncementsDialog.tsx';
import { language, loadLanguage } from '../../src/ui/strings.ts';
import '../../src/ui/app.css';
import '../../src/ui/sheets.css';
import { fakeConnectivity, fakeFeed } from '../support/fakes.ts';
import { screenHost } from '../support/screen.ts';

const host = screenHost();
const NOW = Date.now();
const time = (at: number, lang: string) =>
  new Date(at).toLocaleTimeString(lang === 'es' ? 'es' : [], { hour: 'numeric', minute: '2-digit' });

afterEach(() => {
  render(null, host);
  language.value = 'en';
});

/** The Bar tablet's announcement to the whole app, four minutes ago, as the venue server lists it. */
const barApp: Announcement = {
  id: 'bar-announcement-1',
  key: 'bar-key-1',
  target: 'app',
  text: 'We are seating walk-ins now.',
  createdAt: NOW - 4 * 60_000,
  delivery: { state: 'sent', at: NOW - 4 * 60_000, shipmentId: 'S1' },
  tablet: 'Bar tablet',
};
/** The Bar tablet's one to the channel, which reached the server while this tablet's was on its way. */
const lastAt = NOW - 2 * 60_000;

/**
 * A paired tablet's announcements: its own store and outbox, the venue server's list, and a delivery loop whose
 * server refuses a channel announcement as too soon (the Bar tablet's went first).
 */
async function pairedTablet() {
  const db = await openWaitbellDb(`ui-announce-${crypto.randomUUID()}`);
  await settingsStore(db).save({ ...SANDBOX_SETTINGS, route: 'relay', relayUrl: '/relay/1', deviceToken: 'tok' });
  const sent: { url: string; body: unknown }[] = [];
  const json: JsonFetch = async (url, init) => {
    sent.push({ url, body: init.body ? JSON.parse(init.body) : null });
    const body = {
      error: { type: 'announcement_too_soon', message: 'Too soon.' },
      target: 'channel',
      lastAt,
      nextAt: lastAt + 10 * 60_000,
      tablet: 'Bar tablet',
    };
    return { status: 409, headers: new Headers(), text: async () => JSON.stringify(body) };
  };
  const pushed: FetchLike = () => Promise.reject(new Error('a paired tablet sends announcements to /1/announcements'));
  let model: ReturnType<typeof createAnnouncementsModel> | null = null;
  const loop = createDeliveryLoop({
    outbox: outboxStore(db),
    settings: settingsStore(db),
    send: pushSender(pushed, (url) => `https://venue.test${url}`, undefined, json),
    connectivity: fakeConnectivity().connectivity,
    lock: inTabLock(),
    clock: { now: () => Date.now() },
    random: () => 0,
    onChange: () => {},
    onAnnouncement: () => void model?.reload(),
  });
  model = createAnnouncementsModel({
    store: announcementsStore(db),
    clock: { now: () => Date.now() },
    newId: () => crypto.randomUUID(),
    feed: fakeFeed().feed,
    deliver: () => void loop.kick(),
    venueList: async () => [barApp],
  });
  return { model, sent };
}

async function noAxeViolations() {
  const result = await axe.run(document.querySelector('.announce-sheet')!, { resultTypes: ['violations'] });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test("a paired tablet lists another tablet's announcement, sees its wait before writing, and reads the server's refusal in words", async () => {
  const { model, sent } = await pairedTablet();
  render(<AnnouncementsDialog model={model} venueName="Casa" limit={140} online onClose={() => {}} />, host);

  // The venue's list, with the tablet that sent each; the whole app's wait shown before the host writes a word.
  const item = page.getByRole('listitem').filter({ hasText: 'We are seating walk-ins now.' });
  await expect.element(item).toHaveTextContent(`Whole app · ${time(barApp.createdAt, 'en')} · from Bar tablet`);
  await expect
    .element(page.getByRole('radio', { name: /The whole Pushed app/ }))
    .toHaveAccessibleName(expect.stringContaining(`The next is possible at ${time(barApp.createdAt + 600_000, 'en')}`));

  // To the channel: this tablet knew of no wait; the venue server did, and says whose announcement is in the way.
  await userEvent.click(page.getByRole('button', { name: 'The kitchen closes in 30 minutes.' }));
  await userEvent.click(page.getByRole('button', { name: 'Review and send' }));
  await userEvent.click(page.getByRole('button', { name: 'Send to the channel' }));
  const refused = `Not sent: Bar tablet sent one at ${time(lastAt, 'en')}; the next can go at ${time(lastAt + 600_000, 'en')}.`;
  await expect.element(page.getByText(refused)).toBeVisible();
  expect(sent).toMatchObject([
    {
      url: 'https://venue.test/relay/1/announcements',
      body: { target: 'channel', text: 'The kitchen closes in 30 minutes.' },
    },
  ]);
  await noAxeViolations();

  await loadLanguage('es');
  language.value = 'es';
  await expect
    .element(
      page.getByText(
        `No enviado: Bar tablet envió uno a las ${time(lastAt, 'es')}; el siguiente puede salir a las ${time(lastAt + 600_000, 'es')}.`,
      ),
    )
    .toBeVisible();
  await expect.element(item).toHaveTextContent('desde Bar tablet');
  await noAxeViolations();
});

test('sending to a target another tablet used within 10 minutes is refused at once, naming that tablet', async () => {
  const { model, sent } = await pairedTablet();
  await model.reload();
  const outcome = await model.announce('app', 'Kitchen closes soon');
  expect(outcome).toMatchObject({ ok: false, refused: { kind: 'too_soon', target: 'app', tablet: 'Bar tablet' } });
  expect(sent).toEqual([]);
});

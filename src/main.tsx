import { computed, effect, signal } from '@preact/signals';
import { DEFAULT_QUOTES } from './core/quote-estimator.ts';
import { absoluteUrl, isPairedWithVenue } from './core/settings.ts';
import { render } from 'preact';
import { createDeliveryLoop } from './delivery/delivery-loop.ts';
import { pushSender } from './delivery/push-sender.ts';
import { broadcastChangeFeed } from './platform/change-feed.ts';
import { browserConnectivity, type Connectivity } from './platform/connectivity.ts';
import { readDebugFlags } from './platform/debug-flags.ts';
import { deviceLanguage } from './platform/device-language.ts';
import {
  browserKiosk,
  keepScreenAwake,
  requestPersistentStorage,
  savedLanguage,
  saveLanguage,
} from './platform/kiosk.ts';
import { webLock } from './platform/exclusive-lock.ts';
import { onPageVisible } from './platform/page-visibility.ts';
import { setUpServiceWorker, updateApp } from './platform/service-worker.ts';
import { systemClock } from './platform/system-clock.ts';
import { createAnnouncementsModel, type AnnouncementsModel } from './state/announcements-model.ts';
import { createBoardModel, type BoardModel } from './state/board-model.ts';
import { createPinModel } from './state/pin-model.ts';
import { createQuotes } from './state/quotes-model.ts';
import { createSettingsModel } from './state/settings-model.ts';
import { createVenueModel, type VenueModel } from './state/venue-model.ts';
import { checkInStore } from './storage/check-in-store.ts';
import { quoteModelStore } from './storage/quote-model-store.ts';
import type { SyncEngine } from './state/sync-model.ts';
import { syncsWithServer, tabletSyncStore } from './storage/tablet-sync-store.ts';
import { createVenueClient } from './pushed/venue-client.ts';
import { createSharedSettingsSync } from './state/shared-settings-sync.ts';
import { sharedSyncStore } from './storage/shared-sync-store.ts';
import type { ConnectVenue, DemoSync } from './core/venue.ts';
import { pairingCodeFromLocation } from './core/pairing-code.ts';
import { announcementsStore } from './storage/announcements-store.ts';
import { openWaitbellDb, type WaitbellDb } from './storage/open-db.ts';
import { historyStore } from './storage/history-store.ts';
import type { GuestDataPorts } from './state/erasure-model.ts';
import { outboxStore } from './storage/outbox-store.ts';
import { partyStore } from './storage/parties-store.ts';
import { pinStore } from './storage/pin-store.ts';
import { DB_NAME } from './storage/schema.ts';
import { settingsStore } from './storage/settings-store.ts';
import { toStorageError } from './storage/storage-error.ts';
import { App } from './ui/App.tsx';
import { StartupProblem } from './ui/StartupProblem.tsx';
import { language, LANGUAGES, loadLanguage } from './ui/strings.ts';
import './ui/app.css';
import './ui/board.css';
import './ui/sheets.css';
import './ui/scan.css';
import './ui/join.css';
import './ui/announce.css';
import './ui/quotes.css';
import './ui/venue.css';

const absolute = (url: string) => absoluteUrl(url, location.origin);

/** The performance mark set once the board's first read has finished. */
const BOARD_READY_MARK = 'waitbell:board-ready';
/** The performance mark set once suggested quotes have learned from the history. */
const QUOTES_READY_MARK = 'waitbell:quotes-ready';

document.documentElement.dataset.build = __BUILD_ID__;

/** Sets the kiosk's language (the one chosen on this tablet, else the device's), and the page's lang. */
function switchLanguage(choice: string | null, remember = false): void {
  const next = LANGUAGES.find((l) => l === choice) ?? deviceLanguage(LANGUAGES, 'en');
  if (remember) saveLanguage(next);
  language.value = next;
  document.documentElement.lang = next;
}
switchLanguage(savedLanguage());

// The one composition root: the real adapters are built here and nowhere else.
const root = document.getElementById('app')!; // index.html always has it

async function start(): Promise<void> {
  await loadLanguage(language.value).catch(() => {}); // the chosen language before the first screen (English if it cannot load)
  const { waitlist } = readDebugFlags(location.search);
  const dbName = waitlist ? `${DB_NAME}-${waitlist}` : DB_NAME;
  let model: BoardModel | undefined;
  let announcements: AnnouncementsModel | undefined;
  let venue: VenueModel | undefined;
  let db: WaitbellDb;
  try {
    db = await openWaitbellDb(dbName, {
      onBlocked: () => render(<StartupProblem problem="blocked" />, root),
      onOutdated: () => model?.reportStorageProblem('outdated'),
    });
  } catch (error) {
    render(<StartupProblem problem={toStorageError(error).problem} />, root);
    return;
  }

  /** The sync with the venue server, while this tablet is paired with one. */
  const sync = signal<SyncEngine | null>(null);
  const outbox = outboxStore(db);
  const settings = settingsStore(db);
  const connectivity = browserConnectivity();
  const feed = broadcastChangeFeed(`${dbName}-changes`);
  // Back online, a paired tablet first hears what the venue did meanwhile (a guest erased, a party gone), then
  // sends what it queued offline: a message to a guest the owner erased meanwhile is never sent.
  const deliveryConnectivity: Connectivity = {
    isOnline: () => connectivity.isOnline(),
    onChange: (listener) =>
      connectivity.onChange((online) => {
        const engine = sync.value;
        if (!online || !engine) return listener(online);
        // The engine hears the same event: its round has begun once this task ends.
        setTimeout(() => void engine.settled().finally(() => listener(connectivity.isOnline())), 0);
      }),
  };
  const delivery = createDeliveryLoop({
    outbox,
    settings,
    // Each result is shown to the venue model too: a disconnected tablet raises its banner.
    send: (() => {
      const send = pushSender(
        (url, init) => fetch(url, init),
        absolute,
        undefined,
        (url, init) => fetch(url, init),
      );
      return (entry, current, signal) => {
        const held = venue?.holdBeforeSending(current);
        return held ? Promise.resolve(held) : send(entry, current, signal).then((r) => (venue?.notePush(r), r));
      };
    })(),
    connectivity: deliveryConnectivity,
    lock: webLock(),
    clock: systemClock,
    random: Math.random,
    onChange: (partyId) => {
      sync.value?.kick(); // a message's state changed: it goes to the other tablets too
      feed.announce(partyId);
      void (partyId ? model?.refreshParty(partyId) : model?.refresh());
    },
    onAnnouncement: () => void announcements?.reload(),
    // The error's name only: a message could quote a request.
    onError: (error) =>
      console.error(
        `Waitbell: sending paused (${error instanceof Error ? error.name : 'error'}); it resumes on the next trigger.`,
      ),
  });
  // The venue's retention, read at each purge: a change saved on any tablet counts from the next one.
  const retention = async () => (await settings.read()).retention;
  model = createBoardModel({
    store: partyStore(db),
    history: historyStore(db),
    retention,
    outbox,
    connectivity,
    deliver: () => void delivery.kick(),
    clock: systemClock,
    newId: () => crypto.randomUUID(),
    feed,
    recorded: () => sync.value?.kick(),
  });
  announcements = createAnnouncementsModel({
    store: announcementsStore(db),
    clock: systemClock,
    newId: () => crypto.randomUUID(),
    feed,
    // The connection badge counts what waits to be sent, announcements included.
    deliver: () => {
      void model?.refresh();
      void delivery.kick();
    },
    // Paired with a venue server: its list, every tablet's announcements with the tablet that sent each.
    venueList: async () => {
      const saved = await settings.read();
      if (!isPairedWithVenue(saved)) return []; // none of a venue's: an earlier venue's list is not kept
      const { createVenueAnnouncementsClient } = await import('./pushed/venue-announcements-client.ts');
      return createVenueAnnouncementsClient({
        baseUrl: absolute(saved.relayUrl),
        fetch: (url, init) => fetch(url, init),
        deviceToken: saved.deviceToken,
      }).list();
    },
  });
  const pins = pinStore(db);
  const connectVenue: ConnectVenue = (connection) =>
    createVenueClient({
      ...connection,
      fetch: (url, init) => fetch(url, init),
      allowedOrigins: __CONNECT_ORIGINS__,
      ownOrigin: location.origin,
    });
  // The venue's shared settings and PIN hash, the same on every tablet paired with its venue server.
  const shared = createSharedSettingsSync({
    settings,
    pins,
    sync: sharedSyncStore(db),
    connect: connectVenue,
    ownOrigin: location.origin,
    onAdopted: () => {
      void settingsModel.load().then(() => settingsModel.pullSettings()); // a paired tablet takes what changed while it was off
      void pin.load();
    },
    staffPin: () => pin.staffPin(),
    onPinUploaded: () => pin.pinUploaded(),
  });
  const settingsModel = createSettingsModel({ store: settings, pins, allowedOrigins: __CONNECT_ORIGINS__, shared });
  const pin = createPinModel({ store: pins, clock: systemClock, shared });
  venue = createVenueModel({
    store: settings,
    connect: connectVenue,
    ownOrigin: location.origin,
    allowedOrigins: __CONNECT_ORIGINS__,
    staffPin: () => pin.staffPin(),
    checkIns: checkInStore(db),
    onDemoSync: (demo) => void demoSync(demo),
    // Paired again: what waited in the outbox goes now; the venue's settings are taken (or, for its first tablet, given).
    onPaired: (paired) => {
      void delivery.kick();
      void settingsModel.settingsPaired();
      void startSync(paired);
    },
  });
  const changes = tabletSyncStore(db);
  /**
   * Starts syncing the waitlist with the venue server when this tablet is paired with one (after a
   * pairing too: with another venue than before, what this tablet knew of the old one is forgotten,
   * and its own parties go up to the new one). Unpaired: nothing runs. The demo (`demo`) only once
   * its server said at this start that it shares its board: each run of the demo is another venue.
   */
  async function startSync(paired?: { venueId: string; deviceId: string }, demo = false): Promise<void> {
    sync.value?.stop();
    sync.value = null;
    try {
      if (paired) {
        const meta = await changes.readMeta();
        if (meta.venueId !== undefined && meta.venueId !== paired.venueId) await changes.forgetServer();
        await changes.saveMeta({
          venueId: paired.venueId,
          deviceId: paired.deviceId,
          ...(demo ? { demoSync: true } : {}),
        });
      }
      const saved = await settings.read();
      if (!isPairedWithVenue(saved) && !(demo && syncsWithServer(saved, await changes.readMeta()))) return;
      // A chunk of its own, loaded only on a tablet paired with a venue server (precached for offline).
      const [{ createSyncEngine }, { createSyncClient }] = await Promise.all([
        import('./state/sync-model.ts'),
        import('./pushed/sync-client.ts'),
      ]);
      if (sync.value) return; // paired again while loading: that start won
      const engine = createSyncEngine({
        store: changes,
        api: createSyncClient({
          baseUrl: absolute(saved.relayUrl),
          fetch: (url, init) => fetch(url, init),
          deviceToken: saved.deviceToken,
        }),
        clock: systemClock,
        newId: () => crypto.randomUUID(),
        random: Math.random,
        connectivity,
        // A few parties: each re-read (and the other tabs told); a page of the venue's history: the board and Seated & gone read again.
        onChanged: (ids) => {
          if (ids.length <= 20)
            for (const id of ids) {
              feed.announce(id);
              void model?.refreshParty(id);
            }
          else {
            feed.announce();
            void model?.refresh();
          }
          void model?.loadFinished();
        },
        onRevoked: () => {
          if (venue) venue.revoked.value = true;
        },
        onUpdateRequired: () => void updateApp().catch(() => {}), // offline: the half-hourly check will find it
        onSettings: () => void settingsModel.pullSettings(),
        onAnnouncements: () => void announcements?.reload(),
        onRejected: (ids) => model?.withdrawRefusedUndo(ids),
      });
      sync.value = engine;
      engine.start();
    } catch (error) {
      model?.reportStorageProblem(toStorageError(error).problem);
    }
  }
  /**
   * The demo tablet's check was answered: at a demo server sharing its board, the board syncs with it;
   * at one that does not, a board it shared before is forgotten here (the parties stay, private).
   */
  async function demoSync(demo: DemoSync | null): Promise<void> {
    try {
      const meta = await changes.readMeta();
      if (demo) {
        if (sync.value && meta.demoSync && meta.venueId === demo.venueId) return; // syncing with it already
        return await startSync(demo, true);
      }
      if (!meta.demoSync) return;
      sync.value?.stop();
      sync.value = null;
      await changes.forgetServer();
    } catch (error) {
      model?.reportStorageProblem(toStorageError(error).problem);
    }
  }
  void venue.check(); // never rejects: every answer is a result
  // Opened at /pair?code=… (the tablet's camera app read a pairing QR): Settings opens on it; the address goes back to /.
  const pairCode = pairingCodeFromLocation(location.pathname, location.search);
  if (pairCode) history.replaceState(null, '', '/');
  // The venue's rules for called parties follow its settings: at start-up, and whenever they are saved or imported.
  const board = model;
  effect(() => {
    const saved = settingsModel.current.value;
    if (saved) board.rules.value = { lateAfterMinutes: saved.lateAfterMinutes, autoNoShow: saved.autoNoShow };
    if (saved) board.gettingClosePosition.value = saved.gettingClosePosition;
  });
  void settingsModel.load();
  const quotes = createQuotes(
    {
      history: historyStore(db),
      clock: systemClock,
      // The CSV reader is a chunk of its own, loaded when a history file is first chosen in Settings.
      loadCsvReader: () => import('./state/history-csv-reader.ts').then((m) => m.parseHistoryCsv),
      defaults: computed(() => settingsModel.current.value?.defaultQuotes ?? DEFAULT_QUOTES),
      // A paired tablet reads the quotes its venue server learned instead of relearning its own history.
      venue: {
        paired: async () => isPairedWithVenue(await settings.read()),
        fetch: async (tag) => {
          const saved = await settings.read();
          const connection = { baseUrl: absolute(saved.relayUrl), deviceToken: saved.deviceToken };
          const { fetchQuoteModel } = await import('./pushed/quote-model-client.ts'); // after the board is on screen
          return fetchQuoteModel({ ...connection, fetch: (url, init) => fetch(url, init) }, tag);
        },
        cache: quoteModelStore(db),
      },
      retention,
    },
    { parties: model.parties, finished: model.finished, now: model.now },
    (error) => model?.reportStorageProblem(toStorageError(error).problem),
  );

  // Settings → Guests' data: built at its first opening, from chunks of their own.
  const { online } = model;
  let guestData: Promise<GuestDataPorts> | undefined;
  const loadGuestData = () =>
    (guestData ??= Promise.all([import('./state/erasure-model.ts'), import('./storage/erasure-store.ts')]).then(
      ([{ localErasures, serverErasures }, { erasureStore }]) => ({
        server: serverErasures({
          settings,
          ownOrigin: location.origin,
          // The erasure routes' client and its reader, loaded at the owner's first search.
          connect: (connection) =>
            import('./pushed/erasure-client.ts').then((m) =>
              m.createErasureClient({
                ...connection,
                fetch: (url, init) => fetch(url, init),
                allowedOrigins: __CONNECT_ORIGINS__,
                ownOrigin: location.origin,
              }),
            ),
          staffPin: () => pin.staffPin(),
          newId: () => crypto.randomUUID(),
          onRevoked: () => void (venue && (venue.revoked.value = true)),
        }),
        tablet: localErasures({
          store: erasureStore(db),
          clock: systemClock,
          newId: () => crypto.randomUUID(),
          onErased: (ids) => {
            for (const id of ids) {
              feed.announce(id);
              void model?.refreshParty(id);
            }
            void model?.loadFinished();
          },
        }),
        online,
      }),
    )).catch((error: unknown) => {
      guestData = undefined; // offline before the chunks were cached: tried again at the next opening
      throw error;
    });
  render(
    <App
      model={model}
      settings={settingsModel}
      pin={pin}
      // The camera and QR decoder are a separate chunk, loaded when the host first taps Scan PushedID.
      loadScanner={() => import('./scan/scanner.ts').then((m) => m.scanner)}
      kiosk={{ ...browserKiosk(), setLanguage: (l) => switchLanguage(l, true) }}
      waitlist={waitlist}
      announcements={announcements}
      quotes={quotes}
      venue={venue}
      sync={sync}
      pairCode={pairCode}
      guestData={loadGuestData}
    />,
    root,
  );
  model.start();
  keepScreenAwake();
  void requestPersistentStorage();
  await model.refresh();
  performance.mark(BOARD_READY_MARK); // read by the start-up benchmark
  // The history is read once the board is shown, never before; the mark is read by the start-up benchmark.
  setTimeout(() => void quotes.learn().then(() => performance.mark(QUOTES_READY_MARK)), 0);
  delivery.start(onPageVisible);
  void startSync();
  // Production only: the dev server has no precache list to give it. The app works without it, online.
  if (import.meta.env.PROD) {
    const isQuiet = () => !document.querySelector('dialog[open], [role="dialog"]') && !delivery.busy();
    setUpServiceWorker(location.search, { isQuiet }).catch(() => {});
  }
}

void start();

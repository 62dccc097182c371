/** The kill switch: `?no-sw` removes the service worker (and its caches) instead of installing it. */
const NO_SW_FLAG = 'no-sw';
/** A kiosk never navigates, so it looks for a new version itself. */
const UPDATE_CHECK_MS = 30 * 60_000;
/** How often a waiting update looks for a quiet moment. */
const QUIET_CHECK_MS = 2_000;

export interface ServiceWorkerOptions {
  /** True when an update may reload the page: nothing open, nothing being sent. */
  isQuiet(): boolean;
  checkEveryMs?: number;
}

/**
 * Installs the service worker that keeps the app offline, checks for a new version every 30
 * minutes, and switches to it only at a quiet moment, reloading onto the same address.
 * With `?no-sw` it removes the worker and its caches and reloads once instead.
 */
export async function setUpServiceWorker(
  search: string,
  { isQuiet, checkEveryMs = UPDATE_CHECK_MS }: ServiceWorkerOptions,
): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container) return;
  if (new URLSearchParams(search).has(NO_SW_FLAG)) {
    const registrations = await container.getRegistrations();
    await Promise.all(registrations.map((r) => r.unregister()));
    await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
    if (container.controller) location.reload(); // once: the reloaded page is not controlled any more
    return;
  }
  // A browser whose policy blocks workers answers with none: the app then runs online only, as without one.
  const registration = (await container.register('/sw.js', { scope: '/' })) as ServiceWorkerRegistration | undefined;
  if (!registration) return;
  setInterval(() => void registration.update().catch(() => {}), checkEveryMs); // offline: the next check will do

  let switching = false;
  container.addEventListener('controllerchange', () => switching && location.reload());
  let heldBack = 0;
  setInterval(() => {
    const waiting = registration.waiting;
    if (!waiting || !container.controller || switching) return;
    if (!isQuiet()) {
      // Counted where it can be read (the page's root), so "held back, not just slow" is a fact, not a guess.
      document.documentElement.dataset.updateHeldBack = String(++heldBack);
      return;
    }
    switching = true;
    waiting.postMessage({ type: 'SKIP_WAITING' });
  }, QUIET_CHECK_MS);
}

/**
 * Looks for a new version now (the venue server said this build syncs by older rules): once found, the
 * worker set up above switches to it at the next quiet moment. Without a worker, a reload fetches it.
 */
export async function updateApp(): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration();
  await registration?.update();
}

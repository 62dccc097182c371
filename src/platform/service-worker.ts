/** The kill switch: `?no-sw` removes the service worker (and its caches) instead of installing it. */
export const NO_SW_FLAG = 'no-sw';

/** Installs the service worker that keeps the app shell offline, or removes it when `?no-sw` is given. */
export async function setUpServiceWorker(search: string, container: ServiceWorkerContainer | undefined = navigator.serviceWorker): Promise<void> {
  if (!container) return;
  if (new URLSearchParams(search).has(NO_SW_FLAG)) {
    const registrations = await container.getRegistrations();
    await Promise.all(registrations.map((r) => r.unregister()));
    await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
    return;
  }
  await container.register('/sw.js', { scope: '/' });
}

import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

// The app shell, precached at install, so a tablet that loaded Waitbell once starts with no network.
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

// 1. Precache every file of this build (the list is written in at build time) and drop older builds' caches.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// 2. Every page navigation gets the cached app shell, except the Pushed API, the sandbox's and the guests' pages.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/1\//, /^\/sandbox\//, /^\/v\//] }),
);

// 3. Anything else (the Pushed API above all) goes to the network untouched.

// 4. A new version waits until the page says the host is between tasks (see platform/service-worker.ts).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

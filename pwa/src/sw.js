// Palier service worker: precached shell (Workbox), navigation fallback to index.html so the app
// opens offline, nothing from /api/ ever cached, Background Sync relayed to the pages.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

const SYNC_TAG = 'palier-sync';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The app uses hash routes, so its only navigations are to "/" (or /index.html). Other paths
// (back office, /api/) always go to the network.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    allowlist: [/^\/$/, /^\/index\.html$/],
    denylist: [/^\/api\//],
  }),
);

// A first install takes control at once; later versions wait for SKIP_WAITING from the page
// (sent when the outbox is empty, or when the user presses "Mettre à jour maintenant").
clientsClaim();

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

async function askClientsToSync() {
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of clients) client.postMessage({ type: 'SYNC' });
}

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(askClientsToSync());
});

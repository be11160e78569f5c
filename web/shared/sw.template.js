// Service worker of a phone page: the register page (register-sw.js) and the officer app (officer-sw.js), each
// generated into dist/web by web/vite.config.ts (pageServiceWorker), which fills in the page and its built files.
// It keeps the page and its scripts on the phone so that, once opened, the page opens again without a network.
// Network first for the page (a new build is picked up at once); the cached copy only when the network fails.
// API requests go to the network, and what cannot be sent waits in the page's own outbox; API answers are never
// kept, with one exception (below): the GB/T 2260 division lists that the place pickers load.
const { name: NAME, version: VERSION, page: PAGE, navigate: NAVIGATE, assets: ASSETS } = JSON.parse('__CONFIG__');
const PREFIX = `tg-${NAME}-`;
const CACHE = PREFIX + VERSION;

// The one API answer kept: `GET /api/v1/divisions` (the provinces) and `GET /api/v1/divisions?parent=CODE` (the
// cities or counties of one division), so that a place picker opened once (or warmed by the officer app, see
// web/officer/warm-divisions.ts) also works offline. This is safe because the answer is public reference data: the
// codes and names of provinces, cities and counties, with no personal data, the same for every person and every
// session (the route needs no login, and its list depends on nothing of the request but `parent`), changing once a
// year with a new data package. Network first: the server's answer is always preferred and refreshes the copy;
// the copy is used only when the network fails. Only a 200 of exactly this path and GET, with no query but one
// 6-digit `parent`, is kept (under that normalised address, without the request's headers or cookies: a script
// never sees Set-Cookie).
// The cache is shared by the pages (same origin, same data) and named outside every page's prefix, so no page's
// worker deletes it when it cleans up its own old caches; a new name here would need the old one removed.
const DIVISIONS_CACHE = 'tracegrid-divisions-v1';
const DIVISIONS_PATH = '/api/v1/divisions';

/** The address a divisions answer is kept under, or null when the request is not one of those kept. */
function divisionsKey(url) {
  if (url.pathname !== DIVISIONS_PATH) return null;
  const params = [...url.searchParams];
  if (params.length === 0) return DIVISIONS_PATH;
  if (params.length === 1 && params[0][0] === 'parent' && /^\d{6}$/.test(params[0][1])) return `${DIVISIONS_PATH}?parent=${params[0][1]}`;
  return null;
}

function divisions(event, key) {
  return fetch(event.request).then(
    (res) => {
      if (res.status === 200 && res.type === 'basic') {
        const copy = res.clone();
        event.waitUntil(caches.open(DIVISIONS_CACHE).then((cache) => cache.put(key, copy)).catch(() => undefined));
      }
      return res;
    },
    () => caches.match(key, { cacheName: DIVISIONS_CACHE, ignoreVary: true }).then((hit) => hit || Response.error()),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([PAGE, ...ASSETS])).then(() => self.skipWaiting()));
});

// Removes this page's own older caches only: not the other page's (their prefix differs), nor the shared divisions.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const divisionsAt = divisionsKey(url);
  if (divisionsAt) {
    event.respondWith(divisions(event, divisionsAt));
  } else if (request.mode === 'navigate' && NAVIGATE.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(fetch(request).catch(() => caches.match(PAGE, { cacheName: CACHE }).then((hit) => hit || Response.error())));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  }
});

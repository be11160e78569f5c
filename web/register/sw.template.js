// Service worker of the register page (generated into dist/web/register-sw.js by web/vite.config.ts, which fills
// in the asset list). It keeps the page and its scripts on the phone so the last pass can be shown offline.
// Network first for the page (a new build is picked up at once); the cached copy only when the network fails.
// API requests are not touched: check-ins that cannot be sent wait in the page's own outbox.
const VERSION = '__VERSION__';
const ASSETS = JSON.parse('__ASSETS__');
const CACHE = `tg-register-${VERSION}`;
const PAGE = '/register/';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([PAGE, ...ASSETS])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tg-register-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname.startsWith('/r/') || url.pathname.startsWith('/register/'))) {
    event.respondWith(fetch(request).catch(() => caches.match(PAGE).then((hit) => hit || Response.error())));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

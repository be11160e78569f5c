// The officer app (警务通): phone pages. Log in, then the live feed of my sites, pass scanning, assisted
// registration, look-ups and the shift summary (web/officer/router.ts).
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { i18n, restoreLocale } from '../shared/i18n/index.ts';
import { onSessionExpired } from '../shared/api.ts';
import { useSessionStore } from '../shared/session.ts';
import { unlockAudioOnFirstGesture } from './alert.ts';
import { useOfflineStore } from './stores/offline.ts';
import OfficerApp from './OfficerApp.vue';
import { router } from './router.ts';
import './officer.css';

const app = createApp(OfficerApp).use(createPinia()).use(i18n).use(router);
const session = useSessionStore();
const offline = useOfflineStore();
// The server says the session is gone: back to the login, and what the phone remembered for offline use is dropped.
onSessionExpired(() => {
  session.clear();
  offline.forget();
});
unlockAudioOnFirstGesture();
void restoreLocale().finally(() => app.mount('#app'));
// Keeps the app on the phone so it opens again without a network, and assisted registrations wait in its outbox
// (web/shared/sw.template.js: the app's own files, and of API answers only the public GB/T 2260 division lists).
if ('serviceWorker' in navigator) navigator.serviceWorker.register('/officer-sw.js', { scope: '/officer/' }).catch(() => undefined);

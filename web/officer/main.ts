// The officer app (警务通): phone pages. Log in, then the live feed of my sites, pass scanning, assisted
// registration, look-ups and the shift summary (web/officer/router.ts).
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { i18n, restoreLocale } from '../shared/i18n/index.ts';
import { onSessionExpired } from '../shared/api.ts';
import { useSessionStore } from '../shared/session.ts';
import { unlockAudioOnFirstGesture } from './alert.ts';
import OfficerApp from './OfficerApp.vue';
import { router } from './router.ts';
import './officer.css';

const app = createApp(OfficerApp).use(createPinia()).use(i18n).use(router);
const session = useSessionStore();
onSessionExpired(() => session.clear());
unlockAudioOnFirstGesture();
void restoreLocale().finally(() => app.mount('#app'));

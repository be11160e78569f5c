// The officer app (警务通): phone pages. For now: log in, see who you are and your scopes, log out.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { i18n, restoreLocale } from '../shared/i18n/index.ts';
import { onSessionExpired } from '../shared/api.ts';
import { useSessionStore } from '../shared/session.ts';
import OfficerApp from './OfficerApp.vue';
import './officer.css';

const app = createApp(OfficerApp).use(createPinia()).use(i18n);
const session = useSessionStore();
onSessionExpired(() => session.clear());
void restoreLocale().finally(() => app.mount('#app'));

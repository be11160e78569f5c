// The desktop console: Element Plus, vue-router under /console/, the shared session store and messages.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { i18n, restoreLocale } from '../shared/i18n/index.ts';
import { onSessionExpired } from '../shared/api.ts';
import { useSessionStore } from '../shared/session.ts';
import { router } from './router.ts';
import ConsoleApp from './ConsoleApp.vue';
import './console.css';

const app = createApp(ConsoleApp).use(createPinia()).use(i18n).use(ElementPlus).use(router);

const session = useSessionStore();
onSessionExpired(() => {
  // Only a session that was there and is now gone sends the user back to the login page.
  if (!session.me) return;
  session.clear();
  void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath, expired: '1' } });
});

void restoreLocale().finally(() => app.mount('#app'));

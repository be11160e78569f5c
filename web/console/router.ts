import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from '../shared/session.ts';
import type { Role } from '../shared/types.ts';
import LoginView from './views/LoginView.vue';
import ConsoleLayout from './views/ConsoleLayout.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Only these roles; the menu hides the item for the others. */
    roles?: Role[];
  }
}

const DASHBOARD_ROLES: Role[] = ['admin', 'commander', 'analyst'];

function landingPage(role: Role | undefined): 'dashboard' | 'org' {
  return role && DASHBOARD_ROLES.includes(role) ? 'dashboard' : 'org';
}

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    {
      path: '/',
      component: ConsoleLayout,
      children: [
        // The landing page: the dashboard for those who read it, the org hierarchy for the others (once the
        // session is known: a redirect would be decided before it is loaded).
        { path: '', name: 'home', component: { render: () => null }, beforeEnter: () => ({ name: landingPage(useSessionStore().me?.role) }) },
        { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { roles: DASHBOARD_ROLES } },
        { path: 'reports', name: 'reports', component: () => import('./views/ReportsView.vue'), meta: { roles: ['admin', 'commander', 'analyst'] } },
        { path: 'org', name: 'org', component: () => import('./views/OrgView.vue') },
        { path: 'sites', name: 'sites', component: () => import('./views/SitesView.vue') },
        {
          path: 'checkins',
          name: 'checkins',
          component: () => import('./views/CheckinsView.vue'),
          meta: { roles: ['admin', 'commander', 'analyst', 'officer'] },
        },
        // The data team's pages: lists and their imports, the person master index, duplicates to merge.
        { path: 'imports', name: 'imports', component: () => import('./views/ImportsView.vue'), meta: { roles: ['admin', 'analyst'] } },
        { path: 'people', name: 'people', component: () => import('./views/PeopleView.vue'), meta: { roles: ['admin', 'analyst', 'commander'] } },
        { path: 'people/:id', name: 'person', component: () => import('./views/PersonView.vue'), meta: { roles: ['admin', 'analyst', 'commander'] } },
        // Contact tracing: commanders read traces; analysts and administrators start and accept them.
        { path: 'tracing', name: 'tracing', component: () => import('./views/TracingView.vue'), meta: { roles: ['admin', 'analyst', 'commander'] } },
        { path: 'tracing/:id', name: 'trace', component: () => import('./views/TraceView.vue'), meta: { roles: ['admin', 'analyst', 'commander'] } },
        // Grid operations: task progress by unit, a unit's tasks, screening campaigns, grid posts.
        { path: 'grid', name: 'grid', component: () => import('./views/GridView.vue'), meta: { roles: ['admin', 'commander', 'analyst'] } },
        { path: 'merges', name: 'merges', component: () => import('./views/MergesView.vue'), meta: { roles: ['admin', 'analyst'] } },
        { path: 'risk-areas', name: 'risk-areas', component: () => import('./views/RiskAreasView.vue') },
        {
          path: 'notifications',
          name: 'notifications',
          component: () => import('./views/NotificationsView.vue'),
          meta: { roles: ['admin', 'commander'] },
        },
        { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { roles: ['admin'] } },
        { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { roles: ['admin'] } },
      ],
    },
    // The big screen of a command centre: the dashboard without the console's frame.
    {
      path: '/dashboard/screen',
      name: 'dashboard-screen',
      component: () => import('./views/DashboardScreen.vue'),
      meta: { roles: DASHBOARD_ROLES },
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) {
    try {
      await session.load();
    } catch {
      // server unreachable: the login page says so when the user tries
    }
  }
  if (to.meta.public) return session.me && to.name === 'login' ? { name: 'home' } : true;
  if (!session.me) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  const roles = to.matched.flatMap((r) => r.meta.roles ?? []);
  if (roles.length && !roles.includes(session.me.role)) return { name: 'org' };
  return true;
});

/** Where to go after login: the page asked for, if it is one of ours. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

// The officer app's pages under /officer/ (the server answers every /officer/* path with the app's index.html).
// A grid worker's pages (tasks, households) are shown to users who hold grid posts; OfficerApp.vue chooses the tabs.
import { createRouter, createWebHistory } from 'vue-router';
import FeedView from './views/FeedView.vue';

export const TABS = ['feed', 'scan', 'tasks', 'households', 'register', 'lookup', 'summary', 'me'] as const;

export const router = createRouter({
  history: createWebHistory('/officer/'),
  routes: [
    { path: '/', redirect: '/feed' },
    { path: '/feed', name: 'feed', component: FeedView },
    { path: '/scan', name: 'scan', component: () => import('./views/ScanView.vue') },
    { path: '/tasks', name: 'tasks', component: () => import('./views/TasksView.vue') },
    { path: '/tasks/:id', name: 'task', component: () => import('./views/TaskDetailView.vue') },
    { path: '/households', name: 'households', component: () => import('./views/HouseholdsView.vue') },
    { path: '/register', name: 'register', component: () => import('./views/AssistView.vue') },
    { path: '/lookup', name: 'lookup', component: () => import('./views/LookupView.vue') },
    { path: '/summary', name: 'summary', component: () => import('./views/SummaryView.vue') },
    { path: '/me', name: 'me', component: () => import('./views/MeView.vue') },
    { path: '/:rest(.*)*', redirect: '/feed' },
  ],
});

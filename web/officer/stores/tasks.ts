// The grid worker's tasks and households. The last answers the server gave (masked, as the lists show them) are kept
// on this phone per user, so the pages open without a network; they are forgotten at logout and when the server
// says the session is gone (OfficerApp.vue), like the remembered session of stores/offline.ts. Never kept: a person
// or an address in clear (reveal answers live in the page only). What the worker records on a task goes through
// stores/task-outbox.ts; the pages show it on top of these answers until the server has it.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { errorText } from '../../shared/errors.ts';
import { phoneStorage } from '../../register/storage.ts';
import { getTask, myHouseholds, myPosts, myTasks, type GridPost, type GridTask, type GridUnit, type Household, type TaskDetail } from '../worker-services.ts';
import { useTaskOutboxStore } from './task-outbox.ts';

export const WORKER_CACHE_KEY = 'tg_worker_cache';
/** Task details kept for offline reading: those of the tasks in the list, at most this many. */
const KEEP_DETAILS = 60;

export interface WorkerCache {
  posts: { orgUnit: GridUnit; post: GridPost }[];
  open: GridTask[];
  done: GridTask[];
  households: { items: Household[]; total: number } | null;
  details: Record<string, TaskDetail>;
  savedAt: string | null;
}

/** On the phone's calendar (the phones of a grid are in its time zone). */
export function isToday(iso: string | null | undefined): boolean {
  if (!iso) return false;
  const date = new Date(iso);
  return !Number.isNaN(date.getTime()) && date.toDateString() === new Date().toDateString();
}

const empty = (): WorkerCache => ({ posts: [], open: [], done: [], households: null, details: {}, savedAt: null });
const cacheKey = (userId: string) => `${WORKER_CACHE_KEY}:${userId}`;

function readCache(userId: string): WorkerCache {
  try {
    const raw = JSON.parse(phoneStorage().getItem(cacheKey(userId)) ?? 'null') as Partial<WorkerCache> | null;
    if (!raw || typeof raw !== 'object') return empty();
    return {
      posts: Array.isArray(raw.posts) ? raw.posts : [],
      open: Array.isArray(raw.open) ? raw.open : [],
      done: Array.isArray(raw.done) ? raw.done : [],
      households: raw.households && Array.isArray(raw.households.items) ? raw.households : null,
      details: raw.details && typeof raw.details === 'object' ? raw.details : {},
      savedAt: typeof raw.savedAt === 'string' ? raw.savedAt : null,
    };
  } catch {
    return empty();
  }
}

/** Drops what a user's phone kept of the server's answers (at logout; the outbox is not touched). */
export function forgetWorkerCache(userId: string): void {
  try {
    phoneStorage().removeItem(cacheKey(userId));
  } catch {
    // nothing was kept
  }
}

export const useTasksStore = defineStore('worker-tasks', () => {
  const outbox = useTaskOutboxStore();
  let owner: string | null = null;
  const cache = ref<WorkerCache>(empty());
  const loading = ref(false);
  const householdsLoading = ref(false);
  /** Why the last load failed (offline: the lists shown are the ones kept on the phone). */
  const error = ref('');
  const householdsError = ref('');
  /** The lists on screen come from the phone, not from the server just now. */
  const fromPhone = ref(false);
  let unlisten: (() => void) | null = null;

  const posts = computed(() => cache.value.posts);
  const open = computed(() => cache.value.open);
  const done = computed(() => cache.value.done);
  const households = computed(() => cache.value.households);
  const savedAt = computed(() => cache.value.savedAt);
  /** Holds a grid post (a worker, a building leader, community police...): the task pages are shown. */
  const holdsPosts = computed(() => cache.value.posts.length > 0);

  function save(): void {
    if (!owner) return;
    try {
      phoneStorage().setItem(cacheKey(owner), JSON.stringify(cache.value));
    } catch {
      // not kept (storage full): the pages then need the network next time
    }
  }

  /** A task as the server answered it, in the lists and details on screen and on the phone. */
  function apply(tasks: GridTask[]): void {
    const c = cache.value;
    let openList = c.open;
    let doneList = c.done;
    const details = { ...c.details };
    for (const answered of tasks) {
      const { events, ...task } = answered as TaskDetail; // the lists keep tasks, not their events
      openList = openList.filter((t) => t.id !== task.id);
      doneList = doneList.filter((t) => t.id !== task.id);
      if (task.status === 'open') openList = [...openList, task];
      else if (task.status === 'done') doneList = [task, ...doneList];
      const kept = details[task.id];
      if (kept) details[task.id] = { ...kept, ...task, events: events ?? kept.events };
    }
    cache.value = { ...c, open: openList, done: doneList, details };
    save();
  }

  /** Opens a user's kept answers (opened offline: the remembered user). */
  function openFor(userId: string): void {
    if (owner === userId) return;
    owner = userId;
    cache.value = readCache(userId);
    error.value = '';
    householdsError.value = '';
    fromPhone.value = cache.value.savedAt !== null;
  }

  /** The server has confirmed the user: their posts and tasks are asked for; synced records update the tasks. */
  function start(userId: string): void {
    openFor(userId);
    unlisten?.();
    unlisten = outbox.onSynced((tasks) => {
      apply(tasks);
      void loadTasks(); // the server's order and anything new since
    });
    void loadPosts();
    void loadTasks();
  }

  async function loadPosts(): Promise<void> {
    const user = owner;
    try {
      const { posts: answer } = await myPosts();
      if (owner !== user) return;
      cache.value = { ...cache.value, posts: answer };
      save();
    } catch {
      // kept from last time; the tabs stay as they were
    }
  }

  /** Today's work: every open task (the page groups overdue, today, later) and the tasks done today. */
  async function loadTasks(): Promise<void> {
    const user = owner;
    if (!user) return;
    loading.value = true;
    try {
      // Closed ones come newest first: those done today are among the first few.
      const [openPage, donePage] = await Promise.all([myTasks({ status: 'open' }), myTasks({ status: 'done', limit: 50 })]);
      if (owner !== user) return;
      const doneToday = donePage.items.filter((t) => isToday(t.doneAt));
      const ids = new Set([...openPage.items, ...doneToday].map((t) => t.id));
      const details = Object.fromEntries(Object.entries(cache.value.details).filter(([id]) => ids.has(id)).slice(-KEEP_DETAILS));
      cache.value = { ...cache.value, open: openPage.items, done: doneToday, details, savedAt: new Date().toISOString() };
      save();
      error.value = '';
      fromPhone.value = false;
    } catch (e) {
      if (owner !== user) return;
      error.value = errorText(e);
      fromPhone.value = cache.value.savedAt !== null;
    } finally {
      loading.value = false;
    }
  }

  /** A task from the lists or the details kept (for a page opened offline). */
  function known(id: string): TaskDetail | null {
    const detail = cache.value.details[id];
    if (detail) return detail;
    const task = [...cache.value.open, ...cache.value.done].find((t) => t.id === id);
    return task ? { ...task, events: [] } : null;
  }

  /** One task with its events from the server; offline, what the phone kept (an error says so). */
  async function loadTask(id: string): Promise<{ task: TaskDetail | null; error: string }> {
    const user = owner;
    try {
      const task = await getTask(id);
      if (owner === user && user) {
        const details = Object.fromEntries(Object.entries({ ...cache.value.details, [id]: task }).slice(-KEEP_DETAILS));
        cache.value = { ...cache.value, details };
        apply([task]);
      }
      return { task, error: '' };
    } catch (e) {
      return { task: known(id), error: errorText(e) };
    }
  }

  /**
   * The households of my grids. The answer without a search is kept for offline reading; a search is the server's,
   * or offline one through the kept list (by the masked name or address a worker can still read).
   */
  async function loadHouseholds(q = ''): Promise<Household[]> {
    const user = owner;
    householdsLoading.value = true;
    try {
      const answer = await myHouseholds(q ? { q } : {});
      householdsError.value = '';
      if (!q && owner === user && user) {
        cache.value = { ...cache.value, households: answer };
        save();
      }
      return answer.items;
    } catch (e) {
      householdsError.value = errorText(e);
      const items = cache.value.households?.items ?? [];
      const needle = q.trim();
      if (!needle) return items;
      return items.filter((h) => JSON.stringify([h.address, h.members.map((m) => m.person.name)]).includes(needle));
    } finally {
      householdsLoading.value = false;
    }
  }

  /** At logout (or the session gone): what the phone kept for this user is dropped; the outbox stays. */
  function forget(userId: string): void {
    forgetWorkerCache(userId);
    if (owner === userId) stop();
  }

  function stop(): void {
    owner = null;
    unlisten?.();
    unlisten = null;
    cache.value = empty();
    error.value = '';
    householdsError.value = '';
    fromPhone.value = false;
  }

  return {
    posts,
    open,
    done,
    households,
    savedAt,
    holdsPosts,
    loading,
    householdsLoading,
    error,
    householdsError,
    fromPhone,
    openFor,
    start,
    stop,
    forget,
    apply,
    known,
    loadTasks,
    loadTask,
    loadHouseholds,
  };
});

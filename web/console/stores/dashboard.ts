// The dashboard shown (desk view or big screen): the figures of one org unit and period, and the live stream that
// keeps them current. A check-in event refetches the figures, at most once every 3 s; the figures on the page stay
// until the new ones arrive, so a live update never blanks or flickers the page.
import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import { errorText } from '../../shared/errors.ts';
import { getDashboard, type Dashboard, type DashboardQuery } from '../services/dashboard.ts';

export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting';

const REFETCH_EVERY_MS = 3_000;
const RETRY_MS = 5_000;

export const useDashboardStore = defineStore('console-dashboard', () => {
  const data = shallowRef<Dashboard | null>(null);
  /** A load asked for by the user (another unit or period), not a live refresh. */
  const loading = ref(false);
  const error = ref('');
  const live = ref<LiveState>('idle');
  /** When the figures shown were read (ms), for "updated at". */
  const updatedAt = ref(0);
  let query: DashboardQuery = {};
  let serial = 0;
  let lastFetch = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let listeners = 0;

  async function fetchNow(silent: boolean): Promise<void> {
    const mine = ++serial;
    lastFetch = Date.now();
    if (!silent) loading.value = true;
    try {
      const next = await getDashboard(query);
      if (mine !== serial) return;
      data.value = next;
      error.value = '';
      updatedAt.value = Date.now();
    } catch (e) {
      // A failed live refresh keeps the figures shown; a failed load says why.
      if (mine === serial && !silent) error.value = errorText(e);
    } finally {
      if (mine === serial) loading.value = false;
    }
  }

  /** Another org unit or period: the answer replaces what is shown (a late answer to an older query is dropped). */
  function load(q: DashboardQuery): Promise<void> {
    query = { ...q };
    clearTimeout(pending);
    pending = undefined;
    return fetchNow(false);
  }

  /** A refresh for a live event: leading edge now, then at most one every 3 s. */
  function refreshSoon(): void {
    if (pending) return;
    const wait = Math.max(0, lastFetch + REFETCH_EVERY_MS - Date.now());
    pending = setTimeout(() => {
      pending = undefined;
      void fetchNow(true);
    }, wait);
  }

  function connect(): void {
    clearTimeout(retryTimer);
    source?.close();
    live.value = live.value === 'idle' ? 'connecting' : 'reconnecting';
    // No lastEventId: missed check-ins are in the figures of the next fetch anyway.
    const es = new EventSource('/api/v1/stream', { withCredentials: true });
    source = es;
    es.addEventListener('open', () => {
      if (source !== es) return;
      live.value = 'live';
      // What happened while the stream was down is in the figures now.
      if (data.value) refreshSoon();
    });
    es.addEventListener('checkin', () => refreshSoon());
    es.addEventListener('error', () => {
      if (source !== es) return;
      live.value = 'reconnecting';
      // CLOSED: the server refused or the network is gone for good; the browser does not retry by itself.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        retryTimer = setTimeout(connect, RETRY_MS);
      }
    });
  }

  /** A page that shows the dashboard subscribes while it is open; the stream closes when the last one leaves. */
  function startLive(): void {
    listeners += 1;
    if (!source) connect();
  }

  function stopLive(): void {
    listeners = Math.max(0, listeners - 1);
    if (listeners > 0) return;
    clearTimeout(retryTimer);
    clearTimeout(pending);
    pending = undefined;
    source?.close();
    source = null;
    live.value = 'idle';
  }

  return { data, loading, error, live, updatedAt, load, refreshSoon, startLive, stopLive };
});

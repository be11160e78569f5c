// The dashboard's org unit and period live in the address (?org=CODE&from=&to=), so a view can be bookmarked,
// shared and gone back to; this loads what the address says and keeps the live stream open while the page is.
import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { useDashboardStore } from '../stores/dashboard.ts';
import type { DashboardQuery, Period } from '../services/dashboard.ts';

function one(value: LocationQuery[string]): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v ? v : undefined;
}

export function useDashboardRoute() {
  const route = useRoute();
  const router = useRouter();
  const store = useDashboardStore();

  const queryOf = (q: LocationQuery): DashboardQuery => ({ org: one(q.org), from: one(q.from), to: one(q.to) });

  watch(
    () => JSON.stringify(queryOf(route.query)),
    () => void store.load(queryOf(route.query)),
    { immediate: true },
  );

  onMounted(() => store.startLive());
  onBeforeUnmount(() => store.stopLive());

  /** Another org unit, same period. */
  function drill(org: string): void {
    void router.push({ query: { ...route.query, org } });
  }

  function setPeriod(period: Period): void {
    void router.push({ query: { ...route.query, from: period.from, to: period.to } });
  }

  return { store, drill, setPeriod };
}

// The sites in the officer's scope, and the one the feed watches (or all of them), remembered on this phone.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { listSites, type Site } from '../services.ts';

const CHOICE_KEY = 'tg_officer_site';

function storedChoice(): string {
  try {
    return localStorage.getItem(CHOICE_KEY) ?? '';
  } catch {
    return '';
  }
}

export const useSitesStore = defineStore('officer-sites', () => {
  const items = ref<Site[]>([]);
  const loaded = ref(false);
  /** A site code, or '' for every site of mine. */
  const chosen = ref(storedChoice());
  let loading: Promise<void> | null = null;

  const byCode = computed(() => new Map(items.value.map((s) => [s.code, s])));
  const chosenSite = computed(() => byCode.value.get(chosen.value) ?? null);

  function load(force = false): Promise<void> {
    if (loading && !force) return loading;
    loading = listSites()
      .then((sites) => {
        items.value = sites;
        loaded.value = true;
        if (chosen.value && !sites.some((s) => s.code === chosen.value)) choose('');
      })
      .catch((e: unknown) => {
        loading = null;
        throw e;
      });
    return loading;
  }

  function choose(code: string): void {
    chosen.value = code;
    try {
      if (code) localStorage.setItem(CHOICE_KEY, code);
      else localStorage.removeItem(CHOICE_KEY);
    } catch {
      // not remembered; still chosen
    }
  }

  /** Opened offline: the sites remembered with the last confirmed session (not `loaded`: not from the server). */
  function restore(sites: Site[]): void {
    items.value = sites;
    loaded.value = false;
    loading = null;
  }

  function reset(): void {
    items.value = [];
    loaded.value = false;
    loading = null;
  }

  return { items, loaded, chosen, chosenSite, byCode, load, choose, restore, reset };
});

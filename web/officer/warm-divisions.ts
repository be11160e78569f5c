// Warms the service worker's division cache (web/shared/sw.template.js) so that the place pickers of 代登记 work
// offline at checkpoints and floating-population sites: with a confirmed session and such a site remembered, the
// provinces, and the cities and counties of the officer's own province(s) (the first two digits of their org units'
// codes; e.g. 150000, its 12 cities and their counties: about 15 small requests). In the background, one request
// at a time, at most once a day; the service worker keeps each answer as it passes. Other places work offline once
// they have been opened online. Only public reference data is asked for (no session is sent).
import type { Remembered } from './stores/offline.ts';
import type { SiteKind } from './services.ts';

export const WARMED_KEY = 'tg_officer_divisions_warmed';
const DAY_MS = 24 * 60 * 60 * 1000;
/** The kinds of site whose form has place pickers (origin and destination, or home). */
const WITH_PLACES: readonly SiteKind[] = ['checkpoint', 'floating'];
/** How long to wait for the service worker to take the page over (its first install). */
const CONTROL_WAIT_MS = 30_000;

interface Division {
  code: string;
  name: string;
}

interface Warmed {
  at: number;
  provinces: string[];
}

/** The provinces of the officer's org units: 150102 -> 150000. */
export function provincesOf(r: Remembered): string[] {
  const codes = r.scopes.map((s) => s.code).filter((c) => /^\d{2}/.test(c) && !c.startsWith('00'));
  return [...new Set(codes.map((c) => `${c.slice(0, 2)}0000`))].sort();
}

function readWarmed(): Warmed | null {
  try {
    const w = JSON.parse(localStorage.getItem(WARMED_KEY) ?? 'null') as Warmed | null;
    return w && typeof w.at === 'number' && Array.isArray(w.provinces) ? w : null;
  } catch {
    return null;
  }
}

/** True once a service worker handles the page's requests (it keeps the answers); false if none comes. */
function controlled(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(false);
  const sw = navigator.serviceWorker;
  if (sw.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(sw.controller !== null), CONTROL_WAIT_MS);
    sw.addEventListener('controllerchange', () => (clearTimeout(timer), resolve(true)), { once: true });
  });
}

async function level(parent?: string): Promise<Division[]> {
  const res = await fetch(`/api/v1/divisions${parent ? `?parent=${parent}` : ''}`, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  if (!res.ok) throw new Error(`divisions ${parent ?? ''}: ${res.status}`);
  return ((await res.json()) as { items: Division[] }).items;
}

let running: Promise<void> | null = null;

/** Starts the warm-up if it is due; never fails (what could not be asked is asked on a later day or login). */
export function warmDivisions(r: Remembered): Promise<void> {
  running ??= (async () => {
    try {
      if (!r.sites.some((s) => WITH_PLACES.includes(s.kind))) return;
      const provinces = provincesOf(r);
      if (!provinces.length) return;
      const before = readWarmed();
      if (before && Date.now() - before.at < DAY_MS && provinces.every((p) => before.provinces.includes(p))) return;
      if (!navigator.onLine || !(await controlled())) return;
      const known = new Set((await level()).map((d) => d.code));
      for (const province of provinces.filter((p) => known.has(p))) {
        // Cities (or a municipality's districts), then the counties of each city; counties have no children.
        for (const city of await level(province)) if (city.code.endsWith('00')) await level(city.code);
      }
      localStorage.setItem(WARMED_KEY, JSON.stringify({ at: Date.now(), provinces } satisfies Warmed));
    } catch {
      // offline again, or storage refused: tried again at a later login or page load
    } finally {
      running = null;
    }
  })();
  return running;
}

// Working without a network. The last session the server confirmed is remembered on this phone: who the officer is
// (username, display name, role, scopes) and their sites (code, name, kind, org unit and the register token of the
// site's poster, which is public). No personal data of anyone else and no cookie: the HttpOnly session cookie stays
// with the browser. Opened offline with a remembered officer, the app works from it (assisted registrations go to
// that officer's outbox) until the server confirms the session again. Forgotten at logout and as soon as the
// server says the session is gone; the outbox is not (it waits, per officer, until that officer logs in again).
import { ref } from 'vue';
import { defineStore } from 'pinia';
import { errorText } from '../../shared/errors.ts';
import { useSessionStore } from '../../shared/session.ts';
import { ROLES, type Me, type Role, type ScopeUnit } from '../../shared/types.ts';
import { SITE_KINDS, siteToken, type Site, type SiteKind } from '../services.ts';
import { useAssistStore } from './assist.ts';
import { useSitesStore } from './sites.ts';
import { warmDivisions } from '../warm-divisions.ts';

export const REMEMBERED_KEY = 'tg_officer_session';
/** While the server cannot be reached: asked again this often, and at once when the phone says it is online. */
const RETRY_MS = 30_000;

export interface RememberedSite {
  code: string;
  name: string;
  kind: SiteKind;
  orgName: string;
  token: string;
}

export interface Remembered {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopes: ScopeUnit[];
  sites: RememberedSite[];
}

/** Who the remembered officer was, once forgotten: the login form says whose registrations still wait. */
export interface FormerOfficer {
  id: string;
  username: string;
  displayName: string;
}

const isString = (v: unknown): v is string => typeof v === 'string';

function isScope(v: unknown): v is ScopeUnit {
  const s = v as ScopeUnit | null;
  return !!s && isString(s.id) && isString(s.code) && isString(s.name) && isString(s.level);
}

function isSite(v: unknown): v is RememberedSite {
  const s = v as RememberedSite | null;
  return !!s && isString(s.code) && isString(s.name) && SITE_KINDS.includes(s.kind) && isString(s.orgName) && isString(s.token) && s.token !== '';
}

/** The stored summary, or null when there is none or it is not one this app wrote. */
export function parseRemembered(raw: string | null): Remembered | null {
  try {
    const r = JSON.parse(raw ?? 'null') as Remembered | null;
    if (!r || !isString(r.id) || !isString(r.username) || !isString(r.displayName) || !ROLES.includes(r.role)) return null;
    if (!Array.isArray(r.scopes) || !r.scopes.every(isScope) || !Array.isArray(r.sites) || !r.sites.every(isSite)) return null;
    return { id: r.id, username: r.username, displayName: r.displayName, role: r.role, scopes: r.scopes, sites: r.sites };
  } catch {
    return null;
  }
}

/** What is kept of a confirmed session: the officer's own summary and their sites, nothing else. */
export function summaryOf(me: Me, sites: Site[]): Remembered {
  return {
    id: me.id,
    username: me.username,
    displayName: me.displayName,
    role: me.role,
    scopes: me.scopes.map(({ id, code, name, level }) => ({ id, code, name, level })),
    sites: sites
      .map((s) => ({ code: s.code, name: s.name, kind: s.kind, orgName: s.orgUnit?.name ?? '', token: siteToken(s) }))
      .filter((s) => s.token !== ''),
  };
}

/** A remembered site as the pages use it (the address only carries the token, as the poster's does). */
export function siteOf(s: RememberedSite): Site {
  return { code: s.code, name: s.name, kind: s.kind, orgUnit: { name: s.orgName }, url: `/r/${encodeURIComponent(s.token)}` };
}

function read(): Remembered | null {
  try {
    return parseRemembered(localStorage.getItem(REMEMBERED_KEY));
  } catch {
    return null;
  }
}

export const useOfflineStore = defineStore('officer-offline', () => {
  const session = useSessionStore();
  const remembered = ref<Remembered | null>(read());
  /** Opened without the server: working from `remembered` until the server confirms the session. */
  const active = ref(false);
  /** Asking the server who is logged in (at start, on `online`, on a retry). */
  const checking = ref(false);
  /** The server could not be asked and nothing is remembered: the app can only say so. */
  const error = ref('');
  const former = ref<FormerOfficer | null>(null);
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const onOnline = () => void connect();

  function remember(me: Me, sites: Site[]): void {
    const summary = summaryOf(me, sites);
    remembered.value = summary;
    former.value = null;
    try {
      localStorage.setItem(REMEMBERED_KEY, JSON.stringify(summary));
    } catch {
      // not kept on this phone: the app then needs the network to open
    }
    // In the background: the place pickers of checkpoint and floating-population forms, for opening offline.
    void warmDivisions(summary);
  }

  /** At logout, or when the server says the session is gone. The outbox stays (see assist.ts). */
  function forget(): void {
    const r = remembered.value;
    if (r) former.value = { id: r.id, username: r.username, displayName: r.displayName };
    remembered.value = null;
    try {
      localStorage.removeItem(REMEMBERED_KEY);
    } catch {
      // nothing was kept
    }
  }

  function retryLater(): void {
    window.addEventListener('online', onOnline);
    clearInterval(timer);
    timer = setInterval(onOnline, RETRY_MS);
  }

  function stopRetrying(): void {
    window.removeEventListener('online', onOnline);
    clearInterval(timer);
    timer = undefined;
  }

  function enter(r: Remembered): void {
    active.value = true;
    useSitesStore().restore(r.sites.map(siteOf));
    useAssistStore().open(r.id); // shown and added to; nothing is sent before the server confirms r.id
  }

  /**
   * Asks the server who is logged in. Reached: the offline state ends; the same officer carries on (the app then
   * starts the feed and sends the outbox, see OfficerApp.vue), another one gets their own outbox, and a session
   * that is gone leads to the login form. Not reached: the remembered officer, if any, works offline.
   */
  function connect(): Promise<void> {
    inFlight ??= (async () => {
      checking.value = true;
      try {
        await session.load();
        error.value = '';
        stopRetrying();
        if (!session.me) forget(); // the server said the session is gone (also done by the session-expired hook)
        if (active.value) {
          active.value = false;
          if (!session.me) {
            useAssistStore().stop();
            useSitesStore().reset();
          }
        }
      } catch (e) {
        // Not answered (no network, or a gateway's error page): asked again later, the remembered officer works on.
        retryLater();
        if (active.value) return;
        if (remembered.value && !session.me) {
          error.value = '';
          enter(remembered.value);
        } else {
          error.value = errorText(e);
        }
      } finally {
        checking.value = false;
        inFlight = null;
      }
    })();
    return inFlight;
  }

  return { remembered, active, checking, error, former, remember, forget, connect };
});

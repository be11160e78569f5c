// The live feed: the latest check-ins at the chosen site (or all of mine), newest first, then every new one as it
// arrives over the event stream; flagged ones stay pinned on top (with sound and vibration) until acknowledged or
// decided; decisions of any officer are shown on their entries. Everything here is masked.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { errorText } from '../../shared/errors.ts';
import { useSessionStore } from '../../shared/session.ts';
import { alertFlagged } from '../alert.ts';
import { listCheckins, toDecision, type CheckinItem, type DecisionInfo, type DecisionKind } from '../services.ts';
import { useSitesStore } from './sites.ts';

export interface FeedEntry {
  id: string;
  groupId: string | null;
  at: string;
  site: { code: string; name: string };
  kind: string;
  direction: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  plate: string | null;
  temperature: number | null;
  flags: string[];
  people: number;
  enteredBy: string | null;
  enteredByName: string | null;
  decision: DecisionInfo | null;
}

export type StreamState = 'idle' | 'connecting' | 'live' | 'reconnecting';

interface CheckinFrame {
  id: string;
  site: string;
  kind: string;
  direction: string;
  at: string;
  flags: string[];
  people: number;
  person: { name: string | null; idNumber: string | null; phone: string | null };
}

interface DecisionFrame {
  id: string;
  checkinId: string;
  site: string;
  decision: DecisionKind;
  at: string | number;
  by: string | { displayName?: string };
}

const KEEP = 300;
const ACK_KEY = 'tg_officer_ack';
const RETRY_MS = 5_000;

function storedAcks(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(ACK_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** One row of the API (one person of a check-in) as a list entry. */
export function entryOf(r: CheckinItem, people = 1): FeedEntry {
  return {
    id: r.id,
    groupId: r.groupId,
    at: r.at,
    site: r.site,
    kind: r.kind,
    direction: r.direction,
    name: r.name,
    idNumber: r.idNumber,
    phone: r.phone,
    plate: r.plate,
    temperature: r.temperature,
    flags: r.flags,
    people,
    enteredBy: r.enteredBy,
    enteredByName: r.enteredByName ?? null,
    decision: toDecision(r.decision ?? null),
  };
}

/** Rows of GET /checkins (one per person) -> one entry per submission, with the number of people in it. */
export function entriesFromRows(rows: CheckinItem[]): FeedEntry[] {
  const people = new Map<string, number>();
  for (const r of rows) people.set(r.groupId, (people.get(r.groupId) ?? 0) + 1);
  return rows
    .filter((r) => r.role === 'self' || !rows.some((o) => o.groupId === r.groupId && o.role === 'self'))
    .filter((r, i, all) => all.findIndex((o) => o.groupId === r.groupId) === i)
    .map((r) => entryOf(r, people.get(r.groupId) ?? 1));
}

export const useFeedStore = defineStore('officer-feed', () => {
  const sites = useSitesStore();
  const entries = ref<FeedEntry[]>([]);
  const acknowledged = ref<Set<string>>(new Set(storedAcks()));
  const state = ref<StreamState>('idle');
  const loading = ref(false);
  const error = ref('');
  /** How many flagged check-ins were announced with sound and vibration since the page opened. */
  const alerts = ref(0);
  let source: EventSource | null = null;
  let lastEventId = '';
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let loadSerial = 0;

  const isPinned = (e: FeedEntry) => e.flags.length > 0 && !e.decision && !acknowledged.value.has(e.id);
  const pinned = computed(() => entries.value.filter(isPinned));
  const others = computed(() => entries.value.filter((e) => !isPinned(e)));

  const watching = (siteCode: string) => !sites.chosen || sites.chosen === siteCode;

  function insert(entry: FeedEntry): boolean {
    if (entries.value.some((e) => e.id === entry.id)) return false;
    const list = [entry, ...entries.value].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
    entries.value = list.slice(0, KEEP);
    return true;
  }

  /** The first page of the chosen site (or all of mine); live entries that came meanwhile are kept. */
  async function reload(): Promise<void> {
    const serial = ++loadSerial;
    loading.value = true;
    error.value = '';
    try {
      const { items } = await listCheckins(sites.chosen || null, 100);
      if (serial !== loadSerial) return;
      const live = entries.value.filter((e) => watching(e.site.code));
      entries.value = [];
      for (const e of [...entriesFromRows(items), ...live]) insert(e);
    } catch (e) {
      if (serial === loadSerial) error.value = errorText(e);
    } finally {
      if (serial === loadSerial) loading.value = false;
    }
  }

  function onCheckin(event: MessageEvent<string>): void {
    if (event.lastEventId) lastEventId = event.lastEventId;
    let f: CheckinFrame;
    try {
      f = JSON.parse(event.data) as CheckinFrame;
    } catch {
      return;
    }
    if (!watching(f.site)) return;
    const entry: FeedEntry = {
      id: f.id,
      groupId: null,
      at: f.at,
      site: { code: f.site, name: sites.byCode.get(f.site)?.name ?? f.site },
      kind: f.kind,
      direction: f.direction,
      name: f.person?.name ?? '',
      idNumber: f.person?.idNumber ?? null,
      phone: f.person?.phone ?? null,
      plate: null,
      temperature: null,
      flags: f.flags ?? [],
      people: f.people ?? 1,
      enteredBy: null,
      enteredByName: null,
      decision: null,
    };
    if (insert(entry) && entry.flags.length) {
      alerts.value += 1;
      alertFlagged();
    }
  }

  function onDecision(event: MessageEvent<string>): void {
    if (event.lastEventId) lastEventId = event.lastEventId;
    let f: DecisionFrame;
    try {
      f = JSON.parse(event.data) as DecisionFrame;
    } catch {
      return;
    }
    const decision = toDecision({ id: f.id, checkinId: f.checkinId, decision: f.decision, at: f.at, by: f.by });
    if (decision) applyDecision(f.checkinId, decision);
  }

  /** Shows a decision (this officer's, or one from the stream) on its entry; the newest one wins. */
  function applyDecision(checkinId: string, decision: DecisionInfo): void {
    entries.value = entries.value.map((e) =>
      (e.id === checkinId || e.groupId === checkinId) && (!e.decision || e.decision.at <= decision.at) ? { ...e, decision } : e,
    );
  }

  function connect(): void {
    clearTimeout(retryTimer);
    source?.close();
    state.value = state.value === 'idle' ? 'connecting' : 'reconnecting';
    const url = lastEventId ? `/api/v1/stream?lastEventId=${encodeURIComponent(lastEventId)}` : '/api/v1/stream';
    const es = new EventSource(url, { withCredentials: true });
    source = es;
    es.addEventListener('open', () => {
      if (source === es) state.value = 'live';
    });
    es.addEventListener('checkin', onCheckin as EventListener);
    es.addEventListener('decision', onDecision as EventListener);
    es.addEventListener('error', () => {
      if (source !== es) return;
      state.value = 'reconnecting';
      // CONNECTING: the browser retries by itself (and resumes with Last-Event-ID). CLOSED: the server refused
      // (e.g. the session ended) or the network is gone for good; try again a little later.
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        retryTimer = setTimeout(connect, RETRY_MS);
        // Ended session: /me says so, the app returns to its login and stops the feed (and this retry).
        void useSessionStore()
          .load()
          .catch(() => undefined);
      }
    });
  }

  function onOnline(): void {
    if (source && source.readyState !== EventSource.OPEN) connect();
  }

  /** After login: the first page, then the stream. */
  function start(): void {
    if (source) return;
    void reload();
    connect();
    window.addEventListener('online', onOnline);
  }

  /** At logout: nothing of the feed stays in memory. */
  function stop(): void {
    clearTimeout(retryTimer);
    source?.close();
    source = null;
    window.removeEventListener('online', onOnline);
    entries.value = [];
    state.value = 'idle';
    lastEventId = '';
    error.value = '';
  }

  function acknowledge(id: string): void {
    const next = new Set(acknowledged.value);
    next.add(id);
    acknowledged.value = next;
    try {
      localStorage.setItem(ACK_KEY, JSON.stringify([...next].slice(-KEEP)));
    } catch {
      // not remembered past this visit
    }
  }

  return { entries, pinned, others, state, loading, error, alerts, reload, start, stop, acknowledge, applyDecision, isPinned };
});

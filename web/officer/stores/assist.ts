// Assisted registration: check-ins the officer enters for people without a phone. They go through the register
// page's outbox (kept on this phone under a key of its own, each with its idempotency key before the first
// attempt), sent with the officer's session so the server records who entered them; offline they wait and are
// sent when the network is back, never twice. Opened offline (stores/offline.ts), the remembered officer's outbox
// is shown and added to, but nothing is sent until the server has confirmed that this officer is logged in.
import { ref } from 'vue';
import { defineStore } from 'pinia';
import { csrfHeaders } from '../../shared/api.ts';
import { useSessionStore } from '../../shared/session.ts';
import { sendCheckin } from '../../register/api.ts';
import { Outbox, type Accepted, type Outcome, type Pending, type SiteInfo } from '../../register/outbox.ts';
import type { CheckinBody } from '../../register/payload.ts';
import { phoneStorage } from '../../register/storage.ts';

export const ASSIST_OUTBOX_KEY = 'tg_officer_outbox';
const KEEP_RESULTS = 5;
/** The session is gone or the CSRF token is stale: keep the check-in until the officer has logged in again. */
const SESSION_CODES = new Set(['auth.required', 'auth.session_expired', 'auth.csrf']);

export interface AssistResult {
  key: string;
  site: SiteInfo;
  name: string;
  people: number;
  at: number;
  accepted: Accepted;
}

export interface AssistRefusal {
  key: string;
  site: SiteInfo;
  name: string;
  message: string;
}

/** 张三 -> 张*; what the waiting list and the results show of the person. */
export function shortName(body: CheckinBody): string {
  const name = String((body.person as { name?: string } | undefined)?.name ?? '');
  const chars = Array.from(name.trim());
  return chars.length ? chars[0] + '*'.repeat(Math.max(1, chars.length - 1)) : '';
}

async function sendAsOfficer(body: CheckinBody): Promise<Outcome> {
  // Never sent without a session: it would be stored as a self-registration, not as entered by this officer.
  if (!csrfHeaders()['x-csrf-token']) return { ok: false, retry: true };
  const outcome = await sendCheckin(body, { session: true, headers: csrfHeaders });
  if (!outcome.ok && !outcome.retry && SESSION_CODES.has(outcome.code)) return { ok: false, retry: true };
  return outcome;
}

const outboxKey = (userId: string) => `${ASSIST_OUTBOX_KEY}:${userId}`;

/** How many assisted registrations wait on this phone: one officer's, or those of every officer. */
export function waitingOnPhone(userId?: string): number {
  const storage = phoneStorage();
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key && (userId ? key === outboxKey(userId) : key.startsWith(`${ASSIST_OUTBOX_KEY}:`))) keys.push(key);
  }
  return keys.reduce((total, key) => total + new Outbox(storage, key).list().length, 0);
}

const WAIT: Outcome = { ok: false, retry: true };

export const useAssistStore = defineStore('officer-assist', () => {
  const session = useSessionStore();
  // One outbox per officer on this phone: what one officer entered is never sent under another's session.
  let outbox = new Outbox(phoneStorage(), ASSIST_OUTBOX_KEY);
  /** The officer whose outbox is open. */
  let owner: string | null = null;
  /** The server has said (login or /me) that `owner` is the one logged in: only then is anything sent. */
  let active = false;
  const pending = ref<Pending[]>([]);
  const results = ref<AssistResult[]>([]);
  const refusals = ref<AssistRefusal[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onOnline = () => void flush(true);

  /** Checked before every attempt: the outbox's owner is the officer of the confirmed session. */
  const mayRun = () => active && owner !== null && session.me?.id === owner;
  const send = (body: CheckinBody): Promise<Outcome> => (mayRun() ? sendAsOfficer(body) : Promise.resolve(WAIT));

  const refresh = () => (pending.value = outbox.list());

  function settle(item: Pending, outcome: Outcome): void {
    if (outcome.ok) {
      const people = 1 + ((item.body.companions as unknown[] | undefined)?.length ?? 0);
      const result: AssistResult = { key: item.key, site: item.site, name: shortName(item.body), people, at: Date.now(), accepted: outcome.accepted };
      results.value = [result, ...results.value.filter((r) => r.key !== item.key)].slice(0, KEEP_RESULTS);
    } else if (!outcome.retry) {
      refusals.value = [{ key: item.key, site: item.site, name: shortName(item.body), message: outcome.message }, ...refusals.value].slice(0, KEEP_RESULTS);
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    if (!active) return;
    const due = outbox.nextDue();
    if (due !== null) timer = setTimeout(() => void flush(), Math.max(1_000, due - Date.now()));
  }

  /** Sends one new check-in at once (kept first, so a lost answer or a closed tab never loses or doubles it). */
  async function submit(body: CheckinBody, site: SiteInfo): Promise<{ item: Pending; outcome: Outcome | null }> {
    const item = outbox.add(body, site);
    refresh();
    if (!mayRun()) return { item, outcome: WAIT }; // offline: it waits until the session is confirmed
    const outcome = await outbox.attempt(body.key, send);
    refresh();
    if (outcome) settle(item, outcome);
    schedule();
    return { item, outcome };
  }

  async function flush(force = false): Promise<void> {
    if (!mayRun()) return;
    const done = await outbox.flush(send, { force });
    for (const { item, outcome } of done) settle(item, outcome);
    refresh();
    schedule();
  }

  /** Opens an officer's outbox without sending (opened offline: the remembered officer, not yet confirmed). */
  function open(userId: string): void {
    if (owner !== userId) {
      stop();
      owner = userId;
      outbox = new Outbox(phoneStorage(), outboxKey(userId));
    }
    refresh();
  }

  /** Once the server has confirmed the officer: what could not be sent yet, and again whenever the network is back. */
  function start(userId: string): void {
    if (active && owner === userId) return;
    open(userId);
    active = true;
    window.addEventListener('online', onOnline);
    void flush(true);
  }

  /** At logout: nothing is sent until an officer logs in again; the results on screen are dropped. */
  function stop(): void {
    active = false;
    owner = null;
    clearTimeout(timer);
    window.removeEventListener('online', onOnline);
    results.value = [];
    refusals.value = [];
    pending.value = [];
  }

  return { pending, results, refusals, submit, flush, open, start, stop };
});

// Assisted registration: check-ins the officer enters for people without a phone. They go through the register
// page's outbox (kept on this phone under a key of its own, each with its idempotency key before the first
// attempt), sent with the officer's session so the server records who entered them; offline they wait and are
// sent when the network is back, never twice.
import { ref } from 'vue';
import { defineStore } from 'pinia';
import { csrfHeaders } from '../../shared/api.ts';
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

export const useAssistStore = defineStore('officer-assist', () => {
  // One outbox per officer on this phone: what one officer entered is never sent under another's session.
  let outbox = new Outbox(phoneStorage(), ASSIST_OUTBOX_KEY);
  const pending = ref<Pending[]>([]);
  const results = ref<AssistResult[]>([]);
  const refusals = ref<AssistRefusal[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = false;
  const onOnline = () => void flush(true);

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
    const outcome = await outbox.attempt(body.key, sendAsOfficer);
    refresh();
    if (outcome) settle(item, outcome);
    schedule();
    return { item, outcome };
  }

  async function flush(force = false): Promise<void> {
    if (!active) return;
    const done = await outbox.flush(sendAsOfficer, { force });
    for (const { item, outcome } of done) settle(item, outcome);
    refresh();
    schedule();
  }

  /** Once logged in: what earlier visits could not send, and again whenever the network comes back. */
  function start(userId: string): void {
    if (active) return;
    active = true;
    outbox = new Outbox(phoneStorage(), `${ASSIST_OUTBOX_KEY}:${userId}`);
    refresh();
    window.addEventListener('online', onOnline);
    void flush(true);
  }

  /** At logout: nothing is sent until an officer logs in again; the results on screen are dropped. */
  function stop(): void {
    active = false;
    clearTimeout(timer);
    window.removeEventListener('online', onOnline);
    results.value = [];
    refusals.value = [];
    pending.value = [];
  }

  return { pending, results, refusals, submit, flush, start, stop };
});

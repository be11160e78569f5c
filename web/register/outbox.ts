// Submissions kept on the phone until the server has them. Each is stored with its idempotency key *before* the
// first attempt, so a closed tab, a lost answer or a retry never makes a second check-in: the same key is resent
// and the server stores it once. Storage is passed in (localStorage on the phone, a plain one in unit tests).
import type { CheckinBody } from './payload.ts';

export interface SiteInfo {
  code: string;
  name: string;
  kind: string;
  orgName?: string;
}

export interface Pending {
  key: string;
  body: CheckinBody;
  site: SiteInfo;
  createdAt: number;
  attempts: number;
  nextAt: number;
}

export interface Accepted {
  id: string;
  pass: string;
  flags: string[];
}

/** What one attempt came to: sent, refused for good (4xx: resending would not help), or try again later. */
export type Outcome = { ok: true; accepted: Accepted } | { ok: false; retry: false; code: string; message: string; field?: string } | { ok: false; retry: true };

export type Sender = (body: CheckinBody) => Promise<Outcome>;

/** The register page's outbox; the officer app keeps its assisted registrations under a key of its own. */
export const REGISTER_OUTBOX_KEY = 'tg_register_outbox';
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 5 * 60_000;

/** A random key of 22 URL-safe characters (128 bits); crypto.getRandomValues works on plain-HTTP pages too. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function backoff(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

export class Outbox {
  private sending = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly storageKey = REGISTER_OUTBOX_KEY,
  ) {}

  list(): Pending[] {
    try {
      const items = JSON.parse(this.storage.getItem(this.storageKey) ?? '[]') as unknown;
      return Array.isArray(items) ? (items as Pending[]) : [];
    } catch {
      return [];
    }
  }

  private save(items: Pending[]): void {
    this.storage.setItem(this.storageKey, JSON.stringify(items));
  }

  add(body: CheckinBody, site: SiteInfo, now = Date.now()): Pending {
    const item: Pending = { key: body.key, body, site, createdAt: now, attempts: 0, nextAt: now };
    this.save([...this.list().filter((p) => p.key !== body.key), item]);
    return item;
  }

  remove(key: string): void {
    this.save(this.list().filter((p) => p.key !== key));
  }

  private deferred(key: string, now: number): void {
    this.save(this.list().map((p) => (p.key === key ? { ...p, attempts: p.attempts + 1, nextAt: now + backoff(p.attempts + 1) } : p)));
  }

  /** When the next waiting item is due, or null when nothing waits. */
  nextDue(): number | null {
    const items = this.list();
    return items.length ? Math.min(...items.map((p) => p.nextAt)) : null;
  }

  /**
   * One attempt for one item (never two at once for the same key). A definitive refusal removes it; a failure
   * to reach the server keeps it with a later due time.
   */
  async attempt(key: string, send: Sender, now = () => Date.now()): Promise<Outcome | null> {
    const item = this.list().find((p) => p.key === key);
    if (!item || this.sending.has(key)) return null;
    this.sending.add(key);
    try {
      const outcome = await send(item.body);
      if (outcome.ok || !outcome.retry) this.remove(key);
      else this.deferred(key, now());
      return outcome;
    } finally {
      this.sending.delete(key);
    }
  }

  /** Sends every item that is due (all of them when `force`, e.g. the network just came back). */
  async flush(send: Sender, opts: { force?: boolean; now?: () => number } = {}): Promise<Array<{ item: Pending; outcome: Outcome }>> {
    const now = opts.now ?? (() => Date.now());
    const results: Array<{ item: Pending; outcome: Outcome }> = [];
    for (const item of this.list()) {
      if (!opts.force && item.nextAt > now()) continue;
      const outcome = await this.attempt(item.key, send, now);
      if (outcome) results.push({ item, outcome });
      if (outcome && !outcome.ok && outcome.retry) break; // still offline: the rest would fail the same way
    }
    return results;
  }
}

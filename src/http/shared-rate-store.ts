// Rate limits that hold across the instances on one PostgreSQL. Fixed windows; a hit is counted in this process at
// once (the request path never waits on the database) and the counts not yet sent go to `rate_counters` every
// ~300 ms in one multi-row upsert, whose answer is the window's total over all instances. A hit is over the limit
// when (the last total learnt + this instance's hits not yet sent) exceeds the max: between two flushes another
// instance's hits are not seen yet, so a limit can be overshot by what the others took in one flush interval.
// On SQLite there is one server process: the counts stay in memory, and the single-writer database is not
// given a write per flush on the check-in path.
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db, Dialect } from '../db/database.ts';

export interface RateHit {
  /** hits in the window, all instances as far as known, this one included */
  current: number;
  /** ms until the window ends */
  ttl: number;
}

interface Entry {
  key: string;
  windowStart: number;
  windowMs: number;
  /** the window's total in the table at the last flush (this instance's sent hits included) */
  global: number;
  /** hits of this instance not yet sent */
  pending: number;
}

export interface SharedRateOptions {
  /** the table's database; without it (or on SQLite) the counts stay in this process */
  db?: Db;
  dialect?: Dialect;
  flushMs?: number;
  now?: () => number;
  log?: FastifyBaseLogger;
}

const SWEEP_MS = 10_000;
const RETRY_MS = 5_000;
/** rows per upsert statement (3 parameters each) */
const FLUSH_CHUNK = 1000;
/** a key longer than this (an address header forged to be huge) is cut: counts stay per key, memory bounded */
const MAX_KEY = 200;

export class SharedRateCounter {
  private readonly entries = new Map<string, Entry>();
  private readonly shared: boolean;
  private readonly flushMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private lastFlush = 0;
  private nextSweep = 0;
  private nextPrune = 0;
  private longestWindow = 60_000;
  private stopped = false;
  private failing = false;

  constructor(private readonly opts: SharedRateOptions = {}) {
    this.shared = opts.dialect === 'postgres' && opts.db !== undefined;
    this.flushMs = opts.flushMs ?? 300;
    this.now = opts.now ?? Date.now;
  }

  /** Counts one hit of `key` in its current window of windowMs. */
  hit(key: string, windowMs: number): RateHit {
    return this.count(key, windowMs, 1);
  }

  /** The window's count without counting a hit. */
  read(key: string, windowMs: number): RateHit {
    return this.count(key, windowMs, 0);
  }

  /** Sends the counts not yet sent and learns the totals (the timer calls it; tests may too). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (!this.shared) return;
    this.flushing = this.send().finally(() => (this.flushing = null));
    await this.flushing;
  }

  /** Stops the timer and waits for a flush in progress; unsent counts are dropped (they only ever limit). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing;
  }

  private count(rawKey: string, windowMs: number, n: number): RateHit {
    const now = this.now();
    const key = rawKey.length > MAX_KEY ? rawKey.slice(0, MAX_KEY) : rawKey;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const id = `${windowStart}|${windowMs}|${key}`;
    let e = this.entries.get(id);
    if (!e && n) {
      e = { key, windowStart, windowMs, global: 0, pending: 0 };
      this.entries.set(id, e);
      if (windowMs > this.longestWindow) this.longestWindow = windowMs;
    }
    if (e && n) {
      e.pending += n;
      this.schedule(now);
    }
    if (now >= this.nextSweep) this.sweep(now);
    return { current: e ? e.global + e.pending : 0, ttl: windowStart + windowMs - now };
  }

  /** Windows that ended are forgotten once nothing of them is left to send. */
  private sweep(now: number): void {
    this.nextSweep = now + SWEEP_MS;
    for (const [id, e] of this.entries) if (e.windowStart + e.windowMs <= now && (e.pending === 0 || !this.shared)) this.entries.delete(id);
  }

  private schedule(now: number): void {
    if (!this.shared || this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().then(
        () => (this.failing = false),
        (err: unknown) => {
          if (!this.failing) this.opts.log?.warn({ error: (err as Error).message }, 'rate counters not flushed; counted in this instance until the database answers');
          this.failing = true;
        },
      );
    }, Math.max(0, this.lastFlush + this.flushMs - now));
    this.timer.unref();
  }

  private async send(): Promise<void> {
    const db = this.opts.db!;
    const now = this.now();
    this.lastFlush = now;
    // Sorted by key so two instances' upserts lock the same rows in the same order (no deadlock).
    const due = [...this.entries.values()].filter((e) => e.pending > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.windowStart - b.windowStart));
    try {
      for (let i = 0; i < due.length; i += FLUSH_CHUNK) {
        const chunk = due.slice(i, i + FLUSH_CHUNK);
        const sent = chunk.map((e) => e.pending);
        // Several lengths of window on one key are separate rows: the key carries its window length.
        const rows = await db
          .insertInto('rateCounters')
          .values(chunk.map((e, j) => ({ key: rowKey(e), windowStart: e.windowStart, count: sent[j] })))
          .onConflict((oc) => oc.columns(['key', 'windowStart']).doUpdateSet((eb) => ({ count: eb(eb.ref('rateCounters.count'), '+', eb.ref('excluded.count')) })))
          .returning(['key', 'windowStart', 'count'])
          .execute();
        const totals = new Map(rows.map((r) => [`${Number(r.windowStart)}|${r.key}`, Number(r.count)]));
        chunk.forEach((e, j) => {
          e.pending -= sent[j];
          e.global = Math.max(e.global, totals.get(`${e.windowStart}|${rowKey(e)}`) ?? e.global + sent[j]);
        });
      }
    } catch (err) {
      this.lastFlush = now + RETRY_MS; // the database is away: tried again in a few seconds, not every flush
      throw err;
    } finally {
      // hits that came in while this flush ran are sent at the next
      if (!this.stopped && [...this.entries.values()].some((e) => e.pending > 0)) this.schedule(this.now());
    }
    if (now >= this.nextPrune) {
      this.nextPrune = now + 60_000;
      // Any instance may remove ended windows; the longest window in use is kept twice over for clock skew.
      await db.deleteFrom('rateCounters').where('windowStart', '<', now - 2 * this.longestWindow).execute();
    }
  }
}

function rowKey(e: Entry): string {
  return e.windowMs === 60_000 ? e.key : `${e.key}@${e.windowMs}`;
}

/** What @fastify/rate-limit's store interface needs, on one counter; route limits count apart from the global one. */
export function rateLimitStore(counter: SharedRateCounter): new (options: FastifyRateLimitOptions) => FastifyRateLimitStore {
  class Store implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly scope = 'all',
    ) {}

    incr(key: string, cb: (error: Error | null, result?: RateHit) => void, timeWindow: number): void {
      cb(null, counter.hit(`rl:${this.scope}:${key}`, timeWindow));
    }

    read(key: string, cb: (error: Error | null, result?: RateHit) => void, timeWindow: number): void {
      cb(null, counter.read(`rl:${this.scope}:${key}`, timeWindow));
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      // At run time the plugin passes the merged limit options with the route under `routeInfo`.
      const route = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      const scope = route?.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}` : 'custom';
      return new Store({}, scope);
    }
  }
  return Store;
}

// Watch-list matching: a check-in of a person on a watched list is flagged at once, and the hit is recorded.
import type { Ctx } from '../../core/context.ts';
import type { WatchHitTable } from '../../db/tables.ts';
import * as store from './store.ts';

export type { WatchEntry } from './store.ts';

/**
 * Every check-in asks; concurrent ones ask together: the documents asked for during one turn of the event loop go
 * in one query. A query per check-in cost a third of the ingest rate (query building on the request thread, and
 * on PostgreSQL a pooled connection per check-in).
 */
class WatchLookups {
  private waiting: { wanted: string[]; resolve(rows: store.WatchEntry[]): void; reject(e: unknown): void }[] = [];

  constructor(private readonly db: Ctx['db']) {}

  find(wanted: string[]): Promise<store.WatchEntry[]> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ wanted, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    const all = [...new Set(batch.flatMap((b) => b.wanted))];
    try {
      const rows: store.WatchEntry[] = [];
      for (let i = 0; i < all.length; i += 500) rows.push(...(await store.activeWatchEntries(this.db, all.slice(i, i + 500))));
      for (const b of batch) b.resolve(rows.filter((r) => b.wanted.includes(r.idBidx)));
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }
}

const lookups = new WeakMap<object, WatchLookups>();

/** Active entries of watched lists for the documents of one submission. */
export async function watchEntriesFor(ctx: Ctx, idBidxs: (string | null)[]): Promise<store.WatchEntry[]> {
  const wanted = [...new Set(idBidxs.filter((b): b is string => !!b))];
  if (!wanted.length) return [];
  // Inside a transaction the caller's own connection must answer.
  if (ctx.db.isTransaction) return store.activeWatchEntries(ctx.db, wanted);
  let batcher = lookups.get(ctx.db);
  if (!batcher) lookups.set(ctx.db, (batcher = new WatchLookups(ctx.db)));
  return batcher.find(wanted);
}

/** Records the hits of stored check-in rows ({id, idBidx}) against the entries found for them. */
export async function recordCheckinHits(
  ctx: Ctx,
  rows: { id: string; idBidx?: string | null; orgPath: string; at: number }[],
  entries: store.WatchEntry[],
): Promise<number> {
  const now = ctx.clock.now();
  const hits: WatchHitTable[] = [];
  for (const row of rows) {
    for (const e of entries) {
      if (row.idBidx && e.idBidx === row.idBidx) {
        hits.push({ checkinId: row.id, listId: e.listId, entryId: e.entryId, personId: e.personId, orgPath: row.orgPath, at: row.at, found: 'checkin', createdAt: now });
      }
    }
  }
  return hits.length ? store.insertWatchHits(ctx.db, hits) : 0;
}

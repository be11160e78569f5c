// Watch-list matching: a check-in of a person on a watched list is flagged at once, and the hit is recorded.
import type { Ctx } from '../../core/context.ts';
import type { WatchHitTable } from '../../db/tables.ts';
import * as store from './store.ts';

export type { WatchEntry } from './store.ts';

/** Active entries of watched lists for the documents of one submission. */
export async function watchEntriesFor(ctx: Ctx, idBidxs: (string | null)[]): Promise<store.WatchEntry[]> {
  const wanted = [...new Set(idBidxs.filter((b): b is string => !!b))];
  return wanted.length ? store.activeWatchEntries(ctx.db, wanted) : [];
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

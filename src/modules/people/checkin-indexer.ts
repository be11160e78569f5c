// The person master index from check-ins: one person per ID document, whatever the site. A background pass reads
// the check-ins after a cursor kept in `meta` (check-in ids are time-ordered ULIDs) and resolves their documents.
// It must not slow check-in ingest on SQLite: documents already indexed are found before any transaction (read
// before write), only new documents are decrypted, and each batch is one short transaction with the cursor update.
// Two instances may run it at once: persons.id_bidx is unique, inserts skip what the other wrote, and the cursor
// only moves forward.
import type { FastifyBaseLogger } from 'fastify';
import { BackgroundPass, inBatches } from '../../core/background-pass.ts';
import { advanceCursor, idTimePrefix, readCursor } from '../../core/checkin-cursor.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { openPii } from '../checkins/pii.ts';
import { keyRecord, resolvePersons, type KeyedRecord } from './service.ts';
import { personsByIdBidx } from './store.ts';

export const CHECKIN_CURSOR_KEY = 'people.checkin_cursor';

export interface IndexOptions {
  /** check-ins read per batch (and per transaction) */
  batch?: number;
  /**
   * Only check-ins older than this are read: an id is made when a request arrives and committed a moment later,
   * so a younger id may still be on its way behind an older one.
   */
  settleMs?: number;
  /** stop after this many batches (the background pass yields in between) */
  maxBatches?: number;
}

export interface IndexResult {
  /** check-ins with a document read */
  read: number;
  /** persons created */
  created: number;
  cursor: string | null;
}

/** One batch: read, find what is new, then one transaction that writes the new persons and moves the cursor. */
export async function indexCheckinBatch(ctx: Ctx, opts: IndexOptions = {}): Promise<IndexResult> {
  const batch = opts.batch ?? 1000;
  const cursor = await readCursor(ctx, CHECKIN_CURSOR_KEY);
  let q = ctx.db
    .selectFrom('checkins')
    .select(['id', 'idBidx', 'idType', 'piiEnc', 'enteredBy'])
    .where('idBidx', 'is not', null)
    .orderBy('id')
    .limit(batch);
  if (cursor) q = q.where('id', '>', cursor);
  if (opts.settleMs) q = q.where('id', '<', idTimePrefix(ctx.clock.now() - opts.settleMs));
  const rows = await q.execute();
  if (!rows.length) return { read: 0, created: 0, cursor };
  const last = rows[rows.length - 1].id;

  const known = new Set((await personsByIdBidx(ctx.db, rows.map((r) => r.idBidx!))).map((p) => p.idBidx));
  // The first check-in of each new document names its person; an officer's registration makes an 'officer' record.
  const fresh = new Map<string, { record: KeyedRecord; officer: boolean }>();
  for (const r of rows) {
    if (known.has(r.idBidx) || fresh.has(r.idBidx!)) continue;
    const pii = openPii(ctx, r);
    const record = { ...keyRecord(ctx, { name: pii.name, idType: r.idType, idNumber: pii.idNumber ?? null, phone: pii.phone ?? null }), idBidx: r.idBidx };
    fresh.set(r.idBidx!, { record, officer: !!r.enteredBy });
  }
  const officer = [...fresh.values()].filter((f) => f.officer).map((f) => f.record);
  const self = [...fresh.values()].filter((f) => !f.officer).map((f) => f.record);

  const created = await inTransaction(ctx, async (tx) => {
    await advanceCursor(tx.db, CHECKIN_CURSOR_KEY, last);
    let n = 0;
    if (officer.length) n += (await resolvePersons(tx, officer, 'officer')).created.length;
    if (self.length) n += (await resolvePersons(tx, self, 'checkin')).created.length;
    return n;
  });
  return { read: rows.length, created, cursor: last };
}

/** Batches until the check-ins are all read (or maxBatches): for tests, the CLI and the background pass. */
export async function indexCheckins(ctx: Ctx, opts: IndexOptions = {}): Promise<IndexResult> {
  const batch = opts.batch ?? 1000;
  const total: IndexResult = { read: 0, created: 0, cursor: null };
  for (let i = 0; i < (opts.maxBatches ?? Infinity); i++) {
    const r = await indexCheckinBatch(ctx, { ...opts, batch });
    total.read += r.read;
    total.created += r.created;
    total.cursor = r.cursor;
    if (r.read < batch) break;
  }
  return total;
}

/** The background pass of a server: every intervalMs, only when there is something new. */
export function checkinIndexPass(ctx: Ctx, log: FastifyBaseLogger, opts: { batch?: number; settleMs?: number; intervalMs?: number } = {}): BackgroundPass {
  const batch = opts.batch ?? 1000;
  return new BackgroundPass('person index pass', opts.intervalMs ?? 2000, (stopped) => inBatches(stopped, batch, () => indexCheckinBatch(ctx, { batch, settleMs: opts.settleMs ?? 5000 })), log, { exclusive: { ctx, name: 'people.checkin_index' } });
}

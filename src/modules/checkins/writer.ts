// Group commit: concurrent check-ins are written together, one transaction for many, and each request is
// answered only after its transaction has committed. While one batch commits, the next one gathers.
import { sql, type Insertable } from 'kysely';
import type { Db, DbLike, Dialect } from '../../db/database.ts';
import type { SqliteInsertThread } from './sqlite-insert-thread.ts';
import type { CheckinKeyTable, CheckinTable, WebhookDeliveryTable } from '../../db/tables.ts';
import { applyCheckinRollups, compiledCheckinRollups } from '../analytics/rollup-write.ts';

export type CheckinRow = Insertable<CheckinTable>;
export type AlertDelivery = Insertable<WebhookDeliveryTable>;
export type CheckinKeyRow = Insertable<CheckinKeyTable>;

export interface Submission {
  idemKey: string;
  /** the submitter's row first (the key answers with it), then companions */
  rows: CheckinRow[];
  /** deliveries of the alerts it raises: committed with it, or not at all */
  alerts?: AlertDelivery[];
}

export interface Written {
  groupId: string;
  /** the id of the submitter's row: the same for every resend of one idempotency key */
  id: string;
  duplicate: boolean;
  /** the flags stored with the submitter's row */
  flags: string[];
}

interface Pending {
  submission: Submission;
  resolve: (w: Written) => void;
  reject: (e: unknown) => void;
}

const MAX_BATCH = 400;
// SQLite binds at most 32766 parameters per statement; ~30 columns a row.
const ROWS_PER_INSERT = 200;

export class CheckinWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    /** on SQLite: inserts run in a worker thread, off the request thread */
    private readonly thread?: SqliteInsertThread,
  ) {}

  submit(submission: Submission): Promise<Written> {
    if (this.closed) return Promise.reject(new Error('the check-in writer is closed'));
    return new Promise<Written>((resolve, reject) => {
      this.queue.push({ submission, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Waits until everything submitted so far is committed (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.thread?.close();
  }

  private async drain(): Promise<void> {
    // Let the requests that arrived in this turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const subs = batch.map((p) => p.submission);
      try {
        // Another instance may commit the same key between our look-up and insert: then the key table's primary
        // key refuses the batch, and one retry finds that key and answers with it.
        const results = await this.writeBatch(subs).catch((e) => (isUniqueViolation(e) ? this.writeBatch(subs) : Promise.reject(e)));
        batch.forEach((p, i) => p.resolve(results[i]));
      } catch (e) {
        batch.forEach((p) => p.reject(e));
      }
    }
    this.flushing = null;
  }

  private async writeBatch(subs: Submission[]): Promise<Written[]> {
    if (this.thread) {
      // Batches are written one after another, and only this writer inserts check-ins in this process: the key
      // look-up needs no transaction around it. Another process's insert of the same key meets the key table's
      // primary key and the batch is retried (see drain).
      const { results, toInsert, alerts, keys } = plan(subs, await this.findKeys(this.db, subs));
      // The rollups' upserts are compiled here and run by the worker in the transaction of the rows they count.
      if (toInsert.length) await this.thread.insert(toInsert, alerts, compiledCheckinRollups(this.db, toInsert), keys);
      return results;
    }
    return this.db.transaction().execute(async (trx) => {
      const { results, toInsert, alerts, keys } = plan(subs, await this.findKeys(trx, subs));
      // The keys first: a key another instance has just committed fails the batch before any row is written.
      for (let i = 0; i < keys.length; i += ROWS_PER_INSERT) {
        await trx.insertInto('checkinKeys').values(keys.slice(i, i + ROWS_PER_INSERT)).execute();
      }
      for (let i = 0; i < toInsert.length; i += ROWS_PER_INSERT) {
        await trx.insertInto('checkins').values(toInsert.slice(i, i + ROWS_PER_INSERT)).execute();
      }
      for (let i = 0; i < alerts.length; i += ROWS_PER_INSERT) {
        await trx.insertInto('webhookDeliveries').values(alerts.slice(i, i + ROWS_PER_INSERT)).execute();
      }
      await applyCheckinRollups(trx, toInsert);
      return results;
    });
  }

  /** The submissions already stored, by key: one parameter for the whole list, so one prepared statement. */
  private async findKeys(db: DbLike, subs: Submission[]): Promise<Map<string, { id: string; groupId: string; flags: string }>> {
    const keys = [...new Set(subs.map((s) => s.idemKey))];
    const anyKey =
      this.dialect === 'postgres' ? sql<boolean>`idem_key = any(${keys}::text[])` : sql<boolean>`idem_key in (select value from json_each(${JSON.stringify(keys)}))`;
    const found = await db.selectFrom('checkinKeys').select(['idemKey', 'checkinId', 'groupId', 'flags']).where(anyKey).execute();
    return new Map(found.map((r) => [r.idemKey, { id: r.checkinId, groupId: r.groupId, flags: r.flags }]));
  }
}

/** Which submissions are new (their rows to insert) and what each request is answered. */
function plan(
  subs: Submission[],
  existing: Map<string, { id: string; groupId: string; flags: string }>,
): { results: Written[]; toInsert: CheckinRow[]; alerts: AlertDelivery[]; keys: CheckinKeyRow[] } {
  const results: Written[] = [];
  const toInsert: CheckinRow[] = [];
  const alerts: AlertDelivery[] = [];
  const keys: CheckinKeyRow[] = [];
  const firstInBatch = new Map<string, Written>();
  for (const s of subs) {
    const stored = existing.get(s.idemKey);
    const known = stored ? { ...stored, flags: JSON.parse(stored.flags) as string[] } : firstInBatch.get(s.idemKey);
    if (known) {
      results.push({ id: known.id, groupId: known.groupId, flags: known.flags, duplicate: true });
      continue;
    }
    const head = s.rows[0];
    const written = { id: head.id, groupId: head.groupId, flags: JSON.parse(head.flags) as string[], duplicate: false };
    firstInBatch.set(s.idemKey, written);
    results.push(written);
    toInsert.push(...s.rows);
    keys.push({ idemKey: s.idemKey, checkinId: head.id, groupId: head.groupId, flags: head.flags, at: head.at });
    if (s.alerts) alerts.push(...s.alerts);
  }
  return { results, toInsert, alerts, keys };
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

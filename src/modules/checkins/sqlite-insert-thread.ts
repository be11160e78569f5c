// The request thread's side of the SQLite insert worker: rows in, a promise that settles after their commit.
import { Worker } from 'node:worker_threads';
import type { AlertDelivery, CheckinKeyRow, CheckinRow } from './writer.ts';

/** Column order of the rows sent to the worker (snake_case, as in the migration). */
const COLUMNS: [keyof CheckinRow, string][] = [
  ['id', 'id'], ['groupId', 'group_id'], ['siteId', 'site_id'], ['orgPath', 'org_path'], ['kind', 'kind'],
  ['direction', 'direction'], ['at', 'at'], ['role', 'role'], ['relation', 'relation'], ['piiEnc', 'pii_enc'],
  ['idType', 'id_type'], ['idBidx', 'id_bidx'], ['phoneBidx', 'phone_bidx'], ['plateBidx', 'plate_bidx'],
  ['plateType', 'plate_type'], ['vehicleRole', 'vehicle_role'], ['temperature', 'temperature'], ['symptoms', 'symptoms'],
  ['origin', 'origin'], ['destination', 'destination'], ['places14d', 'places14d'], ['purpose', 'purpose'],
  ['flags', 'flags'], ['lang', 'lang'], ['enteredBy', 'entered_by'],
  ['dwellingBidx', 'dwelling_bidx'], ['buildingBidx', 'building_bidx'],
];

const KEY_COLUMNS: [keyof CheckinKeyRow, string][] = [['idemKey', 'idem_key'], ['checkinId', 'checkin_id'], ['groupId', 'group_id'], ['flags', 'flags'], ['at', 'at']];

const ALERT_COLUMNS: [keyof AlertDelivery, string][] = [
  ['id', 'id'], ['webhookId', 'webhook_id'], ['orgPath', 'org_path'], ['event', 'event'], ['subjectId', 'subject_id'],
  ['payload', 'payload'], ['status', 'status'], ['attempts', 'attempts'], ['nextAt', 'next_at'], ['leaseUntil', 'lease_until'],
  ['lastStatus', 'last_status'], ['lastError', 'last_error'], ['createdAt', 'created_at'], ['updatedAt', 'updated_at'], ['sentAt', 'sent_at'],
];

export class SqliteInsertThread {
  private worker: Worker | null = null;
  private closed = false;
  private next = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();

  constructor(private readonly file: string) {
    this.spawn();
  }

  /** A worker that died (an error it could not report, out of memory) is replaced at the next insert. */
  private spawn(): Worker {
    const worker = new Worker(new URL('./sqlite-insert-thread.js', import.meta.url), {
      workerData: { file: this.file, columns: COLUMNS.map(([, c]) => c), alertColumns: ALERT_COLUMNS.map(([, c]) => c), keyColumns: KEY_COLUMNS.map(([, c]) => c) },
    });
    worker.on('message', (m: { id: number; ok: boolean; code?: string; message?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve();
      else p?.reject(Object.assign(new Error(m.message), { code: m.code }));
    });
    // Nothing it was given is acknowledged: its transaction did not commit. The requests are answered with an error
    // and the phones resend them.
    const lost = (e: unknown) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the SQLite insert worker stopped (exit code ${code})`)));
    // Idle, the worker must not keep the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /**
   * Check-in rows, the deliveries of their alerts, the rollup upserts that count them and the idempotency keys of
   * their submissions, in one transaction.
   */
  insert(rows: CheckinRow[], alerts: AlertDelivery[] = [], rollups: Array<{ sql: string; parameters: readonly unknown[] }> = [], keys: CheckinKeyRow[] = []): Promise<void> {
    const id = this.next++;
    const values = rows.map((r) => COLUMNS.map(([k]) => r[k] ?? null));
    const alertValues = alerts.map((a) => ALERT_COLUMNS.map(([k]) => a[k] ?? null));
    const keyValues = keys.map((r) => KEY_COLUMNS.map(([k]) => r[k] ?? null));
    if (this.closed) return Promise.reject(new Error('the SQLite insert worker is closed'));
    const worker = this.worker ?? this.spawn();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, rows: values, alerts: alertValues, rollups, keys: keyValues });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }
}

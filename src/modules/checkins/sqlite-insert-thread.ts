// The request thread's side of the SQLite insert worker: rows in, a promise that settles after their commit.
import { Worker } from 'node:worker_threads';
import type { AlertDelivery, CheckinRow } from './writer.ts';

/** Column order of the rows sent to the worker (snake_case, as in the migration). */
const COLUMNS: [keyof CheckinRow, string][] = [
  ['id', 'id'], ['groupId', 'group_id'], ['siteId', 'site_id'], ['orgPath', 'org_path'], ['kind', 'kind'],
  ['direction', 'direction'], ['at', 'at'], ['role', 'role'], ['relation', 'relation'], ['piiEnc', 'pii_enc'],
  ['idType', 'id_type'], ['idBidx', 'id_bidx'], ['phoneBidx', 'phone_bidx'], ['plateBidx', 'plate_bidx'],
  ['plateType', 'plate_type'], ['vehicleRole', 'vehicle_role'], ['temperature', 'temperature'], ['symptoms', 'symptoms'],
  ['origin', 'origin'], ['destination', 'destination'], ['places14d', 'places14d'], ['purpose', 'purpose'],
  ['flags', 'flags'], ['lang', 'lang'], ['enteredBy', 'entered_by'], ['idemKey', 'idem_key'],
  ['dwellingBidx', 'dwelling_bidx'], ['buildingBidx', 'building_bidx'],
];

const ALERT_COLUMNS: [keyof AlertDelivery, string][] = [
  ['id', 'id'], ['webhookId', 'webhook_id'], ['orgPath', 'org_path'], ['event', 'event'], ['subjectId', 'subject_id'],
  ['payload', 'payload'], ['status', 'status'], ['attempts', 'attempts'], ['nextAt', 'next_at'], ['leaseUntil', 'lease_until'],
  ['lastStatus', 'last_status'], ['lastError', 'last_error'], ['createdAt', 'created_at'], ['updatedAt', 'updated_at'], ['sentAt', 'sent_at'],
];

export class SqliteInsertThread {
  private readonly worker: Worker;
  private next = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: unknown) => void }>();

  constructor(file: string) {
    this.worker = new Worker(new URL('./sqlite-insert-thread.js', import.meta.url), {
      workerData: { file, columns: COLUMNS.map(([, c]) => c), alertColumns: ALERT_COLUMNS.map(([, c]) => c) },
    });
    this.worker.on('message', (m: { id: number; ok: boolean; code?: string; message?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve();
      else p?.reject(Object.assign(new Error(m.message), { code: m.code }));
    });
    this.worker.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
    // Idle, the worker must not keep the process alive.
    this.worker.unref();
  }

  /** Check-in rows, the deliveries of their alerts and the rollup upserts that count them, in one transaction. */
  insert(rows: CheckinRow[], alerts: AlertDelivery[] = [], rollups: Array<{ sql: string; parameters: readonly unknown[] }> = []): Promise<void> {
    const id = this.next++;
    const values = rows.map((r) => COLUMNS.map(([k]) => r[k] ?? null));
    const alertValues = alerts.map((a) => ALERT_COLUMNS.map(([k]) => a[k] ?? null));
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows: values, alerts: alertValues, rollups });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

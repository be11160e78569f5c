// One batch of an import: validated, keyed and encrypted before its transaction, written in it together with
// the job's counters and position. The job row's heartbeat is the holder's lease (see store.addCounts).
import type { Ctx } from '../../core/context.ts';
import { inTransaction } from '../../core/context.ts';
import { newId } from '../../core/ids.ts';
import { sealEntryPii, type ListEntryPii } from '../lists/pii.ts';
import { proposeCandidates, type MatchSubject } from '../matching/service.ts';
import { keyRecord, resolvePersons, type KeyedRecord } from '../people/service.ts';
import * as store from './store.ts';
import { canonicalJson, type ImportRecord, type RowValidator } from './validate-row.ts';


export class LeaseLost extends Error {}

/** The job's lease (its heartbeat value): every write of the job row goes through here, one at a time. */
export class Lease {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(
    public at: number,
    private readonly now: () => number,
  ) {}

  hold<T>(fn: (lease: number, next: number) => Promise<{ ok: boolean; value: T }>): Promise<T> {
    const run = this.chain.then(async () => {
      const next = Math.max(this.now(), this.at + 1);
      const r = await fn(this.at, next);
      if (!r.ok) throw new LeaseLost('the import was taken over by another process');
      this.at = next;
      return r.value;
    });
    this.chain = run.catch(() => {});
    return run;
  }
}

export interface Pending {
  rowNo: number;
  cells: string[];
}

function entryPii(r: ImportRecord): ListEntryPii {
  const o: ListEntryPii = { name: r.name };
  if (r.idType) o.idType = r.idType;
  if (r.idNumber) o.idNumber = r.idNumber;
  if (r.phone) o.phone = r.phone;
  if (r.gender) o.gender = r.gender;
  if (r.birthDate) o.birthDate = r.birthDate;
  if (r.address) o.address = r.address;
  return o;
}

export interface JobState {
  ctx: Ctx;
  job: store.ImportRowWithList;
  /** the list a list import fills; null for a household import */
  list: { id: string; orgPath: string; kind: string } | null;
  lease: Lease;
  validate: RowValidator;
  totals: store.BatchCounts;
  bytesDone: number;
}

/** Validates, keys and writes one batch; the counters move in the same transaction. */
export async function commitBatch(s: JobState, batch: Pending[], rowsRead: number): Promise<void> {
  const { ctx, job } = s;
  const list = s.list!;
  const counts: store.BatchCounts = { read: batch.length, imported: 0, unchanged: 0, refused: 0, personsCreated: 0, candidates: 0, checkinsLinked: 0, addressesCreated: 0 };
  const refusals: { importId: string; rowNo: number; columnName: string; reason: string }[] = [];
  const valid: { rowNo: number; record: ImportRecord; rowKey: string }[] = [];
  const seen = new Set<string>();
  for (const p of batch) {
    if (p.cells.every((c) => !c || !c.trim())) continue; // a blank line: read, nothing else
    const r = s.validate(p.cells);
    if (!r.ok) {
      counts.refused++;
      // one reason per column: the column is part of the refusal's key
      const cols = new Set<string>();
      for (const f of r.refusals) {
        if (cols.has(f.column)) continue;
        cols.add(f.column);
        refusals.push({ importId: job.id, rowNo: p.rowNo, columnName: f.column, reason: f.reason });
      }
      continue;
    }
    const rowKey = ctx.blindIndex.of('import_row', `${list.id}\u0000${canonicalJson(r.record)}`);
    if (seen.has(rowKey)) {
      counts.unchanged++; // the same row twice in one batch
      continue;
    }
    seen.add(rowKey);
    valid.push({ rowNo: p.rowNo, record: r.record, rowKey });
  }

  // Keys and encryption before the transaction, only for rows the list does not hold yet: a re-import of the same
  // file stops here. Checked again inside the transaction, against a concurrent import of the same list.
  const known = valid.length ? await store.existingRowKeys(ctx.db, list.id, valid.map((v) => v.rowKey)) : new Set<string>();
  const now = ctx.clock.now();
  const prepared = valid
    .filter((v) => !known.has(v.rowKey))
    .map((v) => {
      const r = v.record;
      const keyed = keyRecord(ctx, { name: r.name, idType: r.idType, idNumber: r.idNumber, phone: r.phone, birthDate: r.birthDate, gender: r.gender, address: r.address });
      return { ...v, keyed, piiEnc: sealEntryPii(ctx, entryPii(r)) };
    });
  counts.unchanged += valid.length - prepared.length;

  await s.lease.hold(async (lease, next) => {
    let ok = false;
    await inTransaction(ctx, async (tx) => {
      const raced = prepared.length ? await store.existingRowKeys(tx.db, list.id, prepared.map((v) => v.rowKey)) : new Set<string>();
      const fresh = raced.size ? prepared.filter((v) => !raced.has(v.rowKey)) : prepared;
      const c = { ...counts, unchanged: counts.unchanged + prepared.length - fresh.length };
      const subjects: MatchSubject[] = [];
      let personIds: string[] = [];
      if (fresh.length) {
        const keyed: KeyedRecord[] = fresh.map((v) => v.keyed);
        const resolved = await resolvePersons(tx, keyed, 'import');
        personIds = resolved.personIds;
        c.personsCreated += resolved.created.length;
        for (const p of resolved.created) if (!p.idBidx) subjects.push({ personId: p.id });
        if (resolved.conflicts.length) {
          // Same document, a name that sounds different: a person of its own (no document index), offered for review.
          const apart = await resolvePersons(tx, resolved.conflicts.map((x) => ({ ...keyed[x.index], idBidx: null })), 'import');
          c.personsCreated += apart.created.length;
          resolved.conflicts.forEach((x, i) => {
            personIds[x.index] = apart.personIds[i];
            subjects.push({ personId: apart.personIds[i], conflictWith: x.personId });
          });
        }
      }
      const entries: store.EntryRow[] = fresh.map((v, i) => ({
        id: newId(now),
        listId: list.id,
        personId: personIds[i],
        orgPath: list.orgPath,
        rowKey: v.rowKey,
        piiEnc: v.piiEnc,
        idBidx: v.keyed.idBidx,
        phoneBidx: v.keyed.phoneBidx,
        origin: v.record.origin,
        listedAt: v.record.listedAt,
        note: v.record.note,
        source: 'import',
        importId: job.id,
        rowNo: v.rowNo,
        createdAt: now,
        endedAt: null,
      }));
      c.imported += await store.insertEntries(tx.db, list.kind, entries);
      await store.insertRefusals(tx.db, refusals);
      if (subjects.length) c.candidates += await proposeCandidates(tx, subjects, list.orgPath);
      const linkable = entries.filter((e) => e.idBidx).map((e) => e.id);
      if (linkable.length) c.checkinsLinked += await store.linkCheckins(tx.db, linkable, now);
      ok = await store.addCounts(tx.db, job.id, c, { rowsRead, bytesDone: s.bytesDone, lease, next });
      if (!ok) throw new LeaseLost('lease lost');
      Object.assign(counts, c);
    });
    return { ok, value: undefined };
  });
  for (const k of Object.keys(counts) as (keyof store.BatchCounts)[]) if (k !== 'read') s.totals[k] += counts[k];
  s.totals.read = rowsRead;
}

// The import engine: streams a stored list file into the list, a batch at a time. Each batch is one short
// transaction that writes the entries, the persons, the refused rows, the merge candidates, the links to past
// check-ins AND the job's counters and position, so a job taken up again after a crash resumes exactly where the
// last commit left it. Rows already in the list (same row key) are skipped before any encryption: importing the
// same file again is fast and creates nothing.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { recordAudit, type AuditActor } from '../../core/audit.ts';
import { inTransaction, type Ctx } from '../../core/context.ts';
import { DomainError, conflict, invalid, notFound } from '../../core/errors.ts';
import { normalizeScope, SYSTEM_SCOPE, type Scope } from '../../core/scope.ts';
import { listStore } from '../lists/service.ts';
import { scopesOf } from '../users/store.ts';
import { commitBatch, Lease, LeaseLost, type JobState, type Pending } from './batch.ts';
import type { ColumnMap } from './fields.ts';
import { commitHouseholdBatch, householdState, type HouseholdState } from './household-batch.ts';
import { householdValidator, type HouseholdColumnMap } from './household-row.ts';
import { readTable, type ImportFormat } from './readers.ts';
import * as store from './store.ts';
import { rowValidator, type Refusal } from './validate-row.ts';
import { toImportView, type ImportView } from './view.ts';
import { deleteUpload, importSource, type UploadFile } from './upload-store.ts';

/**
 * Rows per committed batch. Blind indexes are random keys: every row dirties a page of each such index and a
 * commit writes each dirty page once, so larger batches write fewer pages per row; but a batch's rows are what the
 * heap holds, and peak memory must stay under 300 MB. 2000 keeps both (measured on SQLite, 300k rows). Keys and
 * encryption are computed before the transaction, which stays short.
 */
export const BATCH_ROWS = 2000;
/**
 * SQLite copies the WAL back into the database every 1000 pages by default: with the import writing thousands of
 * pages per commit that is a checkpoint (and its syncs) on every commit. The import's own connection checkpoints
 * less often while it runs.
 */
const WAL_CHECKPOINT_PAGES = 50_000;
const DEFAULT_WAL_CHECKPOINT_PAGES = 1000;
/** The import connection's page cache (KiB): the rest of the 300 MB goes to the batch in the heap. */
const IMPORT_CACHE_KIB = 16 * 1024;

async function walCheckpointEvery(ctx: Ctx, pages: number): Promise<void> {
  if (ctx.dialect === 'sqlite') await sql.raw(`pragma wal_autocheckpoint = ${Math.trunc(pages)}`).execute(ctx.db);
}

const HEARTBEAT_MS = 5_000;

export interface RunOptions {
  onProgress?(p: ImportView): void;
  signal?: AbortSignal;
  /** who the import.done audit entry names; by default the user who started the import */
  actor?: AuditActor;
}

/**
 * The upload is removed when the job ends: its chunks in the database (an upload has no file path), or a file
 * left in the data directory's uploads (the demo's); a file named at the CLI is the operator's.
 */
async function removeUpload(ctx: Ctx, job: store.ImportRow): Promise<void> {
  const filePath = job.filePath;
  if (!filePath) return deleteUpload(ctx, job.id);
  const uploads = path.resolve(ctx.config.dataDir, 'uploads') + path.sep;
  if (path.resolve(filePath).startsWith(uploads)) fs.rmSync(filePath, { force: true });
}

function headerRow(cells: string[]): string[] {
  return cells.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
}

async function view(ctx: Ctx, id: string): Promise<ImportView> {
  return toImportView((await store.importById(ctx.db, id))!);
}

/** Whose grids a household import may fill: the importer's scope now (the operator's CLI: everything). */
async function importerScope(ctx: Ctx, job: store.ImportRow): Promise<Scope> {
  if (!job.createdBy) return SYSTEM_SCOPE;
  const units = (await scopesOf(ctx.db, [job.createdBy])).get(job.createdBy) ?? [];
  return normalizeScope(units.map((u) => u.path));
}

async function auditActor(ctx: Ctx, job: store.ImportRow, given?: AuditActor): Promise<AuditActor> {
  if (given) return given;
  const user = job.createdBy ? await ctx.db.selectFrom('users').select('username').where('id', '=', job.createdBy).executeTakeFirst() : undefined;
  return { userId: job.createdBy, username: user?.username ?? 'import-job', ip: null };
}

/**
 * Runs (or resumes) an import job to its end. A queued job is taken here; a running one is resumed by whoever
 * holds it (the job runner after its claim, the CLI that created it). When `signal` aborts, the job goes back to
 * the queue at its last committed batch.
 */
export async function runImport(ctx: Ctx, importId: string, opts: RunOptions = {}): Promise<ImportView> {
  let job = await store.importById(ctx.db, importId);
  if (!job) throw notFound('import.not_found');
  if (job.status === 'done' || job.status === 'failed') return toImportView(job);
  const households = job.target === 'households';
  if (job.status === 'uploaded' || (!households && !job.listId) || !job.columns) throw invalid('import.not_started');
  const now = () => ctx.clock.now();
  if (job.status === 'queued') {
    const at = now();
    if (!(await store.updateImport(ctx.db, job.id, { status: 'running', heartbeatAt: at }, ['queued']))) throw conflict('import.taken');
    job = (await store.importById(ctx.db, importId))!;
  }
  const lease = new Lease(Number(job.heartbeatAt ?? 0), now);
  await lease.hold(async (l, next) => ({ ok: await store.renewLease(ctx.db, job!.id, l, next, { startedAt: job!.startedAt ?? now(), error: null }), value: undefined }));
  // A household import fills no list: its rows go to the grids' addresses (household-batch.ts).
  const list = households ? null : await listStore.listById(ctx.db, SYSTEM_SCOPE, job.listId!);
  if (!households && !list) throw notFound('list.not_found', { name: job.listId! });
  const scope = households ? await importerScope(ctx, job) : SYSTEM_SCOPE;
  let household: HouseholdState | null = null;

  const s: JobState = {
    ctx, job, list: list ?? null, lease, validate: () => ({ ok: false, refusals: [] as Refusal[] }),
    totals: { read: Number(job.rowsRead), imported: 0, unchanged: 0, refused: 0, personsCreated: 0, candidates: 0, checkinsLinked: 0, addressesCreated: 0 },
    bytesDone: Number(job.bytesDone),
  };
  const base = toImportView(job);
  const progress = (): ImportView => {
    const t = s.totals;
    return {
      ...base, status: 'running', bytesDone: s.bytesDone, read: t.read, imported: base.imported + t.imported, unchanged: base.unchanged + t.unchanged, refused: base.refused + t.refused,
      personsCreated: base.personsCreated + t.personsCreated, candidates: base.candidates + t.candidates, checkinsLinked: base.checkinsLinked + t.checkinsLinked,
      addressesCreated: base.addressesCreated + t.addressesCreated,
    };
  };
  await walCheckpointEvery(ctx, WAL_CHECKPOINT_PAGES);
  if (ctx.dialect === 'sqlite') await sql.raw(`pragma cache_size = -${IMPORT_CACHE_KIB}`).execute(ctx.db);
  const beat = setInterval(() => {
    void lease.hold(async (l, next) => ({ ok: await store.renewLease(ctx.db, job!.id, l, next), value: undefined })).catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref();

  const commit = (batch: Pending[], rowsRead: number) => (household ? commitHouseholdBatch(s, household, batch, rowsRead) : commitBatch(s, batch, rowsRead));
  // the file this job reads: an upload comes out of the database into a temp file, removed when the run ends
  let source: UploadFile | null = null;
  try {
    source = await importSource(ctx, job);
    const columns = JSON.parse(job.columns!) as ColumnMap;
    const skip = Number(job.rowsRead);
    let headers: string[] | null = null;
    let rowsRead = 0;
    let batch: Pending[] = [];
    for await (const cells of readTable(source.path, job.format as ImportFormat, (n) => (s.bytesDone = Math.max(s.bytesDone, n)))) {
      if (!headers) {
        headers = headerRow(cells);
        const absent = Object.values(columns).filter((h) => !headers!.includes(h!));
        if (absent.length) throw invalid('import.mapping.unknown_header', { header: absent.join(', ') });
        if (households) household = householdState(householdValidator(headers, columns as HouseholdColumnMap, { now: now() }), columns as HouseholdColumnMap, scope);
        else s.validate = rowValidator(headers, columns, { now: now() });
        continue;
      }
      rowsRead++;
      if (rowsRead <= skip) continue;
      // row numbers as a spreadsheet shows them: the header is row 1
      batch.push({ rowNo: rowsRead + 1, cells });
      if (batch.length >= BATCH_ROWS) {
        await commit(batch, rowsRead);
        batch = [];
        opts.onProgress?.(progress());
        if (opts.signal?.aborted) break;
      }
    }
    if (opts.signal?.aborted) {
      await lease.hold(async (l, next) => ({ ok: await store.renewLease(ctx.db, job!.id, l, next, { status: 'queued' }), value: undefined }));
      return view(ctx, job.id);
    }
    if (!headers) throw invalid('import.file_empty');
    if (batch.length) await commit(batch, rowsRead);
    const actor = await auditActor(ctx, job, opts.actor);
    await lease.hold(async (l, next) => {
      const ok = await inTransaction(ctx, async (tx) => {
        const done = await store.renewLease(tx.db, job!.id, l, next, { status: 'done', finishedAt: now(), filePath: null, bytesDone: Number(job!.bytesTotal) || s.bytesDone });
        if (!done) return false;
        const v = toImportView((await store.importById(tx.db, job!.id))!);
        const counts = { read: v.read, imported: v.imported, unchanged: v.unchanged, refused: v.refused, personsCreated: v.personsCreated };
        await recordAudit(tx, actor, {
          action: 'import.done', targetType: 'import', targetId: job!.id, orgPath: list?.orgPath ?? job!.orgPath,
          detail: list
            ? { list: list.name, ...counts, candidates: v.candidates, checkinsLinked: v.checkinsLinked }
            : { target: 'households', ...counts, addressesCreated: v.addressesCreated },
        });
        return true;
      });
      return { ok, value: undefined };
    });
    source.remove();
    await removeUpload(ctx, job).catch(() => {}); // else swept later (sweepUploadChunks)
    const final = await view(ctx, job.id);
    opts.onProgress?.(final);
    return final;
  } catch (e) {
    if (e instanceof LeaseLost) return view(ctx, job.id);
    // Codes and technical messages only: a job row never holds a personal value.
    const error = e instanceof DomainError ? e.code : String((e as Error).message ?? e).slice(0, 300);
    await lease
      .hold(async (l, next) => ({ ok: await store.renewLease(ctx.db, job!.id, l, next, { status: 'failed', error, finishedAt: now(), filePath: null }), value: undefined }))
      .catch(() => {});
    source?.remove();
    await removeUpload(ctx, job).catch(() => {});
    const failed = await view(ctx, job.id);
    opts.onProgress?.(failed);
    return failed;
  } finally {
    source?.remove();
    clearInterval(beat);
    await walCheckpointEvery(ctx, DEFAULT_WAL_CHECKPOINT_PAGES).catch(() => {});
  }
}

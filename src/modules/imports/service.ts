// List imports: upload (streamed, sealed, into the database: upload-store.ts), preview, start (a queued job), follow, the refused-row report, and
// saved column mappings. The rows themselves are written by the engine (engine.ts), run by the job runner.
import { csvRecord } from '../exports/cells.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { conflict, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { maskIdNumber, maskName, maskPhone } from '../../core/masking.ts';
import { formatMessage, type Locale } from '../../core/messages.ts';
import { commonPath } from '../../core/scope.ts';
import { assertCanWrite, findListByName, requireDataRole } from '../lists/service.ts';
import { IMPORT_FIELDS, isImportField, missingFields, recognizeHeaders, type ColumnMap, type ImportField } from './fields.ts';
import { HOUSEHOLD_FIELDS, householdValidator, isHouseholdField, missingHouseholdFields, recognizeHouseholdHeaders, type HouseholdColumnMap } from './household-row.ts';
import { formatOf, readHead, type ImportFormat } from './readers.ts';
import * as store from './store.ts';
import { rowValidator } from './validate-row.ts';
import { toImportView, type ImportView } from './view.ts';
import { deleteUpload, HEAD_CHUNKS, hasUpload, importSource, materializeUpload, storeUpload, sweepUploadChunks, type UploadFile } from './upload-store.ts';

export { UploadTooLarge } from './upload-store.ts';

/** What an import fills: a list's entries, or the grids' addresses and their members (household-batch.ts). */
export type ImportTarget = 'list' | 'households';

export interface UploadAnswer {
  id: string;
  fileName: string;
  format: ImportFormat;
  bytes: number;
  headers: string[];
  suggested: ColumnMap;
  mappings: { name: string; columns: ColumnMap }[];
}

/** Checks a mapping against the target's fields and (when known) the file's headers; returns it typed. */
export function checkColumns(columns: Record<string, string>, headers?: string[], target: ImportTarget = 'list'): ColumnMap {
  const out: Record<string, string> = {};
  const known = target === 'households' ? isHouseholdField : isImportField;
  for (const [field, header] of Object.entries(columns)) {
    if (!known(field)) throw invalid('import.mapping.unknown_field', { field }, `columns.${field}`);
    if (!header) continue;
    if (headers && !headers.includes(header)) throw invalid('import.mapping.unknown_header', { header }, `columns.${field}`);
    out[field] = header;
  }
  return out as ColumnMap;
}

/** A household mapping that can import: the grid code and the address. */
export function requireHouseholdComplete(columns: HouseholdColumnMap): void {
  const missing = missingHouseholdFields(columns);
  if (missing.length) throw invalid('import.households.missing_columns', { missing: missing.join(', ') }, `columns.${missing[0]}`);
}

/** Checks and completes a mapping for its target (see checkColumns). */
function completeColumns(columns: Record<string, string>, headers: string[], target: ImportTarget): ColumnMap {
  const checked = checkColumns(columns, headers, target);
  if (target === 'households') requireHouseholdComplete(checked as HouseholdColumnMap);
  else requireComplete(checked);
  return checked;
}

/** A mapping that can import: a name column, and an ID number or phone column. */
export function requireComplete(columns: ColumnMap): void {
  const missing = missingFields(columns);
  if (missing.length === 2) throw invalid('import.mapping.missing_all', {}, 'columns');
  if (missing[0] === 'name') throw invalid('import.mapping.missing_name', {}, 'columns.name');
  if (missing.length) throw invalid('import.mapping.missing_id_or_phone', {}, 'columns.idNumber');
}

function fileFormat(fileName: string | undefined): ImportFormat {
  if (!fileName?.trim()) throw invalid('import.file_name_required', {}, 'fileName');
  const format = formatOf(fileName);
  if (!format) throw invalid('import.format_unsupported', { fileName }, 'fileName');
  return format;
}

/** The header row of a stored file, or a clear refusal (not a CSV/XLSX, no header). */
export async function headersOf(file: string, format: ImportFormat): Promise<string[]> {
  let headers: string[];
  try {
    headers = (await readHead(file, format, 0)).headers;
  } catch (e) {
    throw invalid('import.file_unreadable', { detail: String((e as Error).message ?? e).slice(0, 200) });
  }
  if (!headers.some((h) => h)) throw invalid('import.file_empty');
  return headers;
}

async function savedMappings(ctx: Ctx, target?: ImportTarget): Promise<{ name: string; columns: ColumnMap }[]> {
  const all = (await store.mappings(ctx.db)).map((m) => ({ name: m.name, columns: JSON.parse(m.columns) as ColumnMap }));
  if (!target) return all;
  // An upload is offered the mappings of its target: a household mapping would not fit a list.
  const known = target === 'households' ? isHouseholdField : isImportField;
  return all.filter((m) => Object.keys(m.columns).every(known));
}

/**
 * Reads the head of a stored file (see importSource) and removes the temp copy right after. A CSV's head is in its
 * first chunks; an XLSX is read whole (its index is at its end).
 */
async function withHead<T>(ctx: Ctx, row: { id: string; filePath: string | null; bytesTotal: number; format: string }, read: (file: string) => Promise<T>): Promise<T> {
  const source: UploadFile = await importSource(ctx, row, row.format === 'csv' ? HEAD_CHUNKS : undefined);
  try {
    return await read(source.path);
  } finally {
    source.remove();
  }
}

export async function uploadImport(ctx: Ctx, actor: Actor, input: { fileName?: string; body: Readable; maxBytes?: number; target?: ImportTarget }): Promise<UploadAnswer> {
  requireDataRole(actor);
  const fileName = (input.fileName ?? '').trim();
  let format: ImportFormat;
  try {
    format = fileFormat(fileName);
  } catch (e) {
    input.body.resume(); // drain what the client sends, so it reads the answer
    throw e;
  }
  const id = newId(ctx.clock.now());
  // Chunks first, then the header row from a temp copy (memory stays one chunk): an upload without a file path
  // is one in the database, readable by every instance.
  const bytes = await storeUpload(ctx, id, input.body, input.maxBytes);
  try {
    const copy = await materializeUpload(ctx, id, { bytes, chunks: format === 'csv' ? HEAD_CHUNKS : undefined });
    let headers: string[];
    try {
      headers = await headersOf(copy.path, format);
    } finally {
      copy.remove();
    }
    const now = ctx.clock.now();
    await store.insertImport(ctx.db, {
      id, listId: null, orgPath: commonPath(actor.scope.paths) ?? actor.scope.paths[0] ?? '/', fileName: fileName.slice(0, 255), filePath: null, format,
      columns: null, status: 'uploaded', bytesTotal: bytes, bytesDone: 0, rowsRead: 0, rowsImported: 0, rowsUnchanged: 0, rowsRefused: 0,
      personsCreated: 0, candidates: 0, checkinsLinked: 0, target: input.target ?? 'list', addressesCreated: 0,
      error: null, createdBy: actor.userId, createdAt: now, startedAt: null, finishedAt: null, heartbeatAt: null,
    });
    const suggested = input.target === 'households' ? (recognizeHouseholdHeaders(headers) as ColumnMap) : recognizeHeaders(headers);
    return { id, fileName, format, bytes, headers, suggested, mappings: await savedMappings(ctx, input.target ?? 'list') };
  } catch (e) {
    await deleteUpload(ctx, id).catch(() => {});
    throw e;
  }
}

async function visible(ctx: Ctx, actor: Actor, id: string): Promise<store.ImportRowWithList> {
  requireDataRole(actor);
  const row = await store.importInScope(ctx.db, actor.scope, actor.userId, id);
  if (!row) throw notFound('import.not_found');
  return row;
}

async function uploaded(ctx: Ctx, actor: Actor, id: string): Promise<store.ImportRowWithList> {
  const row = await visible(ctx, actor, id);
  // an upload is in the database (no file path); one stored on a disk before upload_chunks is read where it is
  const stored = row.filePath ? fs.existsSync(row.filePath) : await hasUpload(ctx, row.id);
  if (row.status !== 'uploaded' || !stored) throw conflict('import.not_uploaded');
  return row;
}

const maskText = (v: string) => (Array.from(v).length <= 2 ? '**' : `${Array.from(v).slice(0, 2).join('')}***`);
const MASKS: Partial<Record<string, (v: string) => string | null>> = {
  name: maskName, idNumber: maskIdNumber, phone: maskPhone, address: maskText, note: maskText, birthDate: (v) => `${v.slice(0, 4)}****`, room: () => '***',
};

export interface PreviewRow {
  rowNo: number;
  values: Partial<Record<ImportField | (typeof HOUSEHOLD_FIELDS)[number], string | null>>;
  refusals: { column: string; reason: string; message: string }[];
}

/** The first data rows as the mapping reads them, masked, with the reasons each would be refused. */
export async function previewImport(ctx: Ctx, actor: Actor, id: string, input: { columns: Record<string, string>; target?: ImportTarget }, locale: Locale, limit = 20): Promise<{ rows: PreviewRow[] }> {
  const row = await uploaded(ctx, actor, id);
  const { headers, rows } = await withHead(ctx, row, (file) => readHead(file, row.format as ImportFormat, limit));
  const target = input.target ?? (row.target as ImportTarget);
  const columns: Record<string, string | undefined> = checkColumns(input.columns, headers, target);
  const validate = target === 'households' ? householdValidator(headers, columns, { now: ctx.clock.now() }) : rowValidator(headers, columns, { now: ctx.clock.now() });
  const fields: readonly string[] = target === 'households' ? HOUSEHOLD_FIELDS : IMPORT_FIELDS;
  return {
    rows: rows.map((cells, i) => {
      const values: Record<string, string | null> = {};
      for (const f of fields) {
        if (!columns[f]) continue;
        const raw = (cells[headers.indexOf(columns[f]!)] ?? '').trim();
        values[f] = raw ? (MASKS[f]?.(raw) ?? raw) : null;
      }
      const r = validate(cells);
      return { rowNo: i + 2, values, refusals: r.ok ? [] : r.refusals.map((x) => ({ ...x, message: formatMessage(locale, x.reason) })) };
    }),
  };
}

function mappingName(name: string): string {
  const n = name.normalize('NFKC').trim();
  if (!n || n.length > 100) throw invalid('import.mapping.invalid_name', {}, 'name');
  return n;
}

async function saveMappingRow(ctx: Ctx, actor: Actor, name: string, columns: ColumnMap): Promise<void> {
  const now = ctx.clock.now();
  await store.upsertMapping(ctx.db, { id: newId(now), name: mappingName(name), columns: JSON.stringify(columns), createdBy: actor.userId, createdAt: now, updatedAt: now });
}

/** The list an import fills (by name, in scope, writable), or none for a household import. */
async function targetList(ctx: Ctx, actor: Actor, target: ImportTarget, name: string | undefined) {
  if (target === 'households') return null;
  if (!name) throw invalid('import.list_required', {}, 'list');
  const list = await findListByName(ctx, actor, name);
  assertCanWrite(actor, list);
  return list;
}

/**
 * Starts an uploaded import: into a list (by name, in scope), or with target 'households' into the grids of the
 * importer's scope (each row names its grid). The job is queued for the job runner.
 */
export async function startImport(ctx: Ctx, actor: Actor, id: string, input: { list?: string; target?: ImportTarget; columns: Record<string, string>; saveMappingAs?: string }): Promise<ImportView> {
  const row = await uploaded(ctx, actor, id);
  const target = input.target ?? (input.list ? 'list' : (row.target as ImportTarget));
  const list = await targetList(ctx, actor, target, input.list);
  const headers = await withHead(ctx, row, (file) => headersOf(file, row.format as ImportFormat));
  const columns = completeColumns(input.columns, headers, target);
  if (input.saveMappingAs !== undefined) mappingName(input.saveMappingAs);
  const orgPath = list?.orgPath ?? row.orgPath;
  await inTransaction(ctx, async (tx) => {
    const n = await store.updateImport(tx.db, id, { status: 'queued', target, listId: list?.id ?? null, orgPath, columns: JSON.stringify(columns) }, ['uploaded']);
    if (!n) throw conflict('import.not_uploaded');
    if (input.saveMappingAs !== undefined) await saveMappingRow(tx, actor, input.saveMappingAs, columns);
    await recordAudit(tx, actor, { action: 'import.start', targetType: 'import', targetId: id, orgPath, detail: { fileName: row.fileName, ...(list ? { list: list.name } : { target }), bytes: Number(row.bytesTotal), columns } });
  });
  return toImportView((await store.importById(ctx.db, id))!);
}

/** For the CLI: an import of a file on this machine, created running (the CLI runs it in-process). */
export async function createFileImport(ctx: Ctx, actor: Actor, input: { file: string; list?: string; target?: ImportTarget; columns: ColumnMap | HouseholdColumnMap }): Promise<string> {
  requireDataRole(actor);
  const format = fileFormat(path.basename(input.file));
  if (!fs.existsSync(input.file)) throw invalid('import.file_missing', { file: input.file });
  const target = input.target ?? 'list';
  const list = await targetList(ctx, actor, target, input.list);
  const headers = await headersOf(input.file, format);
  const columns = completeColumns(input.columns as Record<string, string>, headers, target);
  const now = ctx.clock.now();
  const id = newId(now);
  const orgPath = list?.orgPath ?? commonPath(actor.scope.paths) ?? actor.scope.paths[0] ?? '/';
  await inTransaction(ctx, async (tx) => {
    await store.insertImport(tx.db, {
      id, listId: list?.id ?? null, orgPath, fileName: path.basename(input.file), filePath: path.resolve(input.file), format, columns: JSON.stringify(columns),
      status: 'running', bytesTotal: fs.statSync(input.file).size, bytesDone: 0, rowsRead: 0, rowsImported: 0, rowsUnchanged: 0, rowsRefused: 0,
      personsCreated: 0, candidates: 0, checkinsLinked: 0, target, addressesCreated: 0, error: null, createdBy: actor.userId, createdAt: now, startedAt: now, finishedAt: null, heartbeatAt: now,
    });
    await recordAudit(tx, actor, { action: 'import.start', targetType: 'import', targetId: id, orgPath, detail: { fileName: path.basename(input.file), ...(list ? { list: list.name } : { target }), columns } });
  });
  return id;
}

export async function listImports(ctx: Ctx, actor: Actor, limit = 100): Promise<ImportView[]> {
  requireDataRole(actor);
  return (await store.importsInScope(ctx.db, actor.scope, actor.userId, limit)).map(toImportView);
}

export async function getImport(ctx: Ctx, actor: Actor, id: string): Promise<ImportView> {
  return toImportView(await visible(ctx, actor, id));
}

/** The refused-row report: row, column (the file's header), reason (in the reader's language). Checked before
 * the first byte is sent, so an unknown or out-of-scope import is a plain 404. */
export async function refusalsCsv(ctx: Ctx, actor: Actor, id: string, locale: Locale): Promise<AsyncGenerator<string>> {
  const row = await visible(ctx, actor, id);
  async function* lines(): AsyncGenerator<string> {
    yield '\uFEFF' + csvRecord(['import.refusals.row', 'import.refusals.column', 'import.refusals.reason'].map((k) => formatMessage(locale, k)));
    let after: { rowNo: number; column: string } | null = null;
    for (;;) {
      const page = await store.refusalsPage(ctx.db, row.id, after, 5000);
      if (!page.length) return;
      yield page.map((r) => csvRecord([r.rowNo, r.columnName, formatMessage(locale, r.reason)])).join('');
      const last = page[page.length - 1];
      after = { rowNo: Number(last.rowNo), column: last.columnName };
    }
  }
  return lines();
}

export async function listMappings(ctx: Ctx, actor: Actor): Promise<{ name: string; columns: ColumnMap }[]> {
  requireDataRole(actor);
  return savedMappings(ctx);
}

export async function mappingByName(ctx: Ctx, name: string): Promise<ColumnMap> {
  const m = await store.mappingByName(ctx.db, name.normalize('NFKC').trim());
  if (!m) throw notFound('import.mapping.not_found', { name });
  return JSON.parse(m.columns) as ColumnMap;
}

export async function saveMapping(ctx: Ctx, actor: Actor, name: string, columns: Record<string, string>): Promise<{ name: string; columns: ColumnMap }> {
  requireDataRole(actor);
  const checked = checkColumns(columns);
  await saveMappingRow(ctx, actor, name, checked);
  return { name: mappingName(name), columns: checked };
}

/** How long an upload may wait for its mapping before its file (its chunks) is removed. */
export const UPLOAD_TTL_MS = 24 * 3_600_000;

/**
 * Removes the files of uploads nobody started within UPLOAD_TTL_MS: a list file is personal data, and an upload
 * left in the mapping step must not stay on the disk. The import row stays, failed, so the uploader sees why.
 */
export async function expireUploads(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const stale = await store.staleUploads(ctx.db, now - UPLOAD_TTL_MS);
  for (const s of stale) {
    // failed first, so an upload started meanwhile keeps its file
    const n = await store.updateImport(ctx.db, s.id, { status: 'failed', error: 'import.upload_expired', filePath: null, finishedAt: now }, ['uploaded']);
    if (!n) continue;
    if (s.filePath) fs.rmSync(s.filePath, { force: true });
    await deleteUpload(ctx, s.id);
  }
  await sweepUploadChunks(ctx, now - UPLOAD_TTL_MS);
  return stale.length;
}

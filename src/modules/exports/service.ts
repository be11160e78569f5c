// Exports of a filtered set as CSV or XLSX: masked by default; in clear only for the data team (admin, analyst)
// with a stated purpose. Each export is audited (what, how many rows, in clear or not, why) before its first row
// is written, and reads only the caller's scope. Rows are read in pages and written as they come: the memory an
// export takes does not grow with the set.
import type { Writable } from 'node:stream';
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden, invalid } from '../../core/errors.ts';
import { formatMessage, type Locale } from '../../core/messages.ts';
import { MIN_PURPOSE_LENGTH } from '../../core/reveal.ts';
import { commonPath } from '../../core/scope.ts';
import { latestDecisions } from '../decisions/service.ts';
import { findListByName, getList } from '../lists/service.ts';
import { resolveOrgCodes } from '../org/service.ts';
import { getSite } from '../sites/service.ts';
import { chinaTime } from './cells.ts';
import { CHECKIN_COLUMNS, checkinCells, ENTRY_COLUMNS, entryCells, header } from './columns.ts';
import { csvWriter } from './csv.ts';
import { CONTENT_TYPES, type ExportFormat, type SheetWriter } from './sheet.ts';
import * as store from './store.ts';
import { xlsxWriter } from './xlsx.ts';

export const EXPORT_KINDS = ['checkins', 'list_entries'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Everyone who reads reports may export them masked; only the data team may export values in clear. */
const EXPORTERS = new Set(['admin', 'analyst', 'commander']);
const CLEAR_EXPORTERS = new Set(['admin', 'analyst']);

/** Rows per page read from the store. */
const PAGE = 500;

export interface ExportFilter {
  /** check-ins: sites of this org unit and below */
  orgCode?: string;
  siteCode?: string;
  /** check-ins: checkpoint, community, floating, station */
  siteKind?: string;
  flagged?: boolean;
  /** list entries: the list, by id or by name */
  listId?: string;
  list?: string;
  /** ISO times: check-ins by their time, list entries by the time the person was listed */
  from?: string;
  to?: string;
}

const FIELDS: Record<ExportKind, readonly (keyof ExportFilter)[]> = {
  checkins: ['orgCode', 'siteCode', 'siteKind', 'flagged', 'from', 'to'],
  list_entries: ['listId', 'list', 'from', 'to'],
};

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  filter?: ExportFilter;
  reveal?: { purpose: string };
}

export interface PreparedExport {
  kind: ExportKind;
  format: ExportFormat;
  /** rows the file will hold (the set as counted when the export started) */
  rows: number;
  revealed: boolean;
  contentType: string;
  /** e.g. 登记记录-20261128-161005.csv, and an ASCII one for old clients */
  fileName: string;
  asciiFileName: string;
  /** Writes the file to `out` and ends it; resolves with the rows written. */
  write(out: Writable, onProgress?: (done: number, total: number) => void): Promise<number>;
}

function time(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid('validation.format', { field }, `filter.${field}`);
  return ms;
}

const stamp = (now: number) => chinaTime(now).replace(/[-:]/g, '').replace(' ', '-');
// eslint-disable-next-line no-control-regex -- control characters have no place in a file name
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60);

export async function prepareExport(ctx: Ctx, actor: Actor, req: ExportRequest, locale: Locale): Promise<PreparedExport> {
  if (!EXPORTERS.has(actor.role)) throw forbidden('export.forbidden');
  let purpose: string | null = null;
  if (req.reveal) {
    if (!CLEAR_EXPORTERS.has(actor.role)) throw forbidden('export.reveal_forbidden');
    purpose = req.reveal.purpose.trim();
    if (purpose.length < MIN_PURPOSE_LENGTH) throw invalid('reveal.purpose_required', { min: MIN_PURPOSE_LENGTH }, 'reveal.purpose');
  }
  const f = req.filter ?? {};
  const misplaced = (Object.keys(f) as (keyof ExportFilter)[]).find((k) => f[k] !== undefined && !FIELDS[req.kind].includes(k));
  if (misplaced) throw invalid('export.filter_field', { field: misplaced }, `filter.${misplaced}`);
  const from = time(f.from, 'from');
  const to = time(f.to, 'to');
  if (from !== undefined && to !== undefined && from >= to) throw invalid('export.bad_range', {}, 'filter.to');
  const clear = purpose !== null;
  const now = ctx.clock.now();

  let title: string;
  let columns: readonly string[];
  let bounds: store.SetBounds;
  let orgPath: string | null;
  let targetId: string | null = null;
  let pages: (after: string | null, lastId: string) => Promise<{ ids: string[]; cells: Parameters<SheetWriter['rows']>[0] }>;
  if (req.kind === 'checkins') {
    const unit = f.orgCode ? (await resolveOrgCodes(ctx, actor, [f.orgCode]))[0] : null;
    const site = f.siteCode ? await getSite(ctx, actor, f.siteCode) : null;
    const slice: store.CheckinSlice = { orgPath: unit?.path, siteCode: site?.code, kind: f.siteKind, flagged: f.flagged, from, to };
    bounds = await store.checkinBounds(ctx.db, actor.scope, slice);
    orgPath = unit?.path ?? commonPath(actor.scope.paths);
    title = formatMessage(locale, 'export.file.checkins');
    columns = CHECKIN_COLUMNS;
    pages = async (after, lastId) => {
      const rows = await store.checkinPage(ctx.db, actor.scope, slice, after, lastId, PAGE);
      const decisions = await latestDecisions(ctx, actor, rows.map((r) => r.id));
      return { ids: rows.map((r) => r.id), cells: rows.map((r) => checkinCells(ctx, locale, clear, r, decisions.get(r.id))) };
    };
  } else {
    if (!f.listId && !f.list) throw invalid('export.list_required', {}, 'filter.listId');
    const list = f.listId ? await getList(ctx, actor, f.listId) : await findListByName(ctx, actor, f.list!);
    const slice: store.EntrySlice = { listId: list.id, from, to };
    bounds = await store.entryBounds(ctx.db, actor.scope, slice);
    orgPath = list.orgPath;
    targetId = list.id;
    title = list.name;
    columns = ENTRY_COLUMNS;
    pages = async (after, lastId) => {
      const rows = await store.entryPage(ctx.db, actor.scope, slice, after, lastId, PAGE);
      return { ids: rows.map((r) => r.id), cells: rows.map((r) => entryCells(ctx, locale, clear, r)) };
    };
  }

  // Audited before the first row leaves: an export cut short still shows who took what, and why.
  const filter = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
  await recordAudit(ctx, actor, {
    action: 'export',
    targetType: req.kind === 'checkins' ? 'checkins' : 'list',
    targetId,
    purpose,
    orgPath,
    detail: { kind: req.kind, format: req.format, filter, rows: bounds.rows, revealed: clear },
  });

  const base = `${title}-${stamp(now)}`;
  return {
    kind: req.kind,
    format: req.format,
    rows: bounds.rows,
    revealed: clear,
    contentType: CONTENT_TYPES[req.format],
    fileName: `${safeName(base)}.${req.format}`,
    asciiFileName: `${req.kind === 'checkins' ? 'checkins' : 'list-entries'}-${stamp(now)}.${req.format}`,
    async write(out, onProgress) {
      const head = header(locale, columns);
      const sheet = req.format === 'csv' ? csvWriter(out, head) : xlsxWriter(out, head, title);
      let done = 0;
      let after: string | null = null;
      while (bounds.lastId) {
        const page = await pages(after, bounds.lastId);
        if (page.ids.length === 0) break;
        await sheet.rows(page.cells);
        done += page.ids.length;
        after = page.ids[page.ids.length - 1];
        onProgress?.(done, bounds.rows);
        if (page.ids.length < PAGE) break;
      }
      await sheet.end();
      return done;
    },
  };
}

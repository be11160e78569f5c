// Reports kept for download: asked for (a queued row the job runner builds after the answer), listed and read in
// the reader's scope, and downloaded (audited). A report about an org unit is visible to whoever's scope holds
// that unit: a county analyst never sees the city's report, which counts the other counties.
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { addDays, daysBetween, isDay, localDay } from '../../core/local-day.ts';
import { formatMessage, type Locale } from '../../core/messages.ts';
import { resolveOrgCodes } from '../org/service.ts';
import type { OrgUnitRow } from '../org/store.ts';
import * as store from './store.ts';

export const REPORT_KINDS = ['analysis', 'weekly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type ReportStatus = 'queued' | 'running' | 'done' | 'failed';

const READERS = new Set(['admin', 'commander', 'analyst']);
const MAX_DAYS = 366;

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ReportView {
  id: string;
  kind: ReportKind;
  org: { code: string; name: string };
  from: string;
  to: string;
  lang: Locale;
  status: ReportStatus;
  trigger: 'on_demand' | 'schedule';
  /** the user who asked; null for the schedule */
  requestedBy: string | null;
  title: string | null;
  /** why it failed, in the reader's language */
  error: string | null;
  pdfBytes: number | null;
  xlsxBytes: number | null;
  progress: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const iso = (ms: number | null) => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/** A failure is kept as a message code and its parameters, so each reader reads it in their language. */
export function errorOf(e: unknown): string {
  if (e instanceof DomainError) return JSON.stringify({ code: e.code, params: e.params });
  return JSON.stringify({ code: 'report.build_failed', params: { detail: String((e as Error)?.message ?? e).slice(0, 200) } });
}

function errorText(stored: string | null, locale: Locale): string | null {
  if (!stored) return null;
  try {
    const { code, params } = JSON.parse(stored) as { code: string; params?: Record<string, unknown> };
    return formatMessage(locale, code, params ?? {});
  } catch {
    return stored;
  }
}

export function toReportView(r: store.ReportRecord, locale: Locale): ReportView {
  return {
    id: r.id,
    kind: r.kind as ReportKind,
    org: { code: r.orgCode, name: r.orgName },
    from: r.fromDay,
    to: r.toDay,
    lang: r.lang as Locale,
    status: r.status as ReportStatus,
    trigger: r.trigger as ReportView['trigger'],
    requestedBy: r.requestedByName,
    title: r.title,
    error: errorText(r.error, locale),
    pdfBytes: r.pdfBytes === null ? null : Number(r.pdfBytes),
    xlsxBytes: r.xlsxBytes === null ? null : Number(r.xlsxBytes),
    progress: r.status === 'done' ? 100 : Number(r.progress ?? 0),
    createdAt: iso(r.createdAt)!,
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

export function requireReportReader(actor: Actor): void {
  if (!READERS.has(actor.role)) throw forbidden('report.forbidden');
}

/**
 * The period of a report: `to` a day not after today (China time); `from` by default the same day for the analysis
 * report and the 7 days ending `to` for the weekly dispatch; at most 366 days.
 */
export function reportPeriod(kind: ReportKind, from: string | undefined, to: string, today: string): { from: string; to: string } {
  const start = from ?? (kind === 'weekly' ? addDays(to, -6) : to);
  if (!isDay(to) || to > today) throw invalid('report.bad_period', {}, 'to');
  if (!isDay(start) || start > to || daysBetween(start, to) > MAX_DAYS) throw invalid('report.bad_period', {}, 'from');
  return { from: start, to };
}

/** An org unit in the actor's scope, by code; outside it reads as unknown. */
export async function unitInScope(ctx: Ctx, actor: Actor, code: string, field = 'org'): Promise<OrgUnitRow> {
  try {
    return (await resolveOrgCodes(ctx, actor, [code]))[0];
  } catch (e) {
    if (e instanceof DomainError && e.code === 'org.not_found') throw notFound('org.not_found', { code }, field);
    throw e;
  }
}

export interface ReportRequest {
  kind: ReportKind;
  org: string;
  from?: string;
  to: string;
  lang?: Locale;
}

/** Queues a report for the job runner; answers the row at once. */
export async function requestReport(ctx: Ctx, actor: Actor, input: ReportRequest, locale: Locale): Promise<ReportView> {
  requireReportReader(actor);
  const unit = await unitInScope(ctx, actor, input.org);
  const now = ctx.clock.now();
  const period = reportPeriod(input.kind, input.from, input.to, localDay(now));
  const id = newId(now);
  await store.insertReport(ctx.db, {
    id, kind: input.kind, orgUnitId: unit.id, orgPath: unit.path, fromDay: period.from, toDay: period.to, lang: input.lang ?? 'zh',
    status: 'queued', trigger: 'on_demand', scheduleKey: null, requestedBy: actor.userId, title: null, createdAt: now, startedAt: null,
    finishedAt: null, heartbeatAt: null, attempts: 0, error: null, pdfBytes: null, xlsxBytes: null, progress: 0,
  });
  return getReport(ctx, actor, id, locale);
}

async function visible(ctx: Ctx, actor: Actor, id: string): Promise<store.ReportRecord> {
  requireReportReader(actor);
  const row = await store.reportInScope(ctx.db, actor.scope, id);
  if (!row) throw notFound('report.not_found');
  return row;
}

export async function getReport(ctx: Ctx, actor: Actor, id: string, locale: Locale): Promise<ReportView> {
  return toReportView(await visible(ctx, actor, id), locale);
}

export interface ReportQuery {
  kind?: ReportKind;
  org?: string;
  before?: string;
  limit?: number;
}

/** Reports in the reader's scope, newest first, a page at a time (`nextBefore` asks for the next page). */
export async function listReports(ctx: Ctx, actor: Actor, q: ReportQuery, locale: Locale): Promise<{ items: ReportView[]; nextBefore: string | null }> {
  requireReportReader(actor);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const orgPath = q.org ? (await unitInScope(ctx, actor, q.org)).path : undefined;
  const rows = await store.reportsInScope(ctx.db, actor.scope, { kind: q.kind, orgPath, before: q.before, limit });
  const page = rows.slice(0, limit);
  return { items: page.map((r) => toReportView(r, locale)), nextBefore: rows.length > limit ? page[page.length - 1].id : null };
}


const KIND_WORDS: Record<Locale, Record<ReportKind, string>> = {
  zh: { analysis: '研判报告', weekly: '周调度' },
  en: { analysis: 'analysis-report', weekly: 'weekly-dispatch' },
};
// eslint-disable-next-line no-control-regex -- control characters have no place in a file name
const safeName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f\s]/g, '_').slice(0, 80);
const compact = (day: string) => day.replace(/-/g, '');

export interface ReportFile {
  data: Buffer;
  bytes: number;
  contentType: string;
  /** e.g. 研判报告-呼和浩特市-20261127-20261127.pdf, and an ASCII one for old clients */
  fileName: string;
  asciiFileName: string;
}

/** A finished report's file, for download: audited as report.downloaded. */
export async function reportFile(ctx: Ctx, actor: Actor, id: string, format: ReportFormat): Promise<ReportFile> {
  const row = await visible(ctx, actor, id);
  if (row.status !== 'done') throw conflict('report.not_ready');
  const data = await store.reportFileData(ctx.db, row.id, format);
  if (!data) throw notFound('report.file_missing');
  await recordAudit(ctx, actor, {
    action: 'report.downloaded',
    targetType: 'report',
    targetId: row.id,
    orgPath: row.orgPath,
    detail: { kind: row.kind, org: row.orgCode, from: row.fromDay, to: row.toDay, format },
  });
  const lang = row.lang as Locale;
  const period = `${compact(row.fromDay)}-${compact(row.toDay)}`;
  return {
    data,
    bytes: data.length,
    contentType: CONTENT_TYPES[format],
    fileName: `${safeName(`${KIND_WORDS[lang][row.kind as ReportKind]}-${row.orgName}`)}-${period}.${format}`,
    asciiFileName: `${row.kind}-${safeName(row.orgCode)}-${period}.${format}`,
  };
}

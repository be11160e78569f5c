// The contact list of a trace as CSV or XLSX: like every export, masked unless a data-team member states a purpose,
// audited before the first row, escaped against formulas (the sheet writers do it). Routed contacts are listed by
// their unit only, as on screen.
import { PassThrough } from 'node:stream';
import { recordAudit } from '../../core/audit.ts';
import type { Actor, Ctx } from '../../core/context.ts';
import { forbidden } from '../../core/errors.ts';
import type { Locale } from '../../core/messages.ts';
import { chinaTime } from '../exports/cells.ts';
import { csvWriter } from '../exports/csv.ts';
import { CONTENT_TYPES, type ExportFormat } from '../exports/sheet.ts';
import { xlsxWriter } from '../exports/xlsx.ts';
import { requirePeopleReader } from '../lists/service.ts';
import { checkPurpose } from '../people/read-service.ts';
import { traceInScope } from './service.ts';
import type { Contact } from './types.ts';
import { traceView } from './view.ts';

const HEADERS: Record<Locale, string[]> = {
  zh: ['度', '暴露评分', '姓名', '证件号码', '电话', '责任单位', '移交单位', '暴露方式', '首次暴露', '末次暴露', '证据'],
  en: ['Degree', 'Score', 'Name', 'ID number', 'Phone', 'Responsible unit', 'Routed to', 'Exposures', 'First exposure', 'Last exposure', 'Evidence'],
};

const evidenceText = (c: Contact) =>
  c.evidence.map((e) => `${e.how}@${e.site ?? '-'} ${chinaTime(Date.parse(e.times.contact[0]))} (${e.minutes} min, +${Math.round(e.weight * 100)}%)`).join('; ');

export async function exportTraceContacts(ctx: Ctx, actor: Actor, id: string, q: { format: ExportFormat; reveal?: boolean; purpose?: string }, locale: Locale) {
  requirePeopleReader(actor);
  let why: string | null = null;
  if (q.reveal) {
    if (actor.role !== 'admin' && actor.role !== 'analyst') throw forbidden('export.reveal_forbidden');
    why = checkPurpose(q.purpose ?? '');
  }
  const row = await traceInScope(ctx, actor, id);
  const view = await traceView(ctx, actor, row, { reveal: !!why });
  await recordAudit(ctx, actor, {
    action: 'export', targetType: 'trace', targetId: id, purpose: why, orgPath: row.orgPath,
    detail: { kind: 'trace_contacts', format: q.format, rows: view.contacts.length, clear: !!why },
  });
  const body = new PassThrough();
  const header = HEADERS[locale];
  const sheet = q.format === 'xlsx' ? xlsxWriter(body, header, locale === 'zh' ? '密接名单' : 'Contacts') : csvWriter(body, header);
  const rows = view.contacts.map((c) => [
    c.degree, c.score, c.person?.name ?? '', (why ? c.idNumber : c.person?.idNumber) ?? '', c.person?.phone ?? '', c.orgUnit?.name ?? '', c.routedTo?.name ?? '',
    c.kinds.join(', '), chinaTime(Date.parse(c.firstAt)), chinaTime(Date.parse(c.lastAt)), evidenceText(c),
  ]);
  void sheet.rows(rows).then(() => sheet.end()).catch((e: unknown) => body.destroy(e as Error));
  const stamp = chinaTime(ctx.clock.now()).replace(/[-: ]/g, '');
  return { body, contentType: CONTENT_TYPES[q.format], fileName: `${locale === 'zh' ? '密接名单' : 'contacts'}-${stamp}.${q.format}`, asciiFileName: `contacts-${stamp}.${q.format}`, rows: rows.length };
}

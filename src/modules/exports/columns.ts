// The columns of each kind of export and how one stored row becomes one line of cells: masked unless the export
// is in clear, labels and coded values in the request's language, times in China Standard Time.
import type { Ctx } from '../../core/context.ts';
import { maskIdNumber, maskName, maskPhone, maskPlate } from '../../core/masking.ts';
import { formatMessage, type Locale } from '../../core/messages.ts';
import { openPii } from '../checkins/pii.ts';
import type { DecisionView } from '../decisions/service.ts';
import { pathName } from '../divisions/service.ts';
import { openEntryPii } from '../lists/pii.ts';
import { chinaTime, type CellValue } from './cells.ts';
import type { CheckinExportRow, EntryExportRow } from './store.ts';

export const CHECKIN_COLUMNS = ['time', 'siteCode', 'site', 'kind', 'direction', 'name', 'idNumber', 'phone', 'plate', 'temperature', 'flags', 'origin', 'destination', 'decision'] as const;
export const ENTRY_COLUMNS = ['list', 'name', 'idNumber', 'phone', 'origin', 'listedAt', 'source', 'created', 'ended'] as const;

/** What this export reads of a list entry's sealed document: the row's values as received. */
interface EntryPii {
  name?: string;
  idNumber?: string;
  phone?: string;
}

export function header(locale: Locale, columns: readonly string[]): string[] {
  return columns.map((c) => formatMessage(locale, `export.col.${c}`));
}

/** A coded value in words ("export.flag.fever" -> 发热); an unknown code is shown as it is. */
function word(locale: Locale, group: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `export.${group}.${code}`;
  const text = formatMessage(locale, key);
  return text === key ? code : text;
}

/** 内蒙古自治区呼和浩特市新城区 (150102); the code alone when it names no known division. */
function place(code: string | null): string {
  if (!code) return '';
  const name = pathName(code, '');
  return name ? `${name} (${code})` : code;
}

const clearOr = (clear: boolean, value: string | null | undefined, mask: (v: string | null) => string | null): string => (clear ? value : mask(value ?? null)) ?? '';

export function checkinCells(ctx: Ctx, locale: Locale, clear: boolean, r: CheckinExportRow, decision: DecisionView | undefined): CellValue[] {
  const pii = openPii(ctx, r);
  const flags = JSON.parse(r.flags) as string[];
  const temperature = r.temperature === null ? null : Math.round(Number(r.temperature) * 10) / 10;
  return [
    chinaTime(Number(r.at)),
    r.siteCode,
    r.siteName,
    word(locale, 'kind', r.kind),
    word(locale, 'direction', r.direction),
    clearOr(clear, pii.name, maskName),
    clearOr(clear, pii.idNumber, maskIdNumber),
    clearOr(clear, pii.phone, maskPhone),
    clearOr(clear, pii.plate, maskPlate),
    temperature,
    flags.map((f) => word(locale, 'flag', f)).join(locale === 'zh' ? '、' : ', '),
    place(r.origin),
    place(r.destination),
    decision ? `${word(locale, 'decision', decision.decision)} (${decision.by.displayName})` : '',
  ];
}

export function entryCells(ctx: Ctx, locale: Locale, clear: boolean, r: EntryExportRow): CellValue[] {
  const pii: EntryPii = openEntryPii(ctx, r);
  return [
    r.listName,
    clearOr(clear, pii.name, maskName),
    clearOr(clear, pii.idNumber, maskIdNumber),
    clearOr(clear, pii.phone, maskPhone),
    place(r.origin),
    chinaTime(r.listedAt === null ? null : Number(r.listedAt)),
    word(locale, 'source', r.source),
    chinaTime(Number(r.createdAt)),
    chinaTime(r.endedAt === null ? null : Number(r.endedAt)),
  ];
}

// One row of a list file -> the normalised record, or the reasons it is refused (per column of the file).
// The validators are the registration ones: a list does not get in what a phone could not register. Pure: no I/O.
import { reasonCode } from '../../core/validation/result.ts';
import { validateIdNumber, type IdType } from '../../core/validation/id-number.ts';
import { validatePhone } from '../../core/validation/phone.ts';
import type { ColumnMap, ImportField } from './fields.ts';
import { IMPORT_FIELDS } from './fields.ts';
import { resolveOrigin } from './origin.ts';

/** A row as imported; its canonical JSON (this key order) is what makes the row key. */
export interface ImportRecord {
  name: string;
  idType: IdType | null;
  idNumber: string | null;
  phone: string | null;
  gender: 'male' | 'female' | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  address: string | null;
  /** GB/T 2260 code */
  origin: string | null;
  /** epoch ms */
  listedAt: number | null;
  note: string | null;
}

export interface Refusal {
  /** the file's header of the column at fault */
  column: string;
  /** message code */
  reason: string;
}

export type RowCheck = { ok: true; record: ImportRecord } | { ok: false; refusals: Refusal[] };

export const ID_TYPES: Record<string, IdType> = {
  身份证: 'resident_id', 居民身份证: 'resident_id', 二代身份证: 'resident_id', 身份证号: 'resident_id', resident_id: 'resident_id', residentid: 'resident_id', id: 'resident_id', idcard: 'resident_id',
  护照: 'passport', passport: 'passport',
  港澳通行证: 'hk_macao_permit', 港澳居民来往内地通行证: 'hk_macao_permit', 回乡证: 'hk_macao_permit', hk_macao_permit: 'hk_macao_permit',
  台胞证: 'taiwan_permit', 台湾居民来往大陆通行证: 'taiwan_permit', taiwan_permit: 'taiwan_permit',
  外国人永久居留身份证: 'foreign_permanent', 外国人永久居留证: 'foreign_permanent', 永居证: 'foreign_permanent', foreign_permanent: 'foreign_permanent',
  其他: 'other', 其它: 'other', other: 'other',
};

const GENDERS: Record<string, 'male' | 'female'> = { 男: 'male', 男性: 'male', m: 'male', male: 'male', 1: 'male', 女: 'female', 女性: 'female', f: 'female', female: 'female', 2: 'female' };

const CHINA_OFFSET = 8 * 3600_000;
const FULL_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:(?:\s+|T)(\d{1,2})[:时](\d{2})(?:[:分](\d{2})(?:\.\d+)?秒?)?分?)?(?:Z|\+08:?00)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})()()()$/;
const validYmd = (y: number, m: number, d: number) => {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/**
 * A date or date-time as lists write it, in China time: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日,
 * 2026-11-20 08:30[:00], 2026-11-20T08:30:00 (what the XLSX reader writes), 20261120, or an Excel serial number.
 * Returns epoch ms, or null when it is none of these.
 */
export function parseDateTime(raw: string): number | null {
  const v = raw.normalize('NFKC').trim();
  const m = FULL_DATE.exec(v) ?? COMPACT_DATE.exec(v);
  if (m) {
    const [Y, M, D, H, I, S] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
    if (!validYmd(Y, M, D) || H > 23 || I > 59 || S > 59) return null;
    return Date.UTC(Y, M - 1, D, H, I, S) - CHINA_OFFSET;
  }
  // Excel serial: days since 1899-12-30 (the 1900 leap-year bug included), fraction = time of day
  if (/^\d{1,5}(\.\d+)?$/.test(v)) {
    const serial = Number(v);
    if (serial >= 1 && serial < 73051) return Math.round((serial - 25569) * 86400_000) - CHINA_OFFSET;
  }
  return null;
}

/** YYYY-MM-DD of an epoch ms, in China time. */
export function chinaDate(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

const text = (raw: string | undefined) => (raw ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ');

export interface RowValidator {
  (cells: string[]): RowCheck;
}

/**
 * A validator for one file: the header positions are looked up once. `headers` are the file's header row,
 * `columns` the mapping field -> header. `now` bounds dates (no birth in the future).
 */
export function rowValidator(headers: string[], columns: ColumnMap, opts: { now: number }): RowValidator {
  const index = {} as Record<ImportField, number>;
  for (const f of IMPORT_FIELDS) index[f] = columns[f] !== undefined ? headers.indexOf(columns[f]!) : -1;
  const header = (f: ImportField) => columns[f] ?? f;
  const cell = (cells: string[], f: ImportField) => (index[f] >= 0 ? text(cells[index[f]]) : '');
  const tooLong = (v: string, max: number) => Array.from(v).length > max;

  return (cells) => {
    const refusals: Refusal[] = [];
    const refuse = (f: ImportField, reason: string) => refusals.push({ column: header(f), reason });

    const name = cell(cells, 'name');
    if (!name) refuse('name', 'import.name.empty');
    else if (tooLong(name, 50)) refuse('name', 'import.name.too_long');

    let idType: IdType | null = null;
    let idNumber: string | null = null;
    const rawId = cell(cells, 'idNumber');
    const rawType = cell(cells, 'idType');
    if (rawId) {
      const type = rawType ? ID_TYPES[rawType.replace(/\s/g, '').toLowerCase()] : 'resident_id';
      if (!type) refuse('idType', 'import.id_type.unknown');
      else {
        const r = validateIdNumber(type, rawId, { now: opts.now });
        if (r.ok) [idType, idNumber] = [type, r.value];
        else refuse('idNumber', reasonCode(r.reason));
      }
    }

    let phone: string | null = null;
    const rawPhone = cell(cells, 'phone');
    if (rawPhone) {
      const r = validatePhone(rawPhone);
      if (r.ok) phone = r.value;
      else refuse('phone', reasonCode(r.reason));
    }
    if (!rawId && !rawPhone) refuse(columns.idNumber ? 'idNumber' : 'phone', 'import.id_or_phone.missing');

    let gender: ImportRecord['gender'] = null;
    const rawGender = cell(cells, 'gender');
    if (rawGender) {
      gender = GENDERS[rawGender.toLowerCase()] ?? null;
      if (!gender) refuse('gender', 'import.gender.unknown');
    }

    let birthDate: string | null = null;
    const rawBirth = cell(cells, 'birthDate');
    if (rawBirth) {
      const t = parseDateTime(rawBirth);
      if (t === null) refuse('birthDate', 'import.date.format');
      else if (t > opts.now) refuse('birthDate', 'import.date.future');
      else birthDate = chinaDate(t);
    }

    let origin: string | null = null;
    const rawOrigin = cell(cells, 'origin');
    if (rawOrigin) {
      const r = resolveOrigin(rawOrigin);
      if (r.ok) origin = r.code;
      else refuse('origin', r.reason);
    }

    let listedAt: number | null = null;
    const rawListed = cell(cells, 'listedAt');
    if (rawListed) {
      listedAt = parseDateTime(rawListed);
      if (listedAt === null) refuse('listedAt', 'import.date.format');
    }

    const address = cell(cells, 'address') || null;
    if (address && tooLong(address, 200)) refuse('address', 'import.text.too_long');
    const note = cell(cells, 'note') || null;
    if (note && tooLong(note, 500)) refuse('note', 'import.text.too_long');

    if (refusals.length) return { ok: false, refusals };
    return { ok: true, record: { name, idType, idNumber, phone, gender, birthDate, address, origin, listedAt, note } };
  };
}

/** The row's identity within its list: the same values give the same JSON, whatever the file's spelling. */
export function canonicalJson(r: ImportRecord): string {
  return JSON.stringify([r.name, r.idType, r.idNumber, r.phone, r.gender, r.birthDate, r.address, r.origin, r.listedAt, r.note]);
}
